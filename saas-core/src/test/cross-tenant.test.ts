import { routes } from '../routes';
import type { Route } from '../platform/http/route';
import type { Actor } from '../platform/tenancy/actor';
import { createTenant, type Tenant, type TestContext, startTestApp } from './harness';
import { validCalls } from './route-fixtures';
import type { TenantObjects } from './fixture-types';
import { OBJECT_TABLES, tenantObjects } from './tenant-objects';

/**
 * Generated from the route table: every route that names a tenant object is called by each role
 * of account A with account B's ids, and must answer exactly as for an id that does not exist —
 * 404 where the role may use the route at all — and echo none of B's data.
 */
let ctx: TestContext;
let a: Tenant;
let b: Tenant;
let bObjects: TenantObjects;
beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTenant(ctx, 'alpha');
  b = await createTenant(ctx, 'bravo');
  bObjects = await tenantObjects(ctx, b);
  for (const [kind, table] of Object.entries(OBJECT_TABLES)) {
    const row = await ctx.services.knex(table).where({ id: bObjects[kind] }).first('updatedAt');
    bObjectsUpdatedAt[kind] = row?.updatedAt;
  }
});
const bObjectsUpdatedAt: Record<string, unknown> = {};
afterAll(async () => ctx.close());

const MISSING = 2147483000;
const idOf = (t: Tenant, objects: TenantObjects, kind: string): number => {
  const ids: Record<string, number> = {
    ...objects,
    account: t.accountId,
    user: t.users.editor.id,
    site: t.siteId,
    sector: t.sectorId,
    site_access: t.accessId,
    api_key: t.apiKeyId,
  };
  const id = ids[kind];
  if (id === undefined) throw new Error(`No cross-tenant fixture for resource kind "${kind}": add one to idOf() or the module's test-support.`);
  return id;
};

const tenantRoutes = routes.filter((route) => route.refs && Object.keys(route.refs).length > 0);
type Caller = { name: string; actor: Actor; headers: (t: Tenant) => Record<string, string> };
const callers: Caller[] = [
  ...(['owner', 'admin', 'editor', 'viewer'] as const).map((role) => ({
    name: role,
    actor: { kind: 'user' as const, role, accountId: 1, userId: 1 },
    headers: (t: Tenant) => ({ Authorization: `Bearer ${t.users[role].token}` }),
  })),
  {
    name: 'site api key',
    actor: { kind: 'api_key', role: 'editor', accountId: 1, userId: null, apiKeyId: 1, siteId: 1 },
    headers: (t: Tenant) => ({ 'X-IGNY8-API-Key': t.apiKey }),
  },
];

/** A's valid call with the ids at the route's refs (or only at `only`) replaced by `target`'s. */
async function call(route: Route, caller: Caller, target: (kind: string) => number, only?: string) {
  const valid = await validCalls[route.operationId]!(ctx, a);
  let path = route.path;
  const query: Record<string, string | number> = { ...(valid.query ?? {}) };
  const body: Record<string, unknown> = { ...((valid.body as Record<string, unknown>) ?? {}) };
  for (const [location, kind] of Object.entries(route.refs ?? {})) {
    if (only !== undefined && location !== only) continue;
    const [part, name] = location.split('.') as [string, string];
    if (part === 'params') path = path.replace(`{${name}}`, String(target(kind as string)));
    if (part === 'query') query[name] = target(kind as string);
    // `body.ids[]`: a list of ids, sent as a list of one.
    if (part === 'body') body[name.replace(/\[\]$/, '')] = name.endsWith('[]') ? [target(kind as string)] : target(kind as string);
  }
  // Path parameters not replaced (without a ref, or not the one swapped) keep A's valid values.
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  const values = new RegExp(`^${route.path.replace(/\{\w+\}/g, '([^/]+)')}$`).exec(valid.path)?.slice(1) ?? [];
  names.forEach((name, index) => (path = path.replace(`{${name}}`, values[index] ?? `{${name}}`)));
  if (path.includes('{')) path = valid.path;
  let request = ctx.http[route.method](`/api/v1${path}/`).set(caller.headers(a)).query(query);
  if (route.body) request = request.send(body);
  if (valid.upload) request = request.set('Content-Type', valid.upload.contentType).send(valid.upload.content);
  return request;
}

it('covers every route that names a tenant object', () => {
  expect(tenantRoutes.length).toBeGreaterThanOrEqual(20);
});

describe.each(tenantRoutes.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const))('%s', (_name, route) => {
  it.each(
    callers.filter((caller) => caller.actor.kind === 'user' || route.auth === 'user_or_api_key').map((caller) => [caller.name, caller] as const),
  )('as %s: another account’s ids answer like missing ids', async (_caller, caller) => {
    const foreign = await call(route, caller, (kind) => idOf(b, bObjects, kind));
    const missing = await call(route, caller, () => MISSING);
    const allowed = route.policy !== 'public' && route.policy.allows(caller.actor);
    expect({ status: foreign.status, code: foreign.body.error_code }).toEqual({ status: missing.status, code: missing.body.error_code });
    // A list of ids (bulk routes) may answer 200 naming them not found; a single id is a 404.
    const listsOnly = Object.keys(route.refs ?? {}).every((location) => location.endsWith('[]'));
    if (!listsOnly) expect(foreign.status).toBe(allowed ? 404 : 403);
    else if (allowed && foreign.status === 200) expect(JSON.stringify(foreign.body.data)).toMatch(/"(deleted|updated)":0/);
    else expect(foreign.status).toBe(allowed ? 404 : 403);
    const text = JSON.stringify(foreign.body);
    for (const secret of [b.users.owner.email, b.users.editor.email, `bravo site`, `bravo sector`]) expect(text).not.toContain(secret);
  });
});

/**
 * Routes naming several tenant objects: each one of another account, the others A's own, is refused
 * as a missing one would be (all swapped at once, the first check refused may hide the others).
 */
const multiRefRoutes = tenantRoutes.filter((route) => Object.keys(route.refs ?? {}).length > 1);
describe.each(multiRefRoutes.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const))('%s', (_name, route) => {
  const owner = callers.find((caller) => caller.name === 'owner')!;
  it.each(Object.keys(route.refs ?? {}).map((location) => [location] as const))(
    'refuses another account’s id at %s alone like a missing one',
    async (location) => {
      const foreign = await call(route, owner, (kind) => idOf(b, bObjects, kind), location);
      const missing = await call(route, owner, () => MISSING, location);
      expect({ status: foreign.status, code: foreign.body.error_code }).toEqual({ status: missing.status, code: missing.body.error_code });
      expect(foreign.status).not.toBeLessThan(400);
    },
  );
});

/** Lists answer only the caller's own rows, whatever filters are left out. */
const listRoutes = routes.filter((route) => route.method === 'get' && route.response.kind === 'page' && route.auth !== 'none');
describe.each(listRoutes.map((route) => [`GET ${route.path}`, route] as const))('%s', (_name, route) => {
  it.each(
    callers.filter((caller) => caller.actor.kind === 'user' || route.auth === 'user_or_api_key').map((caller) => [caller.name, caller] as const),
  )('as %s: lists none of another account’s rows', async (_caller, caller) => {
    if (route.policy !== 'public' && !route.policy.allows(caller.actor)) return;
    const valid = await validCalls[route.operationId]!(ctx, a);
    const { site_id: _site, sector_id: _sector, ...unfiltered } = valid.query ?? {};
    for (const query of [valid.query ?? {}, unfiltered]) {
      const response = await ctx.http
        .get(`/api/v1${valid.path}/`)
        .set(caller.headers(a))
        .query({ ...query, page_size: 200 });
      if (response.status !== 200) continue; // a filter the route requires
      for (const row of response.body.results as Record<string, unknown>[]) {
        if ('account_id' in row) expect(row.account_id).toBe(a.accountId);
        if ('site_id' in row) expect([a.siteId, a.otherSiteId]).toContain(row.site_id);
      }
      expect(JSON.stringify(response.body)).not.toContain('bravo');
    }
  });
});

it('B’s objects are untouched after the whole run', async () => {
  const { knex } = ctx.services;
  expect(await knex('sites').where({ id: b.siteId }).first('name')).toMatchObject({ name: 'bravo site' });
  expect(await knex('users').where({ id: b.users.editor.id }).first('firstName')).toMatchObject({ firstName: 'editor' });
  expect(await knex('api_keys').where({ id: b.apiKeyId }).first('revokedAt')).toMatchObject({ revokedAt: null });
  expect(await knex('site_user_access').where({ id: b.accessId }).first('id')).toBeTruthy();
  expect(await knex('sectors').where({ id: b.sectorId }).first('id')).toBeTruthy();
  for (const [kind, table] of Object.entries(OBJECT_TABLES)) {
    expect({ kind, row: await knex(table).where({ id: bObjects[kind] }).first('id', 'updatedAt') }).toEqual({
      kind,
      row: { id: bObjects[kind], updatedAt: bObjectsUpdatedAt[kind] },
    });
  }
});
