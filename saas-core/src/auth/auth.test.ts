import { PasswordResetToken } from '../users/models';
import { sha256 } from '../platform/crypto';
import { createTenant, PASSWORD, startTestApp, type TestContext, uniqueEmail } from '../test/harness';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(async () => ctx.close());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('register → login → me → refresh → logout', () => {
  it('creates an account with owner, default plan, subscription and starting credits', async () => {
    const email = uniqueEmail('signup');
    const registered = await ctx.http
      .post('/api/v1/auth/register/')
      .send({ email: email.toUpperCase(), password: PASSWORD, account_name: 'Signup Co' })
      .expect(201);
    expect(registered.body.success).toBe(true);
    expect(registered.body.data.user).toMatchObject({ email, role: 'owner' });
    expect(registered.body.data.account.credits).toEqual({ plan: 100, bonus: 0, total: 100 });

    const me = await ctx.http.get('/api/v1/auth/me').set(bearer(registered.body.data.tokens.access)).expect(200);
    expect(me.body.data).toMatchObject({
      kind: 'user',
      role: 'owner',
      plan: { slug: 'free', included_credits: 100 },
      subscription: { status: 'active' },
    });
    expect(me.body.data.user).not.toHaveProperty('password_hash');

    const duplicate = await ctx.http.post('/api/v1/auth/register/').send({ email, password: PASSWORD, account_name: 'Again' }).expect(409);
    expect(duplicate.body.error_code).toBe('EMAIL_TAKEN');
  });

  it('rejects a wrong password without saying whether the email exists', async () => {
    const tenant = await createTenant(ctx, 'login');
    const wrong = await ctx.http.post('/api/v1/auth/login/').send({ email: tenant.users.owner.email, password: 'not-the-password' }).expect(401);
    const unknown = await ctx.http
      .post('/api/v1/auth/login/')
      .send({ email: uniqueEmail('nobody'), password: 'not-the-password' })
      .expect(401);
    expect(wrong.body.error_code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.error).toBe(wrong.body.error);
  });

  it('rotates refresh tokens, and reuse of a spent one revokes the whole family', async () => {
    const tenant = await createTenant(ctx, 'rotate');
    const login = await ctx.http.post('/api/v1/auth/login/').send({ email: tenant.users.admin.email, password: PASSWORD }).expect(200);
    const first = login.body.data.tokens;
    const second = (await ctx.http.post('/api/v1/auth/refresh/').send({ refresh: first.refresh }).expect(200)).body.data;
    expect(second.refresh).not.toBe(first.refresh);
    const third = (await ctx.http.post('/api/v1/auth/refresh/').send({ refresh: second.refresh }).expect(200)).body.data;
    await ctx.http.get('/api/v1/auth/me').set(bearer(third.access)).expect(200);

    // An attacker replays the first (already spent) token.
    const reuse = await ctx.http.post('/api/v1/auth/refresh/').send({ refresh: first.refresh }).expect(401);
    expect(reuse.body.error_code).toBe('TOKEN_REUSED');
    // Every token of the family is now dead: the newest refresh token and the access tokens.
    const after = await ctx.http.post('/api/v1/auth/refresh/').send({ refresh: third.refresh }).expect(401);
    expect(after.body.error_code).toBe('SESSION_REVOKED');
    expect((await ctx.http.get('/api/v1/auth/me').set(bearer(third.access)).expect(401)).body.error_code).toBe('SESSION_REVOKED');
    // Other sessions of the same user are untouched.
    await ctx.http.get('/api/v1/auth/me').set(bearer(tenant.users.admin.token)).expect(200);
  });

  it('logout ends the session for access and refresh tokens', async () => {
    const tenant = await createTenant(ctx, 'logout');
    const tokens = (await ctx.http.post('/api/v1/auth/login/').send({ email: tenant.users.editor.email, password: PASSWORD }).expect(200)).body.data
      .tokens;
    await ctx.http.post('/api/v1/auth/logout/').set(bearer(tokens.access)).expect(200);
    await ctx.http.get('/api/v1/auth/me').set(bearer(tokens.access)).expect(401);
    expect((await ctx.http.post('/api/v1/auth/refresh/').send({ refresh: tokens.refresh }).expect(401)).body.error_code).toBe('SESSION_REVOKED');
  });

  it('rejects tampered and unknown tokens', async () => {
    const tenant = await createTenant(ctx, 'tamper');
    const [head, body] = tenant.users.owner.token.split('.');
    const forged = `${head}.${body}.${'A'.repeat(43)}`;
    expect((await ctx.http.get('/api/v1/auth/me').set(bearer(forged)).expect(401)).body.error_code).toBe('INVALID_TOKEN');
    expect((await ctx.http.post('/api/v1/auth/refresh/').send({ refresh: 'nope' }).expect(401)).body.error_code).toBe('INVALID_REFRESH_TOKEN');
  });
});

describe('password reset', () => {
  it('mails a single-use token that sets a new password and signs out everywhere', async () => {
    const tenant = await createTenant(ctx, 'reset');
    const email = tenant.users.viewer.email;
    await ctx.http.post('/api/v1/auth/password-reset/').send({ email }).expect(200);
    // Unknown emails get the same answer.
    await ctx.http
      .post('/api/v1/auth/password-reset/')
      .send({ email: uniqueEmail('ghost') })
      .expect(200);
    const mail = ctx.outbox.filter((message) => message.to === email);
    expect(mail).toHaveLength(1);
    const token = /Your reset code: (\S+)/.exec(mail[0]?.text ?? '')?.[1] as string;
    expect(token).toBeTruthy();

    await ctx.http.post('/api/v1/auth/password-reset/confirm/').send({ token, password: 'a-brand-new-secret' }).expect(200);
    await ctx.http.get('/api/v1/auth/me').set(bearer(tenant.users.viewer.token)).expect(401);
    await ctx.http.post('/api/v1/auth/login/').send({ email, password: PASSWORD }).expect(401);
    await ctx.http.post('/api/v1/auth/login/').send({ email, password: 'a-brand-new-secret' }).expect(200);

    const again = await ctx.http.post('/api/v1/auth/password-reset/confirm/').send({ token, password: 'yet-another-secret' }).expect(400);
    expect(again.body.error_code).toBe('INVALID_RESET_TOKEN');
  });

  it('refuses an expired token', async () => {
    const tenant = await createTenant(ctx, 'expired');
    const token = 'expired-token-value-for-this-test';
    await PasswordResetToken.query(ctx.services.knex).insert({
      userId: tenant.users.editor.id,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() - 1000),
      usedAt: null,
    });
    const response = await ctx.http.post('/api/v1/auth/password-reset/confirm/').send({ token, password: 'a-brand-new-secret' }).expect(400);
    expect(response.body.error_code).toBe('RESET_TOKEN_EXPIRED');
    await ctx.http.post('/api/v1/auth/login/').send({ email: tenant.users.editor.email, password: PASSWORD }).expect(200);
  });
});

describe('site API keys', () => {
  it('authenticate by either header, record last use, and fail once revoked', async () => {
    const tenant = await createTenant(ctx, 'keys');
    const viaHeader = await ctx.http.get('/api/v1/auth/me').set('X-IGNY8-API-Key', tenant.apiKey).expect(200);
    expect(viaHeader.body.data).toMatchObject({ kind: 'api_key', user: null, api_key_site_id: tenant.siteId, role: 'editor' });
    expect(viaHeader.body.data.sites.map((site: { id: number }) => site.id)).toEqual([tenant.siteId]);
    await ctx.http.get('/api/v1/auth/me').set('Authorization', `ApiKey ${tenant.apiKey}`).expect(200);

    const listed = await ctx.http.get(`/api/v1/auth/sites/${tenant.siteId}/api-keys/`).set(bearer(tenant.users.owner.token)).expect(200);
    expect(listed.body.results[0].last_used_at).not.toBeNull();
    expect(JSON.stringify(listed.body)).not.toContain(tenant.apiKey);

    // The key reaches its own site only, and cannot manage keys.
    await ctx.http.get(`/api/v1/auth/sites/${tenant.otherSiteId}/`).set('X-IGNY8-API-Key', tenant.apiKey).expect(404);
    expect(
      (await ctx.http.get(`/api/v1/auth/sites/${tenant.siteId}/api-keys/`).set('X-IGNY8-API-Key', tenant.apiKey).expect(403)).body.error_code,
    ).toBe('API_KEY_NOT_ALLOWED');

    await ctx.http.delete(`/api/v1/auth/sites/${tenant.siteId}/api-keys/${tenant.apiKeyId}/`).set(bearer(tenant.users.admin.token)).expect(200);
    const revoked = await ctx.http.get('/api/v1/auth/me').set('X-IGNY8-API-Key', tenant.apiKey).expect(401);
    expect(revoked.body.error_code).toBe('INVALID_API_KEY');
    const garbage = await ctx.http.get('/api/v1/auth/me').set('X-IGNY8-API-Key', 'igny8_nope').expect(401);
    expect(garbage.body.error_code).toBe('INVALID_API_KEY');
  });

  it('maps the acting WordPress user to a role', async () => {
    const tenant = await createTenant(ctx, 'wpuser');
    const as = (wpUser: object | string) =>
      ctx.http
        .get('/api/v1/auth/me')
        .set('X-IGNY8-API-Key', tenant.apiKey)
        .set('X-IGNY8-WP-User', typeof wpUser === 'string' ? wpUser : JSON.stringify(wpUser));
    expect((await as({ id: 1, role: 'administrator', email: 'a@wp.test' }).expect(200)).body.data).toMatchObject({
      role: 'admin',
      wp_user: { id: 1, role: 'administrator' },
    });
    expect((await as({ id: 2, role: 'contributor' }).expect(200)).body.data.role).toBe('viewer');
    expect((await as({ id: 3, role: 'subscriber' }).expect(403)).body.error_code).toBe('WP_ROLE_NOT_ALLOWED');
    expect((await as('not json').expect(400)).body.error_code).toBe('INVALID_WP_USER');
  });
});
