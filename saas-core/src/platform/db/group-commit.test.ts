import type { Knex } from 'knex';
import { startTestApp, type TestContext } from '../../test/harness';
import { GroupCommit } from './group-commit';

/** Group commit on the run's database: batches, their fallback item by item, and keys that never wait for each other. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
  await ctx.services.knex.schema.createTable('group_commit_test', (table) => {
    table.increments('id');
    table.string('label', 32).notNullable().unique();
  });
});
afterAll(async () => {
  await ctx.services.knex.schema.dropTableIfExists('group_commit_test');
  await ctx.close();
});

const labels = async () =>
  ((await ctx.services.knex('group_commit_test').orderBy('id').select('label')) as { label: string }[]).map((row) => row.label);

/** Inserts each label, in one statement per batch; a label starting with "bad" fails its whole batch. */
function inserter(batches: string[][]) {
  return new GroupCommit<string, string, string>(ctx.services.knex, async (trx: Knex, items: string[]) => {
    batches.push(items);
    await trx('group_commit_test').insert(items.map((label) => ({ label })));
    if (items.some((label) => label.startsWith('bad'))) throw new Error(`refused ${items.filter((label) => label.startsWith('bad')).join()}`);
    return items.map((label) => `saved ${label}`);
  });
}

beforeEach(async () => {
  await ctx.services.knex('group_commit_test').delete();
});

it('writes what arrives together in one transaction, and each caller gets its own outcome', async () => {
  const batches: string[][] = [];
  const commit = inserter(batches);
  const outcomes = await Promise.all(['a', 'b', 'c'].map((label) => commit.run('account 1', label)));
  expect(outcomes).toEqual(['saved a', 'saved b', 'saved c']);
  expect(batches).toEqual([['a', 'b', 'c']]);
  // What arrives while a batch is being written goes in the next one.
  const first = commit.run('account 1', 'd');
  await new Promise((resolve) => setImmediate(resolve));
  const later = ['e', 'f'].map((label) => commit.run('account 1', label));
  await Promise.all([first, ...later]);
  expect(batches.slice(1)).toEqual([['d'], ['e', 'f']]);
  expect(await labels()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
});

it('writes a batch that fails again item by item: the others are saved, the failing one gets its error', async () => {
  const batches: string[][] = [];
  const commit = inserter(batches);
  const outcomes = await Promise.allSettled(['x', 'bad-y', 'z'].map((label) => commit.run('account 1', label)));
  expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : (outcome.reason as Error).message))).toEqual([
    'saved x',
    'refused bad-y',
    'saved z',
  ]);
  expect(batches).toEqual([['x', 'bad-y', 'z'], ['x'], ['bad-y'], ['z']]);
  // Nothing of the failed batch, nor of the failed item, was kept.
  expect(await labels()).toEqual(['x', 'z']);
});

it('writes a lone item with writeOne when given, and keys never wait for each other', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const written: string[] = [];
  const commit = new GroupCommit<string, string, string>(
    ctx.services.knex,
    async (_trx, items) => {
      written.push(`batch ${items.join()}`);
      return items;
    },
    {
      writeOne: async (_knex, item) => {
        if (item === 'slow') await gate;
        written.push(`alone ${item}`);
        return item;
      },
    },
  );
  const slow = commit.run('account 1', 'slow');
  await new Promise((resolve) => setImmediate(resolve));
  const queued = commit.run('account 1', 'behind slow');
  expect(await commit.run('account 2', 'other')).toBe('other');
  expect(written).toEqual(['alone other']);
  release();
  expect(await Promise.all([slow, queued])).toEqual(['slow', 'behind slow']);
  expect(written).toEqual(['alone other', 'alone slow', 'alone behind slow']);
});

it('without a transaction, keeps what a failed batch wrote before it failed, and writes the batch again item by item', async () => {
  const batches: string[][] = [];
  const commit = new GroupCommit<string, string, string>(
    ctx.services.knex,
    async (db, items) => {
      batches.push(items);
      for (const label of items) {
        if (label.startsWith('bad')) throw new Error(`refused ${label}`);
        await db('group_commit_test').insert({ label: items.length > 1 ? `${label} (batch)` : label });
      }
      return items.map((label) => `saved ${label}`);
    },
    { transaction: false },
  );
  const outcomes = await Promise.allSettled(['p', 'bad-q', 'r'].map((label) => commit.run('account 1', label)));
  expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : (outcome.reason as Error).message))).toEqual([
    'saved p',
    'refused bad-q',
    'saved r',
  ]);
  expect(batches).toEqual([['p', 'bad-q', 'r'], ['p'], ['bad-q'], ['r']]);
  expect(await labels()).toEqual(['p (batch)', 'p', 'r']);
});
