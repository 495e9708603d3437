import { startTestApp, type TestContext } from '../../test/harness';
import { insertReturningIds } from './index';

/** Several rows in one INSERT, their ids in the rows' order, on the run's database (MySQL or SQLite). */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
  await ctx.services.knex.schema.createTable('returning_ids_test', (table) => {
    table.increments('id');
    table.string('label', 32).notNullable();
  });
});
afterAll(async () => {
  await ctx.services.knex.schema.dropTableIfExists('returning_ids_test');
  await ctx.close();
});

const labelsById = async (ids: number[]) =>
  new Map(
    ((await ctx.services.knex('returning_ids_test').whereIn('id', ids).select('id', 'label')) as { id: number; label: string }[]).map((row) => [
      Number(row.id),
      row.label,
    ]),
  );

it('returns each row its own id, in order, also while other writers insert into the same table', async () => {
  const writers = Array.from({ length: 8 }, (_, writer) => Array.from({ length: 25 }, (__, row) => ({ label: `w${writer} r${row}` })));
  const ids = await Promise.all(writers.map((rows) => ctx.services.knex.transaction((trx) => insertReturningIds(trx, 'returning_ids_test', rows))));
  const stored = await labelsById(ids.flat());
  expect(stored.size).toBe(200);
  writers.forEach((rows, writer) => expect(ids[writer]!.map((id) => stored.get(id))).toEqual(rows.map((row) => row.label)));
});

it('handles one row and none', async () => {
  const [id] = await insertReturningIds(ctx.services.knex, 'returning_ids_test', [{ label: 'alone' }]);
  expect((await labelsById([id!])).get(id!)).toBe('alone');
  expect(await insertReturningIds(ctx.services.knex, 'returning_ids_test', [])).toEqual([]);
});
