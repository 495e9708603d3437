import type { Redis } from 'ioredis';
import type { Logger } from './logger';
import { withTimeout } from './timeout';

export interface ThrottleHit {
  count: number;
  /** Seconds until the current window closes. */
  resetSeconds: number;
}

/** Fixed-window request counters: in Redis when configured, in memory on the embedded default. */
export interface ThrottleStore {
  hit(key: string, windowSeconds: number): Promise<ThrottleHit>;
  close(): Promise<void>;
}

/** How long a request waits for the throttle counter before it goes ahead uncounted. */
const REDIS_WAIT_MS = 250;

export class RedisThrottleStore implements ThrottleStore {
  private lastWarning = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  async hit(key: string, windowSeconds: number): Promise<ThrottleHit> {
    const fullKey = `${this.prefix}throttle:${key}`;
    try {
      // SET NX starts the window with its expiry; INCR and PTTL then read it in the same round trip.
      const results = await withTimeout(
        this.redis.multi().set(fullKey, 0, 'EX', windowSeconds, 'NX').incr(fullKey).pttl(fullKey).exec(),
        REDIS_WAIT_MS,
        `Redis did not answer within ${REDIS_WAIT_MS} ms`,
      );
      const count = Number(results?.[1]?.[1] ?? 1);
      const ttl = Number(results?.[2]?.[1] ?? windowSeconds * 1000);
      return { count, resetSeconds: Math.max(1, Math.ceil((ttl > 0 ? ttl : windowSeconds * 1000) / 1000)) };
    } catch (err) {
      // Rate limiting is a guard, not the service: while Redis is away, requests go through uncounted.
      if (Date.now() - this.lastWarning > 30_000) {
        this.lastWarning = Date.now();
        this.logger.warn({ err }, 'throttle counters unavailable; requests are not being counted');
      }
      return { count: 0, resetSeconds: windowSeconds };
    }
  }

  async close(): Promise<void> {
    // The Redis connection is shared and closed by its owner.
  }
}

export class MemoryThrottleStore implements ThrottleStore {
  private readonly windows = new Map<string, { count: number; resetsAt: number }>();
  private readonly sweeper = setInterval(() => this.sweep(), 60_000).unref();

  async hit(key: string, windowSeconds: number): Promise<ThrottleHit> {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.resetsAt <= now) {
      window = { count: 0, resetsAt: now + windowSeconds * 1000 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetSeconds: Math.max(1, Math.ceil((window.resetsAt - now) / 1000)) };
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.windows.clear();
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, window] of this.windows) if (window.resetsAt <= now) this.windows.delete(key);
  }
}
