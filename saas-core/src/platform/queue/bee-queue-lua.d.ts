/** bee-queue's own loader of its Lua scripts: after Redis restarts they must be loaded again. */
declare module 'bee-queue/lib/lua' {
  export function buildCache(client: unknown): Promise<void>;
}
