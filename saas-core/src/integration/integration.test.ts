import { resolveVoice } from '../ai/commands';
import { setCredits } from '../credits/test-support';
import { newIndustrySector } from '../industries/test-support';
import { accountScope } from '../platform/tenancy/scope';
import { createTenant, type Tenant, type TestContext, startTestApp } from '../test/harness';
import { withImages } from './commands/publish';
import { signatureHeader, verifySignature } from './signature';
import { contentStatusForWp } from './status-map';
import { approvedContent, connectWithKey, signedHeaders, statusEvent, until } from './test-support';

let ctx: TestContext;
let t: Tenant;
beforeAll(async () => {
  ctx = await startTestApp({ WORDPRESS_RETRY_BACKOFF_MS: '20', WORDPRESS_TIMEOUT_MS: '2000' }, { jobs: true });
  t = await createTenant(ctx, 'integration');
});
afterAll(async () => ctx.close());

const owner = () => ({ Authorization: `Bearer ${t.users.owner.token}` });
const webhook = (headers: Record<string, string>, body: unknown) =>
  ctx.http.post('/api/v1/integration/webhooks/wordpress/status/').set(headers).set('Content-Type', 'application/json').send(JSON.stringify(body));

describe('signatures', () => {
  const secret = 'a-shared-secret';
  it('accepts its own signature and refuses tampering, other secrets, age and bad headers', () => {
    const now = Date.now();
    const header = signatureHeader(secret, '{"a":1}', now);
    expect(verifySignature(header, '{"a":1}', secret, now)).toMatch(/^[0-9a-f]{64}$/);
    expect(() => verifySignature(header, '{"a":2}', secret, now)).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID' }));
    expect(() => verifySignature(header, '{"a":1}', 'another-secret', now)).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID' }));
    expect(() => verifySignature(header, '{"a":1}', secret, now + 301_000)).toThrow(expect.objectContaining({ code: 'SIGNATURE_EXPIRED' }));
    expect(() => verifySignature(header, '{"a":1}', secret, now - 301_000)).toThrow(expect.objectContaining({ code: 'SIGNATURE_EXPIRED' }));
    expect(verifySignature(header, '{"a":1}', secret, now + 299_000)).toBeTruthy();
    for (const bad of [undefined, '', 'v1=abc', 't=abc,v1=00', `t=${Math.floor(now / 1000)}`]) {
      expect(() => verifySignature(bad, '{"a":1}', secret, now)).toThrow(expect.objectContaining({ status: 401 }));
    }
  });
});

describe('status map and image placement', () => {
  it('maps WordPress statuses per the reference', () => {
    expect(['publish', 'private', 'pending', 'draft', 'future', 'trash', 'auto-draft'].map(contentStatusForWp)).toEqual([
      'published',
      'published',
      'review',
      'draft',
      'scheduled',
      'archived',
      null,
    ]);
  });

  it('puts each image under its section heading and the rest at the end', () => {
    const html = '<h2>One</h2><p>a</p><h2>Two</h2><p>b</p>';
    const figure = (url: string, position: number) => ({ url, alt: `alt "${url}"`, caption: url === 'c' ? 'Cap <b>' : '', position });
    expect(withImages(html, [figure('b', 2), figure('a', 1), figure('c', 9)])).toBe(
      '<h2>One</h2><figure><img src="a" alt="alt &quot;a&quot;"></figure><p>a</p><h2>Two</h2><figure><img src="b" alt="alt &quot;b&quot;"></figure><p>b</p>' +
        '<figure><img src="c" alt="alt &quot;c&quot;"><figcaption>Cap &lt;b&gt;</figcaption></figure>',
    );
  });
});

describe('connecting', () => {
  it('is for site keys only, and each connect issues a new secret that replaces the old one', async () => {
    const refused = await ctx.http
      .post('/api/v1/integration/connect/')
      .set(owner())
      .send({ site_url: 'http://a.test', rest_url: 'http://a.test/wp-json/igny8/v1/' });
    expect(refused.status).toBe(403);
    const first = await connectWithKey(ctx, t.apiKey);
    const second = await connectWithKey(ctx, t.apiKey);
    expect(second.integrationId).toBe(first.integrationId);
    expect(second.signingSecret).not.toBe(first.signingSecret);
    const body = statusEvent();
    const stale = await webhook(signedHeaders(t.apiKey, first.signingSecret, body), body);
    expect({ status: stale.status, code: stale.body.error_code }).toEqual({ status: 401, code: 'SIGNATURE_INVALID' });
    const status = await ctx.http.get('/api/v1/integration/status/').set('X-IGNY8-API-Key', t.apiKey).expect(200);
    expect(status.body.data).toMatchObject({
      integration_id: first.integrationId,
      site_id: t.siteId,
      status: 'connected',
      site_name: 'integration site',
    });
    // The secret is never shown again.
    const listed = await ctx.http.get('/api/v1/integration/integrations/').set(owner()).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(second.signingSecret);
  });

  it('a connection check against a WordPress that is not there says so and is logged', async () => {
    const { integrationId } = await connectWithKey(ctx, t.apiKey);
    const check = await ctx.http.post(`/api/v1/integration/integrations/${integrationId}/test-connection/`).set(owner()).expect(200);
    expect(check.body.data).toMatchObject({ ok: false, error_code: 'WORDPRESS_UNREACHABLE' });
    const integration = await ctx.http.get(`/api/v1/integration/integrations/${integrationId}/`).set(owner()).expect(200);
    expect(integration.body.data).toMatchObject({ status: 'error', last_error: expect.stringContaining('could not be reached') });
    const log = await ctx.http
      .get(`/api/v1/integration/integrations/${integrationId}/sync-events/`)
      .set(owner())
      .query({ outcome: 'failed' })
      .expect(200);
    expect(log.body.results[0]).toMatchObject({ kind: 'test_connection', direction: 'outbound', details: { error_code: 'WORDPRESS_UNREACHABLE' } });
  });
});

describe('status webhooks', () => {
  let secret: string;
  let contentId: number;
  beforeAll(async () => {
    secret = (await connectWithKey(ctx, t.apiKey)).signingSecret;
    contentId = await approvedContent(ctx, t);
  });
  const content = async () => (await ctx.http.get(`/api/v1/writer/content/${contentId}/`).set(owner()).expect(200)).body.data;

  it('applies a signed status change to the content and its task, once', async () => {
    const body = statusEvent({ content_id: contentId, post_id: 501, status: 'publish', event: 'post.status_changed' });
    const first = await webhook(signedHeaders(t.apiKey, secret, body), body);
    expect({ status: first.status, outcome: first.body.data?.outcome }).toEqual({ status: 202, outcome: 'applied' });
    expect(await content()).toMatchObject({ status: 'published', wp_status: 'publish', wp_post_id: 501 });
    const task = await ctx.http
      .get(`/api/v1/writer/tasks/${(await content()).task_id}/`)
      .set(owner())
      .expect(200);
    expect(task.body.data).toMatchObject({ status: 'published', wp_post_id: 501 });
    // The plugin retries until it hears 2xx: the same event signed afresh changes nothing more.
    const again = await webhook(signedHeaders(t.apiKey, secret, body, Date.now() + 1000), body);
    expect({ status: again.status, outcome: again.body.data?.outcome }).toEqual({ status: 202, outcome: 'duplicate' });
  });

  it('refuses replayed, forged, tampered, expired and unsigned requests', async () => {
    const body = statusEvent({ content_id: contentId, post_id: 501, status: 'draft' });
    const headers = signedHeaders(t.apiKey, secret, body);
    expect((await webhook(headers, body)).status).toBe(202);
    const replay = await webhook(headers, body);
    expect({ status: replay.status, code: replay.body.error_code }).toEqual({ status: 409, code: 'SIGNATURE_REPLAYED' });
    const other = statusEvent({ content_id: contentId, post_id: 501, status: 'trash' });
    const cases: [Record<string, string>, unknown, string][] = [
      [signedHeaders(t.apiKey, 'not-the-secret', other), other, 'SIGNATURE_INVALID'],
      [signedHeaders(t.apiKey, secret, statusEvent()), other, 'SIGNATURE_INVALID'],
      [signedHeaders(t.apiKey, secret, other, Date.now() - 6 * 60_000), other, 'SIGNATURE_EXPIRED'],
      [{ 'X-IGNY8-API-Key': t.apiKey }, other, 'SIGNATURE_MISSING'],
    ];
    for (const [forgedHeaders, sent, code] of cases) {
      const response = await webhook(forgedHeaders, sent);
      expect({ status: response.status, code: response.body.error_code }).toEqual({ status: 401, code });
    }
    expect(await content()).toMatchObject({ status: 'draft', wp_status: 'draft' });
  });

  it('ignores an older event that arrives after a newer one, and posts it does not know', async () => {
    const newer = statusEvent({ content_id: contentId, post_id: 501, status: 'pending', occurred_at: new Date(Date.now() + 5000).toISOString() });
    const older = statusEvent({ content_id: contentId, post_id: 501, status: 'publish', occurred_at: new Date(Date.now() - 60_000).toISOString() });
    expect((await webhook(signedHeaders(t.apiKey, secret, newer), newer)).body.data.outcome).toBe('applied');
    expect((await webhook(signedHeaders(t.apiKey, secret, older), older)).body.data.outcome).toBe('stale');
    expect(await content()).toMatchObject({ status: 'review', wp_status: 'pending' });
    const unknown = statusEvent({ content_id: null, post_id: 999_999, status: 'publish' });
    expect((await webhook(signedHeaders(t.apiKey, secret, unknown), unknown)).body.data.outcome).toBe('unknown_content');
  });
});

describe('publishing', () => {
  it('needs a connected site, an editor or above, and a date to schedule', async () => {
    const other = await createTenant(ctx, 'unconnected');
    const approved = await approvedContent(ctx, other);
    const unconnected = await ctx.http
      .post(`/api/v1/writer/content/${approved}/publish/`)
      .set({ Authorization: `Bearer ${other.users.owner.token}` })
      .send({});
    expect({ status: unconnected.status, code: unconnected.body.error_code }).toEqual({ status: 409, code: 'SITE_NOT_CONNECTED' });

    await connectWithKey(ctx, t.apiKey);
    const ready = await approvedContent(ctx, t);
    const futureWithoutDate = await ctx.http.post(`/api/v1/writer/content/${ready}/publish/`).set(owner()).send({ status: 'future' });
    expect({ status: futureWithoutDate.status, code: futureWithoutDate.body.error_code }).toEqual({ status: 400, code: 'VALIDATION_ERROR' });
    const viewer = await ctx.http
      .post(`/api/v1/writer/content/${ready}/publish/`)
      .set({ Authorization: `Bearer ${t.users.viewer.token}` })
      .send({});
    expect(viewer.status).toBe(403);
    const nothingQueued = await ctx.http.get(`/api/v1/writer/content/${ready}/publishing/`).set(owner());
    expect(nothingQueued.status).toBe(404);
  });

  it('a WordPress that cannot be reached fails the publish after its retries, with the reason kept and logged', async () => {
    const { integrationId } = await connectWithKey(ctx, t.apiKey);
    const id = await approvedContent(ctx, t);
    const started = await ctx.http
      .post(`/api/v1/writer/content/${id}/publish/`)
      .set(owner())
      .send({ tags: ['x'] })
      .expect(202);
    expect(started.body.data).toMatchObject({ content_id: id, status: 'queued' });
    const record = await until(
      async () => (await ctx.http.get(started.body.data.status_url).set(owner()).expect(200)).body.data,
      (state) => state.status === 'failed',
    );
    expect(record).toMatchObject({ status: 'failed', error_code: 'WORDPRESS_UNREACHABLE', attempts: 5, wp_post_id: null });
    const log = await ctx.http
      .get(`/api/v1/integration/integrations/${integrationId}/sync-events/`)
      .set(owner())
      .query({ content_id: id })
      .expect(200);
    expect(log.body.results.map((event: { message: string }) => event.message)).toEqual([
      expect.stringMatching(/^Publishing failed: WordPress at http:\/\/127\.0\.0\.1:9 could not be reached/),
      ...Array(4).fill(expect.stringMatching(/^Publishing will be tried again/)),
    ]);
    const content = await ctx.http.get(`/api/v1/writer/content/${id}/`).set(owner()).expect(200);
    expect(content.body.data).toMatchObject({ status: 'approved', wp_post_id: null });
  });

  it('content in draft is refused', async () => {
    await connectWithKey(ctx, t.apiKey);
    const created = await ctx.http
      .post('/api/v1/writer/tasks/')
      .set(owner())
      .send({ site_id: t.siteId, sector_id: t.sectorId, title: 'Draft task' })
      .expect(201);
    const content = await ctx.http
      .post('/api/v1/writer/content/')
      .set(owner())
      .send({ task_id: created.body.data.id, title: 'Draft', html: '<p>x</p>' })
      .expect(201);
    const response = await ctx.http.post(`/api/v1/writer/content/${content.body.data.id}/publish/`).set(owner()).send({});
    expect({ status: response.status, code: response.body.error_code }).toEqual({ status: 409, code: 'CONTENT_NOT_APPROVED' });
  });
});

describe('the plugin UI context', () => {
  let c: Tenant;
  let industry: { id: number; name: string };
  let industrySector: { id: number; name: string };
  let sectors: { id: number; name: string }[];
  beforeAll(async () => {
    c = await createTenant(ctx, 'context');
    const { industryId, industrySectorId } = await newIndustrySector(ctx.services.knex, {
      industry: 'Outdoor gear',
      sector: 'Running',
      sectorSlug: 'running',
    });
    industry = { id: industryId, name: 'Outdoor gear' };
    industrySector = { id: industrySectorId, name: 'Running' };
    const as = { Authorization: `Bearer ${c.users.owner.token}` };
    await ctx.http.patch(`/api/v1/auth/sites/${c.siteId}/`).set(as).send({ industry_id: industry.id, domain: 'trail.example' }).expect(200);
    const sector = (body: object) =>
      ctx.http
        .post('/api/v1/auth/sectors/')
        .set(as)
        .send({ site_id: c.siteId, ...body })
        .expect(201);
    const added = await sector({ name: 'Another sector', industry_sector_id: industrySector.id });
    await sector({ name: 'Archived sector', is_active: false });
    sectors = [
      { id: added.body.data.id, name: 'Another sector' },
      { id: c.sectorId, name: 'context sector' },
    ];
    await setCredits(ctx, c, 40, 5);
    await connectWithKey(ctx, c.apiKey);
  });

  const asWordPress = (role: string, tenant = () => c) => ({
    'X-IGNY8-API-Key': tenant().apiKey,
    'X-IGNY8-WP-User': JSON.stringify({ id: 12, email: 'someone@wp.test', role }),
  });
  const context = (headers: Record<string, string>, query: Record<string, number> = {}) =>
    ctx.http.get('/api/v1/integration/context/').set(headers).query(query);

  it('gives an editor, through the site key, the site, the mapped role, the active sectors, the credits and the connection', async () => {
    const response = await context(asWordPress('editor')).expect(200);
    const account = await ctx.services.knex('accounts').where({ id: c.accountId }).first('name');
    const integration = await ctx.services.knex('site_integrations').where({ siteId: c.siteId }).first('id', 'connectedAt');
    expect(response.body.data).toEqual({
      site: {
        id: c.siteId,
        name: 'context site',
        slug: expect.any(String),
        domain: 'trail.example',
        url: 'http://127.0.0.1:9',
        industry,
        author_profile_id: null,
      },
      account_name: account.name,
      role: 'editor',
      can_write: true,
      can_choose_author_profile: false,
      can_edit_author_profiles: false,
      wp_user: { id: 12, email: 'someone@wp.test', role: 'editor' },
      sectors: [
        { ...sectors[0], slug: 'another-sector', description: null, industry_sector: industrySector },
        { ...sectors[1], slug: 'context-sector', description: null, industry_sector: null },
      ],
      text_engine: 'local',
      credits: { balance: 45, plan_credits: 40, bonus_credits: 5, held_credits: 0, available: 45 },
      integration: {
        id: integration.id,
        status: 'connected',
        last_sync_at: null,
        last_checked_at: null,
        connected_at: new Date(integration.connectedAt).toISOString(),
      },
    });
    // An author is an editor too; an administrator an admin.
    expect((await context(asWordPress('author')).expect(200)).body.data).toMatchObject({ role: 'editor', can_write: true });
    expect((await context(asWordPress('administrator')).expect(200)).body.data).toMatchObject({
      role: 'admin',
      can_write: true,
      // A WordPress administrator chooses the site's profile; the account's profiles are its owners' and admins'.
      can_choose_author_profile: true,
      can_edit_author_profiles: false,
    });
  });

  it('lets a WordPress administrator choose the site’s author profile, which runs naming none are then written in', async () => {
    const owner = { Authorization: `Bearer ${c.users.owner.token}` };
    const profile = async (tenant: Tenant, body: object) =>
      (
        await ctx.http
          .post('/api/v1/system/author-profiles/')
          .set({ Authorization: `Bearer ${tenant.users.owner.token}` })
          .send(body)
          .expect(201)
      ).body.data.id as number;
    await profile(c, { name: 'House voice', tone: 'plain', language: 'en', is_default: true });
    const siteVoice = await profile(c, { name: 'Trail voice', tone: 'playful and witty', language: 'de' });
    const voice = () => resolveVoice(ctx.services.knex, accountScope(c.accountId), c.accountId, { siteId: c.siteId });
    const choose = (headers: Record<string, string>, body: object) => ctx.http.put('/api/v1/integration/author-profile/').set(headers).send(body);

    expect(await voice()).toMatchObject({ tone: 'plain', language: 'en' });
    const refused = await choose(asWordPress('editor'), { author_profile_id: siteVoice });
    expect({ status: refused.status, code: refused.body.error_code }).toEqual({ status: 403, code: 'PERMISSION_DENIED' });
    expect((await choose(asWordPress('administrator'), { author_profile_id: siteVoice }).expect(200)).body.data).toEqual({
      site_id: c.siteId,
      author_profile_id: siteVoice,
    });
    expect((await context(asWordPress('editor')).expect(200)).body.data.site.author_profile_id).toBe(siteVoice);
    expect(await voice()).toMatchObject({ tone: 'playful and witty', language: 'de' });
    // A profile named for the run still comes first; other sites keep the account's default.
    const named = await profile(c, { name: 'Named voice', tone: 'formal', language: 'fr' });
    expect(await resolveVoice(ctx.services.knex, accountScope(c.accountId), c.accountId, { siteId: c.siteId, authorProfileId: named })).toMatchObject(
      {
        language: 'fr',
      },
    );
    expect(await resolveVoice(ctx.services.knex, accountScope(c.accountId), c.accountId, { siteId: c.otherSiteId })).toMatchObject({
      language: 'en',
    });

    // Another account's profile answers as a missing one; a person names the site.
    const foreign = await choose(asWordPress('administrator'), {
      author_profile_id: await profile(t, { name: 'Theirs', tone: 'x', language: 'en' }),
    });
    expect({ status: foreign.status, code: foreign.body.error_code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    const unnamed = await choose(owner, { author_profile_id: siteVoice });
    expect({ status: unnamed.status, errors: unnamed.body.errors }).toEqual({ status: 400, errors: { site_id: ['Required with a user token.'] } });

    // A deleted profile leaves the site on the account's default, as does choosing none.
    await ctx.http.delete(`/api/v1/system/author-profiles/${siteVoice}/`).set(owner).expect(200);
    expect(await voice()).toMatchObject({ tone: 'plain', language: 'en' });
    expect((await context(asWordPress('editor')).expect(200)).body.data.site.author_profile_id).toBeNull();
    await choose(owner, { site_id: c.siteId, author_profile_id: named }).expect(200);
    expect(await voice()).toMatchObject({ language: 'fr' });
    await choose(asWordPress('administrator'), { author_profile_id: null }).expect(200);
    expect(await voice()).toMatchObject({ tone: 'plain', language: 'en' });
  });

  it('says text runs go to OpenAI once the account has a key, and to the free local engine without one', async () => {
    const owner = { Authorization: `Bearer ${c.users.owner.token}` };
    expect((await context(asWordPress('editor')).expect(200)).body.data.text_engine).toBe('local');
    const openai = '/api/v1/system/settings/integrations/openai/';
    await ctx.http
      .put(openai)
      .set(owner)
      .send({ api_key: 'sk-context-000000', config: { base_url: 'http://127.0.0.1:9/v1' } })
      .expect(200);
    expect((await context(asWordPress('editor')).expect(200)).body.data.text_engine).toBe('openai');
    await ctx.http.put(openai).set(owner).send({ api_key: null }).expect(200);
    expect((await context(asWordPress('editor')).expect(200)).body.data.text_engine).toBe('local');
  });

  it('makes a contributor a viewer: it reads the context, may not write and is not shown the credits', async () => {
    const viewer = (await context(asWordPress('contributor')).expect(200)).body.data;
    expect(viewer).toMatchObject({ role: 'viewer', can_write: false, credits: null, wp_user: { role: 'contributor' } });
    expect(viewer.sectors).toHaveLength(2);
    // What the UI offers follows what the core allows: a viewer starting work is refused.
    const refused = await ctx.http
      .post('/api/v1/planner/keywords/')
      .set(asWordPress('contributor'))
      .send({ site_id: c.siteId, sector_id: c.sectorId, keyword: 'refused keyword' });
    expect(refused.status).toBe(403);
    const subscriber = await context(asWordPress('subscriber'));
    expect({ status: subscriber.status, code: subscriber.body.error_code }).toEqual({ status: 403, code: 'WP_ROLE_NOT_ALLOWED' });
  });

  it('serves a signed-in user of the account for the site they name, and nobody another tenant’s site', async () => {
    const bearer = (role: keyof Tenant['users'], tenant = c) => ({ Authorization: `Bearer ${tenant.users[role].token}` });
    const owner = (await context(bearer('owner'), { site_id: c.siteId }).expect(200)).body.data;
    expect(owner).toMatchObject({ role: 'owner', can_write: true, wp_user: null, site: { id: c.siteId }, credits: { balance: 45 } });
    expect((await context(bearer('viewer'), { site_id: c.siteId }).expect(200)).body.data).toMatchObject({ role: 'viewer', credits: null });
    // A site that never connected its WordPress.
    expect((await context(bearer('admin'), { site_id: c.otherSiteId }).expect(200)).body.data).toMatchObject({
      site: { id: c.otherSiteId, url: null },
      sectors: [],
      integration: null,
    });

    const unnamed = await context(bearer('owner'));
    expect({ status: unnamed.status, code: unnamed.body.error_code, errors: unnamed.body.errors }).toEqual({
      status: 400,
      code: 'VALIDATION_ERROR',
      errors: { site_id: ['Required with a user token.'] },
    });
    const notFound = async (headers: Record<string, string>, siteId: number) => {
      const response = await context(headers, { site_id: siteId });
      expect({ status: response.status, code: response.body.error_code }).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(JSON.stringify(response.body)).not.toMatch(/context site|integration site|Outdoor gear/);
    };
    await notFound(bearer('editor'), c.otherSiteId); // not granted to the editor
    await notFound(asWordPress('administrator'), c.otherSiteId); // a key reaches its own site only
    await notFound(asWordPress('administrator'), t.siteId);
    await notFound(
      asWordPress('editor', () => t),
      c.siteId,
    );
    await notFound(bearer('owner', t), c.siteId);
    await notFound(bearer('owner'), 2147483000);
    expect((await ctx.http.get('/api/v1/integration/context/')).status).toBe(401);
  });
});
