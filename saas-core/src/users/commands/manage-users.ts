import type { Knex } from 'knex';
import { lockAccountPlan } from '../../accounts/commands/plan-limits';
import { hashPassword } from '../../platform/crypto';
import { ConflictError, ForbiddenError, NotFoundError, PlanLimitError, ValidationError } from '../../platform/errors';
import type { Actor, Role, TenantScope } from '../../platform/tenancy/actor';
import { targetAccount } from '../../platform/tenancy/scope';
import { revokeSessions } from '../../auth/commands/sessions';
import { User } from '../models';

/** Roles an actor may hand out: owners only by owners and developers; platform roles only by developers. */
export function assertCanAssignRole(actor: Actor, role: Role): void {
  if ((role === 'developer' || role === 'system_bot') && actor.role !== 'developer') {
    throw new ForbiddenError('Only developers can assign platform roles.', 'ROLE_NOT_ASSIGNABLE');
  }
  if (role === 'owner' && actor.role !== 'owner' && actor.role !== 'developer') {
    throw new ForbiddenError('Only owners can manage owners.', 'ROLE_NOT_ASSIGNABLE');
  }
}

function assertCanManage(actor: Actor, target: User): void {
  if (target.role === 'owner' || target.role === 'developer' || target.role === 'system_bot') assertCanAssignRole(actor, target.role);
}

export interface CreateUserProps {
  email: string;
  password: string;
  role: Role;
  firstName?: string | undefined;
  lastName?: string | undefined;
  accountId?: number | undefined;
}

export async function createUser(knex: Knex, actor: Actor, scope: TenantScope, props: CreateUserProps): Promise<User> {
  assertCanAssignRole(actor, props.role);
  const accountId = targetAccount(actor, scope, props.accountId);
  const passwordHash = await hashPassword(props.password);
  return knex.transaction(async (trx) => {
    await assertUserSeat(trx, scope, accountId);
    const taken = await User.query(trx).unscoped('emails are unique across accounts').findOne({ email: props.email });
    if (taken) throw new ConflictError('A user with this email already exists.', 'EMAIL_TAKEN', { email: ['Already registered.'] });
    return User.query(trx)
      .forTenant(scope)
      .insertAndFetch({
        accountId,
        email: props.email,
        passwordHash,
        role: props.role,
        firstName: props.firstName ?? '',
        lastName: props.lastName ?? '',
        isActive: true,
      });
  });
}

export interface UpdateUserProps {
  role?: Role | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
  isActive?: boolean | undefined;
  password?: string | undefined;
}

export async function updateUser(knex: Knex, actor: Actor, scope: TenantScope, userId: number, props: UpdateUserProps): Promise<User> {
  const passwordHash = props.password ? await hashPassword(props.password) : undefined;
  const updated = await knex.transaction(async (trx) => {
    const user = await User.query(trx).forTenant(scope).findById(userId);
    if (!user) throw new NotFoundError('User');
    assertCanManage(actor, user);
    if (props.role) assertCanAssignRole(actor, props.role);
    const losesOwner = user.role === 'owner' && ((props.role && props.role !== 'owner') || props.isActive === false);
    if (losesOwner) await assertAnotherOwner(trx, scope, user);
    if (props.isActive === false && user.id === actor.userId)
      throw new ValidationError('You cannot deactivate yourself.', { is_active: ['Not for yourself.'] }, 'SELF_DEACTIVATION');
    if (props.isActive === true && !user.isActive) await assertUserSeat(trx, scope, user.accountId);
    await User.query(trx)
      .forTenant(scope)
      .patch({
        ...(props.role ? { role: props.role } : {}),
        ...(props.firstName !== undefined ? { firstName: props.firstName } : {}),
        ...(props.lastName !== undefined ? { lastName: props.lastName } : {}),
        ...(props.isActive !== undefined ? { isActive: props.isActive } : {}),
        ...(passwordHash ? { passwordHash } : {}),
      })
      .where({ id: user.id });
    return (await User.query(trx).forTenant(scope).findById(user.id)) as User;
  });
  if (props.isActive === false || passwordHash) await revokeSessions(knex, { userId }, props.isActive === false ? 'deactivated' : 'password_changed');
  return updated;
}

export async function deleteUser(knex: Knex, actor: Actor, scope: TenantScope, userId: number): Promise<void> {
  await knex.transaction(async (trx) => {
    const user = await User.query(trx).forTenant(scope).findById(userId);
    if (!user) throw new NotFoundError('User');
    if (user.id === actor.userId) throw new ValidationError('You cannot delete yourself.', { id: ['Not yourself.'] }, 'SELF_DELETION');
    assertCanManage(actor, user);
    if (user.role === 'owner') await assertAnotherOwner(trx, scope, user);
    await User.query(trx).forTenant(scope).delete().where({ id: user.id });
  });
}

async function assertAnotherOwner(trx: Knex, scope: TenantScope, owner: User): Promise<void> {
  const others = (await User.query(trx)
    .forTenant(scope)
    .where({ accountId: owner.accountId, role: 'owner', isActive: true })
    .whereNot({ id: owner.id })
    .resultSize()) as number;
  if (others === 0) throw new ConflictError('An account needs at least one active owner.', 'LAST_OWNER');
}

async function assertUserSeat(trx: Knex, scope: TenantScope, accountId: number): Promise<void> {
  const plan = await lockAccountPlan(trx, scope, accountId);
  const active = (await User.query(trx).forTenant(scope).where({ accountId, isActive: true }).resultSize()) as number;
  if (active >= plan.maxUsers) throw new PlanLimitError('users', plan.maxUsers);
}
