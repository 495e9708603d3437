import { z } from 'zod';
import { NotFoundError } from '../platform/errors';
import { listPage, orderingQuery, paginationQuery, searchQuery } from '../platform/http/list';
import { defineRoute } from '../platform/http/route';
import { changesOf, booleanQuery, email, idParam, idParams, password } from '../platform/http/schemas';
import { ROLES } from '../platform/tenancy/actor';
import { createUser, deleteUser, updateUser } from './commands/manage-users';
import { User } from './models';
import { userPolicies } from './policies';
import { presentUser, UserOut } from './presenters';

const tags = ['users'];
const name = z.string().trim().max(80);

const ListUsersQuery = z.object({
  ...paginationQuery,
  ...searchQuery,
  role: z.enum(ROLES).optional(),
  is_active: booleanQuery.optional(),
  account_id: idParam.optional().describe('Developers only: one account'),
  ordering: orderingQuery({ email: 'email', created_at: 'createdAt', role: 'role', last_login_at: 'lastLoginAt' }, 'email'),
});
const CreateUserBody = z.object({
  email,
  password,
  role: z.enum(ROLES),
  first_name: name.optional(),
  last_name: name.optional(),
  account_id: idParam.optional().describe('Developers only: create the user in this account'),
});
const UpdateUserBody = changesOf({ role: z.enum(ROLES), first_name: name, last_name: name, is_active: z.boolean(), password });

export const userRoutes = [
  defineRoute({
    method: 'get',
    path: '/auth/users',
    operationId: 'listUsers',
    summary: 'List users of the account',
    tags,
    auth: 'user',
    policy: userPolicies.manage,
    query: ListUsersQuery,
    response: { kind: 'page', status: 200, item: UserOut },
    async handler({ query, scope, services }) {
      const builder = User.query(services.knex).forTenant(scope);
      if (query.role) builder.where('role', query.role);
      if (query.is_active !== undefined) builder.where('isActive', query.is_active);
      if (query.account_id) builder.where('accountId', query.account_id);
      const page = await listPage(builder, query, ['email', 'firstName', 'lastName']);
      return { count: page.count, results: page.results.map(presentUser) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/users',
    operationId: 'createUser',
    summary: 'Add a user to the account (counts against the plan)',
    tags,
    auth: 'user',
    policy: userPolicies.manage,
    body: CreateUserBody,
    refs: { 'body.account_id': 'account' },
    response: { kind: 'data', status: 201, schema: UserOut, message: 'User created.' },
    async handler({ body, actor, scope, services }) {
      const user = await createUser(services.knex, actor, scope, {
        email: body.email,
        password: body.password,
        role: body.role,
        firstName: body.first_name,
        lastName: body.last_name,
        accountId: body.account_id,
      });
      return presentUser(user);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/auth/users/{id}',
    operationId: 'getUser',
    summary: 'One user',
    tags,
    auth: 'user',
    policy: userPolicies.manage,
    params: idParams,
    refs: { 'params.id': 'user' },
    response: { kind: 'data', status: 200, schema: UserOut },
    async handler({ params, scope, services }) {
      const user = await User.query(services.knex).forTenant(scope).findById(params.id);
      if (!user) throw new NotFoundError('User');
      return presentUser(user);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/auth/users/{id}',
    operationId: 'updateUser',
    summary: 'Change a user’s role, name, password or active state',
    tags,
    auth: 'user',
    policy: userPolicies.manage,
    params: idParams,
    body: UpdateUserBody,
    refs: { 'params.id': 'user' },
    response: { kind: 'data', status: 200, schema: UserOut, message: 'User updated.' },
    async handler({ params, body, actor, scope, services }) {
      const user = await updateUser(services.knex, actor, scope, params.id, {
        role: body.role,
        firstName: body.first_name,
        lastName: body.last_name,
        isActive: body.is_active,
        password: body.password,
      });
      return presentUser(user);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/auth/users/{id}',
    operationId: 'deleteUser',
    summary: 'Remove a user from the account',
    tags,
    auth: 'user',
    policy: userPolicies.manage,
    params: idParams,
    refs: { 'params.id': 'user' },
    response: { kind: 'empty', status: 200, message: 'User deleted.' },
    async handler({ params, actor, scope, services }) {
      await deleteUser(services.knex, actor, scope, params.id);
    },
  }),
];
