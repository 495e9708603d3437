import { spawnSync } from 'node:child_process';
import { routes } from '../routes';
import { createTenant, startTestApp, type TestContext } from './harness';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({ CORS_ORIGINS: 'https://app.igny8.test', BODY_LIMIT_JSON: '2kb' });
});
afterAll(async () => ctx.close());

describe('request ids', () => {
  it('echoes a sane client id and replaces an unsafe one', async () => {
    const echoed = await ctx.http.get('/api/v1/auth/me/').set('X-Request-ID', 'client-abc.123');
    expect(echoed.headers['x-request-id']).toBe('client-abc.123');
    expect(echoed.body.request_id).toBe('client-abc.123');
    const replaced = await ctx.http.get('/healthz').set('X-Request-ID', 'bad id <script>');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('error envelope', () => {
  it('answers unknown routes, wrong methods, bad JSON and big bodies with stable codes', async () => {
    const unknown = await ctx.http.get('/api/v1/nope/').expect(404);
    expect(unknown.body).toMatchObject({ success: false, error_code: 'NOT_FOUND' });
    expect(unknown.body.timestamp).toMatch(/Z$/);
    expect((await ctx.http.put('/api/v1/auth/login/').send({}).expect(405)).body.error_code).toBe('METHOD_NOT_ALLOWED');
    const badJson = await ctx.http.post('/api/v1/auth/login/').set('Content-Type', 'application/json').send('{"email": ').expect(400);
    expect(badJson.body.error_code).toBe('INVALID_JSON');
    const big = await ctx.http
      .post('/api/v1/auth/login/')
      .send({ email: 'a@b.co', password: 'x'.repeat(5000) })
      .expect(413);
    expect(big.body.error_code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('reports each invalid field', async () => {
    const response = await ctx.http.post('/api/v1/auth/register/').send({ email: 'not-an-email', password: 'short' }).expect(400);
    expect(response.body.error_code).toBe('VALIDATION_ERROR');
    expect(Object.keys(response.body.errors).sort()).toEqual(['account_name', 'email', 'password']);
  });
});

describe('CORS', () => {
  it('allows only listed origins', async () => {
    const allowed = await ctx.http
      .options('/api/v1/auth/login/')
      .set('Origin', 'https://app.igny8.test')
      .set('Access-Control-Request-Method', 'POST');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.igny8.test');
    const refused = await ctx.http.options('/api/v1/auth/login/').set('Origin', 'https://evil.test').set('Access-Control-Request-Method', 'POST');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('health', () => {
  it('reports liveness and readiness of the database, Redis and the queue', async () => {
    expect((await ctx.http.get('/healthz').expect(200)).body.status).toBe('ok');
    const ready = await ctx.http.get('/readyz').expect(200);
    expect(ready.body.checks).toMatchObject({ database: 'ok', redis: 'ok', queue: 'ok' });
  });
});

describe('OpenAPI', () => {
  it('is a valid OpenAPI 3.1 document listing every route', async () => {
    const document = (await ctx.http.get('/api/openapi.json').expect(200)).body;
    // The validator is ESM-only, so it runs in its own node process.
    const check = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { Validator } from '@seriousme/openapi-schema-validator'; let s=''; process.stdin.on('data', d => s += d).on('end', async () => { const r = await new Validator().validate(JSON.parse(s)); console.log(JSON.stringify({ valid: r.valid, errors: r.errors ?? [] })); });",
      ],
      { input: JSON.stringify(document), encoding: 'utf8', cwd: __dirname },
    );
    expect(check.stderr).toBe('');
    const result = JSON.parse(check.stdout);
    expect(result).toEqual({ valid: true, errors: [] });
    expect(document.openapi).toBe('3.1.0');
    for (const route of routes) {
      const operation = document.paths[`/api/v1${route.path}`]?.[route.method];
      expect({ route: `${route.method} ${route.path}`, operationId: operation?.operationId }).toEqual({
        route: `${route.method} ${route.path}`,
        operationId: route.operationId,
      });
    }
    const operationIds = Object.values(document.paths).flatMap((item) =>
      Object.values(item as object).map((op: { operationId: string }) => op.operationId),
    );
    expect(operationIds).toHaveLength(routes.length);
    expect(document.paths['/api/v1/auth/register'].post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['email', 'password', 'account_name']),
    );
  });

  it('serves Swagger UI and ReDoc with local assets only', async () => {
    const swagger = await ctx.http.get('/api/docs').expect(200);
    const redoc = await ctx.http.get('/api/redoc').expect(200);
    for (const page of [swagger.text, redoc.text]) expect(page).not.toMatch(/https?:\/\//);
    await ctx.http
      .get('/api/docs/assets/swagger-ui-bundle.js')
      .expect(200)
      .expect('Content-Type', /javascript/);
    await ctx.http.get('/api/docs/assets/swagger-ui.css').expect(200).expect('Content-Type', /css/);
    await ctx.http
      .get('/api/redoc/redoc.standalone.js')
      .expect(200)
      .expect('Content-Type', /javascript/);
  });
});

describe('throttling', () => {
  it('counts in Redis per scope and answers 429 with Retry-After', async () => {
    const limited = await startTestApp({ THROTTLE_AUTH: '3/min', REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}throttle-${Date.now()}:` });
    try {
      expect(limited.services.config.throttleStore).toBe(process.env.REDIS_URL ? 'redis' : 'memory');
      for (let i = 0; i < 3; i += 1) await limited.http.post('/api/v1/auth/login/').send({ email: 'x@y.co', password: 'nope' }).expect(401);
      const throttled = await limited.http.post('/api/v1/auth/login/').send({ email: 'x@y.co', password: 'nope' }).expect(429);
      expect(throttled.body.error_code).toBe('THROTTLED');
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(throttled.headers['retry-after'])).toBeLessThanOrEqual(60);
      // Another scope is counted separately.
      const tenant = await createTenant(ctx, 'throttle');
      await limited.http.get('/api/v1/auth/me/').set('Authorization', `Bearer ${tenant.users.owner.token}`).expect(200);
    } finally {
      await limited.close();
    }
  });
});
