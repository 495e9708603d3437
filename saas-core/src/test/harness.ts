import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createAccountWithOwner } from '../accounts/commands/create-account';
import { closeServices, createApp, createServices } from '../app';
import { loadConfig } from '../platform/config';
import type { Services } from '../platform/http/types';
import type { MailMessage } from '../platform/mail';
import type { Role } from '../platform/tenancy/actor';
import { accountScope } from '../platform/tenancy/scope';
import { createApiKey, createSector, createSite, grantSiteAccess } from '../sites/commands/manage-sites';
import { User } from '../users/models';
import { hashPassword } from '../platform/crypto';
import { registerJobProcessors } from '../worker';

export const PASSWORD = 'correct-horse-battery';

export interface TestContext {
  services: Services;
  http: TestAgent;
  outbox: MailMessage[];
  /** Where the app listens, e.g. http://127.0.0.1:41234, for callers outside this process (WordPress). */
  url: string;
  /** Takes the API off the network and brings it back on the same port: the core "down" for a while. */
  stopListening(): Promise<void>;
  listenAgain(): Promise<void>;
  close(): Promise<void>;
}

/** A real app on the run's database and Redis, served over real HTTP by supertest. */
export async function startTestApp(env: Record<string, string> = {}, options: { jobs?: boolean } = {}): Promise<TestContext> {
  const config = loadConfig({ ...process.env, THROTTLE_AUTH: '10000/min', THROTTLE_USER: '10000/min', THROTTLE_ANON: '10000/min', ...env });
  const outbox: MailMessage[] = [];
  const services = createServices(config, { mailer: { send: async (message) => void outbox.push(message) } });
  // Jobs run where a test asks for them, as a worker process would run them.
  const recovery = options.jobs ? registerJobProcessors(services) : null;
  const app = createApp(services);
  let server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const port = (server.address() as { port: number }).port;
  let listening = true;
  const stop = async () => {
    if (!listening) return;
    listening = false;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    services,
    // By URL rather than by server object, so requests follow the app when it listens again.
    http: supertest(`http://127.0.0.1:${port}`),
    outbox,
    url: `http://127.0.0.1:${port}`,
    stopListening: stop,
    async listenAgain() {
      server = app.listen(port, '127.0.0.1');
      await new Promise<void>((resolve) => server.once('listening', resolve));
      listening = true;
    },
    async close() {
      await stop();
      await recovery?.stop();
      await closeServices(services);
    },
  };
}

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.test`;
}

let cachedHash: Promise<string> | undefined;
const passwordHash = () => (cachedHash ??= hashPassword(PASSWORD));

export interface Tenant {
  accountId: number;
  siteId: number;
  otherSiteId: number;
  sectorId: number;
  apiKey: string;
  apiKeyId: number;
  accessId: number;
  users: Record<Exclude<Role, 'developer' | 'system_bot'>, { id: number; email: string; token: string }>;
  /** Editors and viewers are granted `siteId` only. */
}

/** Signs a user in through the API and returns the access token. */
export async function signIn(http: TestAgent, email: string, password = PASSWORD): Promise<string> {
  const response = await http.post('/api/v1/auth/login/').send({ email, password }).expect(200);
  return response.body.data.tokens.access as string;
}

/**
 * An account on the scale plan with two sites, a sector, a site key and one user of each role
 * (the editor and viewer granted the first site only).
 */
export async function createTenant(ctx: TestContext, label = 'tenant'): Promise<Tenant> {
  const { knex } = ctx.services;
  const ownerEmail = uniqueEmail(`${label}-owner`);
  const { account, owner } = await createAccountWithOwner(knex, {
    accountName: `${label} ${randomUUID().slice(0, 6)}`,
    email: ownerEmail,
    password: PASSWORD,
    planSlug: 'scale',
  });
  const scope = accountScope(account.id);
  const actor = { kind: 'user' as const, accountId: account.id, role: 'owner' as const, userId: owner.id };
  const site = await createSite(knex, actor, scope, { name: `${label} site` });
  const otherSite = await createSite(knex, actor, scope, { name: `${label} other site` });
  const sector = await createSector(knex, scope, site.id, { name: `${label} sector` });
  const { apiKey, key } = await createApiKey(knex, actor, scope, site.id, 'test key');
  let accessId = 0;
  const users = { owner: { id: owner.id, email: ownerEmail, token: '' } } as Tenant['users'];
  const hash = await passwordHash();
  for (const role of ['admin', 'editor', 'viewer'] as const) {
    const email = uniqueEmail(`${label}-${role}`);
    const user = await User.query(knex)
      .forTenant(scope)
      .insertAndFetch({ accountId: account.id, email, passwordHash: hash, role, firstName: role, lastName: label, isActive: true });
    users[role] = { id: user.id, email, token: '' };
    if (role === 'editor' || role === 'viewer') accessId = (await grantSiteAccess(knex, actor, scope, site.id, user.id)).id;
  }
  for (const user of Object.values(users)) user.token = await signIn(ctx.http, user.email);
  return {
    accountId: account.id,
    siteId: site.id,
    otherSiteId: otherSite.id,
    sectorId: sector.id,
    apiKey: key,
    apiKeyId: apiKey.id,
    accessId,
    users,
  };
}

/** A developer in a system account: reaches every account. */
export async function createDeveloper(ctx: TestContext): Promise<{ accountId: number; userId: number; token: string }> {
  const email = uniqueEmail('developer');
  const { account, owner } = await createAccountWithOwner(ctx.services.knex, {
    accountName: `System ${randomUUID().slice(0, 6)}`,
    email,
    password: PASSWORD,
    isSystem: true,
    ownerRole: 'developer',
    planSlug: 'scale',
  });
  return { accountId: account.id, userId: owner.id, token: await signIn(ctx.http, email) };
}
