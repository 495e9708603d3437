import { Account, Plan, Subscription } from '../accounts/models';
import { createAccountWithOwner } from '../accounts/commands/create-account';
import { withBalances } from '../credits/ledger';
import { accountScope } from '../platform/tenancy/scope';
import { presentAccount, presentPlan, presentSubscription } from '../accounts/presenters';
import { defineRoute } from '../platform/http/route';
import { baseUrl } from '../platform/http/router';
import { NotFoundError } from '../platform/errors';
import { Site } from '../sites/models';
import { User } from '../users/models';
import { presentUser } from '../users/presenters';
import { confirmPasswordReset, requestPasswordReset } from './commands/password-reset';
import { login, refreshSession, revokeSessions, startSession, type TokenPair } from './commands/sessions';
import { authPolicies } from './policies';
import {
  LoginBody,
  MeOut,
  PasswordResetBody,
  PasswordResetConfirmBody,
  RefreshBody,
  RegisterBody,
  RegisterOut,
  SessionOut,
  TokensOut,
} from './schemas';

const tags = ['auth'];

function presentTokens(tokens: TokenPair) {
  return {
    token_type: 'Bearer' as const,
    access: tokens.access,
    access_expires_at: tokens.accessExpiresAt.toISOString(),
    refresh: tokens.refresh,
    refresh_expires_at: tokens.refreshExpiresAt.toISOString(),
  };
}

export const authRoutes = [
  defineRoute({
    method: 'post',
    path: '/auth/register',
    operationId: 'register',
    summary: 'Create an account with its owner, the default plan and starting credits',
    tags,
    auth: 'none',
    policy: 'public',
    throttle: 'auth',
    body: RegisterBody,
    response: { kind: 'data', status: 201, schema: RegisterOut, message: 'Account created.' },
    async handler({ body, services, ctx }) {
      const { account, owner } = await createAccountWithOwner(services.knex, {
        accountName: body.account_name,
        email: body.email,
        password: body.password,
        ...(body.first_name ? { firstName: body.first_name } : {}),
        ...(body.last_name ? { lastName: body.last_name } : {}),
      });
      const tokens = await startSession(services.knex, owner, { userAgent: ctx.get('User-Agent'), ip: ctx.ip }, services.config.jwtSecret);
      const [withCredits] = await withBalances(services.knex, accountScope(account.id), [account]);
      return { user: presentUser(owner), account: presentAccount(withCredits!), tokens: presentTokens(tokens) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/login',
    operationId: 'login',
    summary: 'Sign in with email and password',
    tags,
    auth: 'none',
    policy: 'public',
    throttle: 'auth',
    body: LoginBody,
    response: { kind: 'data', status: 200, schema: SessionOut },
    async handler({ body, services, ctx }) {
      const { user, tokens } = await login(
        services.knex,
        body.email,
        body.password,
        { userAgent: ctx.get('User-Agent'), ip: ctx.ip },
        services.config.jwtSecret,
      );
      return { user: presentUser(user), tokens: presentTokens(tokens) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/refresh',
    operationId: 'refreshToken',
    summary: 'Exchange a refresh token for a new pair (each refresh token works once)',
    tags,
    auth: 'none',
    policy: 'public',
    throttle: 'auth',
    body: RefreshBody,
    response: { kind: 'data', status: 200, schema: TokensOut },
    async handler({ body, services }) {
      return presentTokens(await refreshSession(services.knex, body.refresh, services.config.jwtSecret));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/logout',
    operationId: 'logout',
    summary: 'End this session: its refresh tokens and access tokens stop working',
    tags,
    auth: 'user',
    policy: authPolicies.manageOwnSession,
    response: { kind: 'empty', status: 200, message: 'Signed out.' },
    async handler({ actor, services }) {
      if (actor.sessionId) await revokeSessions(services.knex, { sessionId: actor.sessionId }, 'logout');
    },
  }),
  defineRoute({
    method: 'get',
    path: '/auth/me',
    operationId: 'me',
    summary: 'Who is calling: user (or site key), account, plan, credits and reachable sites',
    tags,
    auth: 'user_or_api_key',
    policy: authPolicies.readSelf,
    response: { kind: 'data', status: 200, schema: MeOut },
    async handler({ actor, scope, services }) {
      const { knex } = services;
      const account = await Account.query(knex).unscoped('the caller reads its own account').findById(actor.accountId);
      if (!account) throw new NotFoundError('Account');
      const [plan, subscription, user, sites] = await Promise.all([
        Plan.query(knex).findById(account.planId),
        Subscription.query(knex).forTenant(scope).where({ accountId: account.id }).orderBy('id', 'desc').first(),
        actor.userId ? User.query(knex).forTenant(scope).findById(actor.userId) : Promise.resolve(undefined),
        Site.query(knex)
          .forTenant({ ...scope, accountId: actor.accountId })
          .orderBy('name')
          .select('id', 'name', 'slug'),
      ]);
      return {
        kind: actor.kind,
        role: actor.role,
        user: user ? presentUser(user) : null,
        account: presentAccount((await withBalances(knex, scope, [account]))[0]!),
        plan: presentPlan(plan as Plan),
        subscription: subscription ? presentSubscription(subscription) : null,
        sites: sites.map((site) => ({ id: site.id, name: site.name, slug: site.slug })),
        api_key_site_id: actor.siteId ?? null,
        wp_user: actor.wpUser ?? null,
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/password-reset',
    operationId: 'requestPasswordReset',
    summary: 'Email a single-use reset link (answers the same whether or not the email exists)',
    tags,
    auth: 'none',
    policy: 'public',
    throttle: 'auth',
    body: PasswordResetBody,
    response: { kind: 'empty', status: 200, message: 'If that email has an account, a reset link is on its way.' },
    async handler({ body, services, ctx }) {
      const base = (services.config.APP_URL ?? baseUrl(ctx, services)).replace(/\/$/, '');
      await requestPasswordReset(services.knex, services.mailer, body.email, `${base}/reset-password`);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/password-reset/confirm',
    operationId: 'confirmPasswordReset',
    summary: 'Set a new password with a reset token; signs the user out everywhere',
    tags,
    auth: 'none',
    policy: 'public',
    throttle: 'auth',
    body: PasswordResetConfirmBody,
    response: { kind: 'empty', status: 200, message: 'Password changed. Sign in with the new password.' },
    async handler({ body, services }) {
      await confirmPasswordReset(services.knex, body.token, body.password);
    },
  }),
];
