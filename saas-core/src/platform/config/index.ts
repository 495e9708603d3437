import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Thrown at start-up when the environment is wrong; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const rate = z.string().regex(/^\d+\/(s|sec|m|min|h|hour|d|day)$/, 'expected "<count>/<s|min|hour|day>", e.g. "60/min"');

const csvList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

const publicUrl = z.preprocess(emptyToUndefined, z.url().optional());

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(8000),
    PUBLIC_URL: publicUrl,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^mysql2?:\/\/.+/, 'expected mysql://user:password@host:port/database')
        .optional(),
    ),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    REDIS_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^rediss?:\/\/.+/, 'expected redis://host:port[/db]')
        .optional(),
    ),
    REDIS_KEY_PREFIX: z.string().default('igny8:'),
    JWT_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
    SECRETS_KEY: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[0-9a-fA-F]{64}$/, 'expected 64 hex characters (32 bytes)')
        .optional(),
    ),
    CORS_ORIGINS: csvList,
    MEDIA_DIR: z.preprocess(emptyToUndefined, z.string().min(1).optional()).describe('Where image files are stored (default DATA_DIR/media)'),
    MEDIA_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(10 * 1024 * 1024)
      .describe('Largest image upload'),
    IMPORT_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(200 * 1024 * 1024)
      .describe('Largest keyword CSV upload'),
    IMPORT_INLINE_MAX_BYTES: z.coerce
      .number()
      .int()
      .nonnegative()
      .default(256 * 1024)
      .describe('Keyword CSV uploads up to this size are imported within the request; larger ones run as a job'),
    BODY_LIMIT_JSON: z
      .string()
      .regex(/^\d+(kb|mb)$/i, 'expected a size such as "1mb" or "512kb"')
      .default('1mb'),
    THROTTLE_AUTH: rate.default('20/min'),
    THROTTLE_USER: rate.default('600/min'),
    THROTTLE_ANON: rate.default('120/min'),
    APP_URL: z.preprocess(emptyToUndefined, z.url().optional()),
    MAIL_FROM: z.string().default('IGNY8 <no-reply@igny8.local>'),
    SMTP_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^smtps?:\/\/.+/, 'expected smtp://user:pass@host:port')
        .optional(),
    ),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    QUEUE_STALL_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(200)
      .default(5000)
      .describe('How often workers look for jobs whose worker died; such a job runs again after one or two intervals'),
    QUEUE_RECOVERY_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(200)
      .default(30_000)
      .describe('How often workers queue again the jobs the database holds but Redis lost'),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4).describe('Jobs a worker runs at once, per queue'),
    AI_RETRY_BACKOFF_MS: z.coerce
      .number()
      .int()
      .min(10)
      .default(5000)
      .describe('First wait before an AI run that hit provider trouble is tried again; each later try waits twice as long'),
    AI_OPENAI_API_KEY: z
      .preprocess(emptyToUndefined, z.string().min(8).optional())
      .describe('The platform’s OpenAI key, for accounts without their own'),
    AI_OPENAI_BASE_URL: z.preprocess(emptyToUndefined, z.url().optional()).describe('OpenAI-compatible endpoint for the platform key'),
    AI_RUNWARE_API_KEY: z.preprocess(emptyToUndefined, z.string().min(8).optional()).describe('The platform’s Runware key'),
    AI_RUNWARE_BASE_URL: z.preprocess(emptyToUndefined, z.url().optional()),
    WORDPRESS_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(100)
      .default(60_000)
      .describe('How long a call to a WordPress site may take (publishing sideloads its images within it)'),
    WORDPRESS_RETRY_BACKOFF_MS: z.coerce
      .number()
      .int()
      .min(10)
      .default(5000)
      .describe('First wait before a publish that could not reach WordPress is tried again; each later try waits twice as long'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production') {
      for (const key of ['JWT_SECRET', 'SECRETS_KEY', 'DATABASE_URL', 'REDIS_URL'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production' });
      }
    }
  });

export type Env = z.infer<typeof EnvSchema>;

export interface Config extends Omit<Env, 'JWT_SECRET' | 'SECRETS_KEY'> {
  jwtSecret: string;
  secretsKey: Buffer;
  /** `sqlite` is the embedded default; every difference between the two lives in platform/db. */
  databaseDialect: 'mysql' | 'sqlite';
  sqliteFile: string;
  /** Image files, by account. */
  mediaDir: string;
  /** `inline` is the in-process job runner used when no REDIS_URL is set. */
  queueDriver: 'bee-queue' | 'inline';
  throttleStore: 'redis' | 'memory';
  /** Rate per throttle scope: THROTTLE_AUTH, THROTTLE_USER, THROTTLE_ANON and any other THROTTLE_<SCOPE>. */
  throttleRates: Record<string, string>;
}

/**
 * Validates the environment and resolves the embedded defaults. Development secrets that are not
 * configured are generated once and kept in DATA_DIR, so tokens survive a restart.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`));
  }
  const { JWT_SECRET, SECRETS_KEY, ...rest } = parsed.data;
  const throttleRates: Record<string, string> = {};
  const badRates: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    const match = /^THROTTLE_([A-Z_]+)$/.exec(name);
    if (!match || value === undefined || value === '') continue;
    const checked = rate.safeParse(value);
    if (checked.success) throttleRates[(match[1] as string).toLowerCase()] = value;
    else badRates.push(`${name}: ${checked.error.issues[0]?.message}`);
  }
  if (badRates.length > 0) throw new ConfigError(badRates);
  throttleRates.auth = rest.THROTTLE_AUTH;
  throttleRates.user = rest.THROTTLE_USER;
  throttleRates.anon = rest.THROTTLE_ANON;
  const dataDir = path.resolve(rest.DATA_DIR);
  return {
    ...rest,
    DATA_DIR: dataDir,
    jwtSecret: JWT_SECRET ?? persistedSecret(dataDir, 'jwt-secret', 48),
    secretsKey: Buffer.from(SECRETS_KEY ?? persistedSecret(dataDir, 'secrets-key', 32), 'hex'),
    databaseDialect: rest.DATABASE_URL ? 'mysql' : 'sqlite',
    sqliteFile: path.join(dataDir, 'igny8.sqlite'),
    mediaDir: path.resolve(rest.MEDIA_DIR ?? path.join(dataDir, 'media')),
    queueDriver: rest.REDIS_URL ? 'bee-queue' : 'inline',
    throttleStore: rest.REDIS_URL ? 'redis' : 'memory',
    throttleRates,
  };
}

/**
 * Only PUBLIC_URL, validated as loadConfig validates it: for commands that describe the API (the
 * OpenAPI document names it as the server) and need no database, secrets or files.
 */
export function loadPublicUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const parsed = publicUrl.safeParse(env.PUBLIC_URL);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `PUBLIC_URL: ${issue.message}`));
  return parsed.data;
}

function persistedSecret(dataDir: string, name: string, bytes: number): string {
  const file = path.join(dataDir, name);
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(bytes).toString('hex');
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

/** Parses "60/min" into a count and a window in seconds. */
export function parseRate(value: string): { limit: number; windowSeconds: number } {
  const [count, unit] = value.split('/') as [string, string];
  const windowSeconds = { s: 1, sec: 1, m: 60, min: 60, h: 3600, hour: 3600, d: 86400, day: 86400 }[unit] ?? 60;
  return { limit: Number(count), windowSeconds };
}
