import { ConfigError, loadConfig, parseRate } from './index';

const base = { DATA_DIR: process.env.DATA_DIR ?? '/tmp' };

describe('loadConfig', () => {
  it('starts on the embedded defaults with nothing configured', () => {
    const config = loadConfig({ ...base });
    expect(config).toMatchObject({ databaseDialect: 'sqlite', queueDriver: 'inline', throttleStore: 'memory', PORT: 8000 });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ ...base }).jwtSecret).toBe(config.jwtSecret);
  });

  it('switches to MySQL and bee-queue when both URLs are set', () => {
    const config = loadConfig({ ...base, DATABASE_URL: 'mysql://u:p@db:3306/igny8', REDIS_URL: 'redis://cache:6379' });
    expect(config).toMatchObject({ databaseDialect: 'mysql', queueDriver: 'bee-queue', throttleStore: 'redis' });
  });

  it('fails fast, naming every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ ...base, PORT: 'eighty', DATABASE_URL: 'postgres://nope', THROTTLE_AUTH: 'lots' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/PORT: /);
    expect(message).toMatch(/DATABASE_URL: expected mysql:\/\//);
    expect(message).toMatch(/THROTTLE_AUTH: expected "<count>\/<s\|min\|hour\|day>"/);
  });

  it('requires real secrets and services in production', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET: is required in production[\s\S]*SECRETS_KEY[\s\S]*DATABASE_URL[\s\S]*REDIS_URL/,
    );
  });

  it('validates extra throttle scopes too', () => {
    expect(loadConfig({ ...base, THROTTLE_AI: '5/min' }).throttleRates.ai).toBe('5/min');
    expect(() => loadConfig({ ...base, THROTTLE_AI: 'fast' })).toThrow(/THROTTLE_AI/);
    expect(parseRate('90/hour')).toEqual({ limit: 90, windowSeconds: 3600 });
  });
});
