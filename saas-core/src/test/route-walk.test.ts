import type { Response } from 'supertest';
import { routes } from '../routes';
import type { Route } from '../platform/http/route';
import type { Actor, Role } from '../platform/tenancy/actor';
import { createDeveloper, createTenant, type Tenant, type TestContext, startTestApp } from './harness';
import { type ValidCall, validCalls } from './route-fixtures';

let ctx: TestContext;
let tenant: Tenant;
let developer: { token: string; accountId: number; userId: number };
beforeAll(async () => {
  ctx = await startTestApp();
  tenant = await createTenant(ctx, 'walk');
  developer = await createDeveloper(ctx);
});
afterAll(async () => ctx.close());

const ROLES_BY_RANK: Exclude<Role, 'developer' | 'system_bot'>[] = ['viewer', 'editor', 'admin', 'owner'];
const label = (route: Route) => `${route.method.toUpperCase()} /api/v1${route.path}`;

interface SendOptions {
  token?: string;
  headers?: Record<string, string>;
  body?: unknown;
  query?: Record<string, string | number>;
  upload?: ValidCall['upload'];
}

function send(route: Route, path: string, options: SendOptions = {}) {
  let request = ctx.http[route.method](`/api/v1${path}/`);
  if (options.headers) request = request.set(options.headers);
  else if (options.token) request = request.set('Authorization', `Bearer ${options.token}`);
  if (options.query) request = request.query(options.query);
  if (options.body !== undefined) request = request.send(options.body as object);
  if (options.upload) request = request.set('Content-Type', options.upload.contentType).send(options.upload.content);
  return request;
}

function expectError(response: Response, status: number) {
  expect({ status: response.status, body: response.body }).toMatchObject({ status, body: { success: false } });
  expect(typeof response.body.error_code).toBe('string');
  expect(response.body.request_id).toBe(response.headers['x-request-id']);
}

/** A path with every `{param}` of the route replaced by a value that cannot exist. */
function pathWithMissingIds(route: Route): string {
  return route.path.replace(/\{\w+\}/g, '2147483000');
}

it('every route has a valid-call fixture (new routes must add one)', () => {
  const missing = routes.filter((route) => !validCalls[route.operationId]).map(label);
  expect(missing).toEqual([]);
});

describe.each(routes.map((route) => [label(route), route] as const))('%s', (_name, route) => {
  it('walks 401 → 400 → 403 → 404 → success', async () => {
    const call = await validCalls[route.operationId]!(ctx, tenant);
    const asToken = call.token ?? (call.as === 'developer' ? developer.token : tenant.users.owner.token);

    // 401: no credentials.
    if (route.auth !== 'none') {
      expectError(await send(route, call.path, { body: call.body, query: call.query, upload: call.upload }), 401);
    }

    // 400: input that fails the route's schema.
    if (route.body) {
      const response = await send(route, call.path, { token: asToken, body: [], query: call.query });
      expectError(response, 400);
      expect(response.body.error_code).toBe('VALIDATION_ERROR');
    } else if (route.params) {
      expectError(await send(route, route.path.replace(/\{\w+\}/g, 'not-a-number'), { token: asToken }), 400);
    } else if (route.query) {
      expectError(await send(route, call.path, { token: asToken, query: call.invalidQuery ?? { page: 0 } }), 400);
    }

    // 403: the highest role that the policy refuses.
    if (route.policy !== 'public') {
      const policy = route.policy;
      const refused = [...ROLES_BY_RANK].reverse().find((role) => !policy.allows({ kind: 'user', role, accountId: 1, userId: 1 } satisfies Actor));
      if (refused) {
        const response = await send(route, call.path, {
          token: tenant.users[refused].token,
          body: call.body,
          query: call.query,
          upload: call.upload,
        });
        expectError(response, 403);
      }
    }

    // 404: ids that do not exist (routes keyed by a name from a fixed list have no missing id, only invalid ones).
    const missingParams = Object.fromEntries([...route.path.matchAll(/\{(\w+)\}/g)].map((match) => [match[1], '2147483000']));
    if (route.path.includes('{') && route.params?.safeParse(missingParams).success) {
      expectError(await send(route, pathWithMissingIds(route), { token: asToken, body: call.body, query: call.query, upload: call.upload }), 404);
    }

    // Success, in the envelope the route declares.
    const response = await send(route, call.path, {
      token: route.auth === 'none' ? undefined : asToken,
      headers: call.headers,
      body: call.body,
      query: call.query,
      upload: call.upload,
    });
    if (route.response.kind === 'file') {
      expect(response.status).toBe(route.response.status);
      expect(route.response.contentTypes).toContain(String(response.headers['content-type']).split(';')[0]);
      return;
    }
    expect({ status: response.status, body: response.body }).toMatchObject({ status: route.response.status, body: { success: true } });
    expect(response.body.request_id).toBe(response.headers['x-request-id']);
    if (route.response.kind === 'page') expect(Array.isArray(response.body.results)).toBe(true);
    else expect(response.body).toHaveProperty('data');
  });
});
