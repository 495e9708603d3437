import { z } from 'zod';
import { ForbiddenError, NotFoundError } from '../platform/errors';
import { listPage, orderingQuery, paginationQuery, searchQuery } from '../platform/http/list';
import { defineRoute } from '../platform/http/route';
import { changesOf, idParam, idParams } from '../platform/http/schemas';
import { Account, ACCOUNT_STATUSES, Plan } from './models';
import { accountPolicies } from './policies';
import { withBalances } from '../credits/ledger';
import { AccountOut, presentAccount } from './presenters';

const tags = ['accounts'];

export const accountRoutes = [
  defineRoute({
    method: 'get',
    path: '/auth/accounts',
    operationId: 'listAccounts',
    summary: 'Your account (developers: every account)',
    tags,
    auth: 'user',
    policy: accountPolicies.read,
    query: z.object({
      ...paginationQuery,
      ...searchQuery,
      status: z.enum(ACCOUNT_STATUSES).optional(),
      ordering: orderingQuery({ name: 'name', created_at: 'createdAt' }, 'name'),
    }),
    response: { kind: 'page', status: 200, item: AccountOut },
    async handler({ query, scope, services }) {
      const builder = Account.query(services.knex).forTenant(scope);
      if (query.status) builder.where('status', query.status);
      const page = await listPage(builder, query, ['name', 'slug']);
      return { count: page.count, results: (await withBalances(services.knex, scope, page.results)).map(presentAccount) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/auth/accounts/{id}',
    operationId: 'getAccount',
    summary: 'One account',
    tags,
    auth: 'user',
    policy: accountPolicies.read,
    params: idParams,
    refs: { 'params.id': 'account' },
    response: { kind: 'data', status: 200, schema: AccountOut },
    async handler({ params, scope, services }) {
      const account = await Account.query(services.knex).forTenant(scope).findById(params.id);
      if (!account) throw new NotFoundError('Account');
      return presentAccount((await withBalances(services.knex, scope, [account]))[0]!);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/auth/accounts/{id}',
    operationId: 'updateAccount',
    summary: 'Rename an account; developers also set status and plan',
    tags,
    auth: 'user',
    policy: accountPolicies.manage,
    params: idParams,
    body: changesOf({ name: z.string().trim().min(1).max(160), status: z.enum(ACCOUNT_STATUSES), plan_id: idParam }),
    refs: { 'params.id': 'account' },
    response: { kind: 'data', status: 200, schema: AccountOut, message: 'Account updated.' },
    async handler({ params, body, actor, scope, services }) {
      const account = await Account.query(services.knex).forTenant(scope).findById(params.id);
      if (!account) throw new NotFoundError('Account');
      if ((body.status || body.plan_id) && actor.role !== 'developer') {
        throw new ForbiddenError('Status and plan changes go through billing.', 'BILLING_MANAGED');
      }
      if (body.plan_id && !(await Plan.query(services.knex).findById(body.plan_id))) throw new NotFoundError('Plan');
      await Account.query(services.knex)
        .forTenant(scope)
        .patch({
          ...(body.name ? { name: body.name } : {}),
          ...(body.status ? { status: body.status } : {}),
          ...(body.plan_id ? { planId: body.plan_id } : {}),
        })
        .where({ id: account.id });
      const updated = (await Account.query(services.knex).forTenant(scope).findById(account.id)) as Account;
      return presentAccount((await withBalances(services.knex, scope, [updated]))[0]!);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/auth/accounts/{id}',
    operationId: 'deleteAccount',
    summary: 'Delete an account and everything in it (system accounts cannot be deleted)',
    tags,
    auth: 'user',
    policy: accountPolicies.manage,
    params: idParams,
    refs: { 'params.id': 'account' },
    response: { kind: 'empty', status: 200, message: 'Account deleted.' },
    async handler({ params, scope, services }) {
      const account = await Account.query(services.knex).forTenant(scope).findById(params.id);
      if (!account) throw new NotFoundError('Account');
      if (account.isSystem) throw new ForbiddenError('System accounts cannot be deleted.', 'SYSTEM_ACCOUNT_PROTECTED');
      await Account.query(services.knex).forTenant(scope).delete().where({ id: account.id });
    },
  }),
];
