import type { Knex } from 'knex';

/**
 * Rows that every AI run reads and that change rarely (credit costs, an account's provider settings,
 * prompts and voice) are remembered in the process for a few seconds, instead of being read again
 * for every request and job. Writes in this process forget them at once; other processes (a worker,
 * another API instance) see a change within the TTL. Kept per database, so test apps never share.
 */
export const CONFIG_TTL_MS = 5000;
const MAX_ENTRIES = 10_000;

interface Entry {
  value: Promise<unknown>;
  expiresAt: number;
}

const caches = new WeakMap<object, Map<string, Entry>>();

function cacheOf(knex: Knex): Map<string, Entry> {
  // Keyed by the connection settings, which a transaction shares with the knex it came from.
  const root = knex.client.config as object;
  let cache = caches.get(root);
  if (!cache) caches.set(root, (cache = new Map()));
  return cache;
}

/**
 * The value under `key`, loaded when missing or older than `ttlMs`. A failed load is not remembered,
 * nor a value `remember` refuses. Inside a transaction the row is read afresh (it may be about to
 * change there), unless `inTransactions` says the rows are never written in the same transaction
 * as they are read.
 */
export function cached<T>(
  knex: Knex,
  key: string,
  load: () => PromiseLike<T>,
  options: { ttlMs?: number; inTransactions?: boolean; remember?: (value: T) => boolean } = {},
): Promise<T> {
  if (knex.isTransaction && !options.inTransactions) return Promise.resolve(load());
  const ttlMs = options.ttlMs ?? CONFIG_TTL_MS;
  const cache = cacheOf(knex);
  const now = Date.now();
  const found = cache.get(key);
  if (found && found.expiresAt > now) return found.value as Promise<T>;
  if (cache.size >= MAX_ENTRIES) cache.clear(); // a crude bound: the next reads fill it again
  const value = Promise.resolve(load());
  cache.set(key, { value, expiresAt: now + ttlMs });
  const drop = () => {
    if (cache.get(key)?.value === value) cache.delete(key);
  };
  value.then((loaded) => {
    if (options.remember && !options.remember(loaded)) drop();
  }, drop);
  return value;
}

/** Forgets `key`, or every key starting with it when it ends with ':'. */
export function forget(knex: Knex, key: string): void {
  const cache = cacheOf(knex);
  if (!key.endsWith(':')) {
    cache.delete(key);
    return;
  }
  for (const name of cache.keys()) if (name.startsWith(key)) cache.delete(name);
}
