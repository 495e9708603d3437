import type { Knex } from 'knex';

type Waiter<Row> = { resolve: (rows: Row[]) => void; reject: (err: unknown) => void };

/**
 * Reads that arrive in the same turn of the event loop under equal keys go to the database as one
 * query for all their ids (as a DataLoader does): the worker's runs that prepare together read their
 * rows once. Each caller gets every row loaded and picks its own.
 */
export class BatchedRead<Key, Id, Row> {
  private readonly pending = new Map<string, { key: Key; ids: Set<Id>; waiters: Waiter<Row>[] }>();

  /** `identify` says which keys are equal (say, two scopes of the same account). */
  constructor(
    private readonly load: (key: Key, ids: Id[]) => Promise<Row[]>,
    private readonly identify: (key: Key) => string,
  ) {}

  read(key: Key, ids: Id[]): Promise<Row[]> {
    return new Promise<Row[]>((resolve, reject) => {
      const identity = this.identify(key);
      let batch = this.pending.get(identity);
      if (!batch) {
        const created = { key, ids: new Set<Id>(), waiters: [] as Waiter<Row>[] };
        this.pending.set(identity, (batch = created));
        setImmediate(() => {
          this.pending.delete(identity);
          this.load(created.key, [...created.ids]).then(
            (rows) => created.waiters.forEach((waiter) => waiter.resolve(rows)),
            (err: unknown) => created.waiters.forEach((waiter) => waiter.reject(err)),
          );
        });
      }
      for (const id of ids) batch.ids.add(id);
      batch.waiters.push({ resolve, reject });
    });
  }
}

/** A BatchedRead per database, made on first use (tests run several apps in one process). */
export function batchedReadPerDatabase<Key, Id, Row>(
  load: (knex: Knex, key: Key, ids: Id[]) => Promise<Row[]>,
  identify: (key: Key) => string,
): (knex: Knex) => BatchedRead<Key, Id, Row> {
  const reads = new WeakMap<Knex, BatchedRead<Key, Id, Row>>();
  return (knex) => {
    let read = reads.get(knex);
    if (!read) reads.set(knex, (read = new BatchedRead((key, ids) => load(knex, key, ids), identify)));
    return read;
  };
}
