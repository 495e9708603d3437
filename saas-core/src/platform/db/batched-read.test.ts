import { BatchedRead } from './batched-read';

/** Which reads reach the loader, and with which ids. */
function recorder(fail?: string) {
  const loads: { key: string; ids: number[] }[] = [];
  const reads = new BatchedRead<{ account: number }, number, string>(
    async (key, ids) => {
      loads.push({ key: `account ${key.account}`, ids });
      if (fail && key.account === 99) throw new Error(fail);
      return ids.map((id) => `row ${id}`);
    },
    (key) => String(key.account),
  );
  return { reads, loads };
}

it('loads reads of equal keys in the same turn once, for all their ids, and keeps other keys apart', async () => {
  const { reads, loads } = recorder();
  const [one, two, other] = await Promise.all([
    reads.read({ account: 1 }, [10, 11]),
    reads.read({ account: 1 }, [11, 12]),
    reads.read({ account: 2 }, [20]),
  ]);
  expect(loads).toEqual([
    { key: 'account 1', ids: [10, 11, 12] },
    { key: 'account 2', ids: [20] },
  ]);
  expect(one).toEqual(['row 10', 'row 11', 'row 12']);
  expect(two).toBe(one);
  expect(other).toEqual(['row 20']);
  // A later turn is a new load.
  await reads.read({ account: 1 }, [13]);
  expect(loads.at(-1)).toEqual({ key: 'account 1', ids: [13] });
});

it('gives every reader of a failed load its error', async () => {
  const { reads } = recorder('database went away');
  const outcomes = await Promise.allSettled([reads.read({ account: 99 }, [1]), reads.read({ account: 99 }, [2]), reads.read({ account: 1 }, [3])]);
  expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : (outcome.reason as Error).message))).toEqual([
    'database went away',
    'database went away',
    ['row 3'],
  ]);
});
