import type { Knex } from 'knex';
import { inTransaction } from './index';

interface Waiting<I, O> {
  item: I;
  resolve: (outcome: O) => void;
  reject: (err: unknown) => void;
}

export interface GroupCommitOptions<I, O> {
  /** Writes one item on its own, opening any transaction it needs; by default `write` of the one item in a transaction. */
  writeOne?: (knex: Knex, item: I) => Promise<O>;
  maxBatch?: number;
  /**
   * False: a batch is written without a transaction, for writes that are safe to leave half done
   * (each statement stands on its own) and to write again item by item after that.
   */
  transaction?: boolean;
}

/**
 * Group commit: writes that share a key (an account) and arrive while one of theirs is being written
 * wait, and go together in the next transaction. An idle process writes each item at once; a busy
 * one writes many per transaction, and per lock of a row they all take (the account's wallet), in
 * fewer statements. Keys never wait for each other.
 *
 * `write` gets the items in arrival order and returns one outcome per item. It may take short cuts
 * that only hold for a batch and throw when one does not apply: a batch that fails is written again
 * item by item, so every caller gets its own item's outcome or error.
 */
export class GroupCommit<K, I, O> {
  private readonly queues = new Map<K, Waiting<I, O>[]>();
  private readonly writeOne: (knex: Knex, item: I) => Promise<O>;
  private readonly maxBatch: number;
  private readonly transaction: boolean;

  /** `write` runs in a transaction, unless `options.transaction` is false. */
  constructor(
    private readonly knex: Knex,
    private readonly write: (db: Knex, items: I[]) => Promise<O[]>,
    options: GroupCommitOptions<I, O> = {},
  ) {
    this.writeOne = options.writeOne ?? (async (db, item) => (await inTransaction(db, (trx) => write(trx, [item])))[0]!);
    this.maxBatch = options.maxBatch ?? 50;
    this.transaction = options.transaction ?? true;
  }

  run(key: K, item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      this.queues.set(key, [{ item, resolve, reject }]);
      // After this turn of the event loop: items that arrive in the same turn (replies read together) go together.
      setImmediate(() => void this.drain(key));
    });
  }

  /** Writes the key's waiting items batch after batch; the key's queue exists while this runs. */
  private async drain(key: K): Promise<void> {
    const queue = this.queues.get(key)!;
    while (queue.length > 0) {
      const batch = queue.splice(0, this.maxBatch);
      if (batch.length === 1 || !(await this.flush(batch))) {
        for (const waiting of batch) await this.writeOne(this.knex, waiting.item).then(waiting.resolve, waiting.reject);
      }
    }
    this.queues.delete(key);
  }

  /** Writes a batch in one transaction (or none); false when it failed (and, in a transaction, nothing of it was written). */
  private async flush(batch: Waiting<I, O>[]): Promise<boolean> {
    // A failed batch is written again item by item, where each item's own error reaches its caller.
    const items = batch.map((waiting) => waiting.item);
    const outcomes = await (this.transaction ? inTransaction(this.knex, (trx) => this.write(trx, items)) : this.write(this.knex, items)).catch(
      () => null,
    );
    if (!outcomes) return false;
    batch.forEach((waiting, index) => waiting.resolve(outcomes[index]!));
    return true;
  }
}
