import { Injectable } from '@nestjs/common';
import { assertAllowed, Role, type RequestContext } from '@daicho/access';
import {
  AuditTrail,
  BadUserInputError,
  ConflictError,
  NotFoundError,
  decodeCursor,
  encodeCursor,
} from '@daicho/platform';
import { IsNull, type EntityManager } from 'typeorm';
import { auditEventFor } from '../common/identity-audit';
import { generateOneTimePassword } from '../password/one-time-password';
import { PasswordHasher } from '../password/password-hasher';
import { assertAcceptablePassword } from '../password/password-policy';
import { AttemptThrottledError, LoginThrottle } from '../session/login-throttle';
import { SessionEntity } from '../session/session.entity';
import { SessionService } from '../session/session.service';
import type { CreateUserInput } from './dto/create-user.input';
import type { UpdateUserInput } from './dto/update-user.input';
import { UserEntity } from './user.entity';
import { UserStatus } from './user-status';

export interface UserPage {
  edges: { cursor: string; user: UserEntity }[];
  endCursor: string | null;
  hasNextPage: boolean;
}

const USER_TARGET = (id: string) => ({ type: 'User', id });

/** INTEGRATION is the role of API keys; a person never holds it. */
function assertPersonRole(role: Role | undefined): void {
  if (role === Role.INTEGRATION) {
    throw new BadUserInputError('role INTEGRATION is for API keys; give a person another role.', [
      'role',
    ]);
  }
}

/** Managing the people who use Daicho: creation, role and status changes, password resets. */
@Injectable()
export class UserService {
  constructor(
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly auditTrail: AuditTrail,
    private readonly throttle: LoginThrottle,
  ) {}

  async createUser(ctx: RequestContext, input: CreateUserInput): Promise<UserEntity> {
    await assertAllowed(this.auditTrail, ctx, 'create', 'User');
    assertPersonRole(input.role);
    assertAcceptablePassword(input.password, 'password', input.email);
    const passwordHash = await this.hasher.hash(input.password);
    return ctx.transaction(async (tx) => {
      if (await tx.manager.existsBy(UserEntity, { email: input.email })) {
        throw new ConflictError('A user with this e-mail address already exists.');
      }
      const user = await tx.manager.save(
        tx.manager.create(UserEntity, {
          email: input.email,
          displayName: input.displayName,
          role: input.role,
          department: input.department,
          status: UserStatus.ACTIVE,
          passwordHash,
          mustChangePassword: true,
          passwordChangedAt: new Date(),
        }),
      );
      await this.auditTrail.record(
        auditEventFor(ctx, 'USER_CHANGE', USER_TARGET(user.id), {
          change: 'created',
          role: user.role,
        }),
        tx.manager,
      );
      return user;
    });
  }

  async updateUser(ctx: RequestContext, id: string, input: UpdateUserInput): Promise<UserEntity> {
    await assertAllowed(this.auditTrail, ctx, 'update', 'User');
    assertPersonRole(input.role);
    return ctx.transaction(async (tx) => {
      const user = await this.lockUser(tx.manager, id);
      const losesAdmin =
        user.role === Role.ADMIN &&
        user.status === UserStatus.ACTIVE &&
        ((input.role !== undefined && input.role !== Role.ADMIN) ||
          input.status === UserStatus.DISABLED);
      if (losesAdmin) await this.assertAnotherActiveAdmin(tx.manager, user.id);

      const changed = (Object.keys(input) as (keyof UpdateUserInput)[]).filter(
        (key) => input[key] !== undefined && input[key] !== user[key],
      );
      if (changed.length === 0) return user;
      const before = { role: user.role, status: user.status };
      Object.assign(
        user,
        Object.fromEntries(changed.map((key) => [key, input[key]])) as Partial<UserEntity>,
      );
      await tx.manager.save(user);
      if (user.status === UserStatus.DISABLED)
        await this.sessions.revokeAllFor(tx.manager, user.id);
      const action = changed.includes('role') ? 'PERMISSION_CHANGE' : 'USER_CHANGE';
      await this.auditTrail.record(
        auditEventFor(ctx, action, USER_TARGET(user.id), {
          fields: changed,
          roleBefore: before.role,
          roleAfter: user.role,
          statusBefore: before.status,
          statusAfter: user.status,
        }),
        tx.manager,
      );
      return user;
    });
  }

  /** Sets a generated one-time password, ends the user's sessions, and returns it once. */
  async resetPassword(ctx: RequestContext, id: string): Promise<string> {
    await assertAllowed(this.auditTrail, ctx, 'resetPassword', 'User');
    const oneTimePassword = generateOneTimePassword();
    const passwordHash = await this.hasher.hash(oneTimePassword);
    await ctx.transaction(async (tx) => {
      const user = await this.lockUser(tx.manager, id);
      await tx.manager.update(
        UserEntity,
        { id: user.id },
        { passwordHash, mustChangePassword: true, passwordChangedAt: new Date() },
      );
      await this.sessions.revokeAllFor(tx.manager, user.id);
      await this.auditTrail.record(
        auditEventFor(ctx, 'USER_CHANGE', USER_TARGET(user.id), { change: 'password reset' }),
        tx.manager,
      );
    });
    return oneTimePassword;
  }

  /**
   * Any user, with their current password; other sessions end, this one stays. The current
   * password is checked under the login budgets (T19), spent before argon2 runs: a wrong one is a
   * LOGIN_FAILED entry, and once the budget is spent the session itself ends — a stolen session is
   * no password oracle.
   */
  async changePassword(
    ctx: RequestContext,
    currentPassword: string,
    newPassword: string,
    clientAddress = 'unknown',
  ): Promise<void> {
    const user = await ctx.manager.findOneBy(UserEntity, { id: ctx.actor.id });
    if (!user) throw new NotFoundError('Your user account no longer exists.');
    const emailPseudonym = this.auditTrail.pseudonymOfEmail(user.email);
    const check = { via: 'changePassword', emailPseudonym };
    try {
      await this.throttle.consume(emailPseudonym, clientAddress);
    } catch (error) {
      if (!(error instanceof AttemptThrottledError)) throw error;
      await ctx.transaction(async (tx) => {
        if (ctx.actor.sessionId) {
          await tx.manager.update(
            SessionEntity,
            { id: ctx.actor.sessionId, revokedAt: IsNull() },
            { revokedAt: new Date() },
          );
        }
        await this.auditTrail.record(
          {
            ...auditEventFor(ctx, 'LOGIN_THROTTLED', USER_TARGET(user.id), {
              ...check,
              budget: error.budget,
              sessionRevoked: Boolean(ctx.actor.sessionId),
            }),
            outcome: 'DENIED',
          },
          tx.manager,
        );
      });
      throw error;
    }
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
      await this.auditTrail.record({
        ...auditEventFor(ctx, 'LOGIN_FAILED', USER_TARGET(user.id), {
          ...check,
          reason: 'wrong current password',
        }),
        outcome: 'DENIED',
      });
      throw new BadUserInputError('currentPassword is incorrect.', ['currentPassword']);
    }
    await this.throttle.succeeded(emailPseudonym, clientAddress);
    assertAcceptablePassword(newPassword, 'newPassword', user.email);
    if (newPassword === currentPassword) {
      throw new BadUserInputError('newPassword must differ from the current password.', [
        'newPassword',
      ]);
    }
    const passwordHash = await this.hasher.hash(newPassword);
    await ctx.transaction(async (tx) => {
      await tx.manager.update(
        UserEntity,
        { id: user.id },
        { passwordHash, mustChangePassword: false, passwordChangedAt: new Date() },
      );
      await this.sessions.revokeAllFor(tx.manager, user.id, ctx.actor.sessionId);
      await this.auditTrail.record(
        auditEventFor(ctx, 'USER_CHANGE', USER_TARGET(user.id), { change: 'password changed' }),
        tx.manager,
      );
    });
  }

  async me(ctx: RequestContext): Promise<UserEntity> {
    const user = await ctx.manager.findOneBy(UserEntity, { id: ctx.actor.id });
    if (!user) throw new NotFoundError('Your user account no longer exists.');
    return user;
  }

  /** Users in e-mail order (unique, so a stable keyset), paginated by cursor. */
  async listUsers(ctx: RequestContext, first: number, after?: string): Promise<UserPage> {
    await assertAllowed(this.auditTrail, ctx, 'read', 'User');
    const query = ctx.manager
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .orderBy('u.email', 'ASC')
      .take(first + 1);
    if (after) query.where('u.email > :email', { email: decodeCursor(after).sortKey });
    const rows = await query.getMany();
    const edges = rows
      .slice(0, first)
      .map((user) => ({ cursor: encodeCursor(user.email, user.id), user }));
    return {
      edges,
      hasNextPage: rows.length > first,
      endCursor: edges.at(-1)?.cursor ?? null,
    };
  }

  private async lockUser(manager: EntityManager, id: string): Promise<UserEntity> {
    const user = await manager.findOne(UserEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!user) throw new NotFoundError('No user has this id.');
    return user;
  }

  /** An ADMIN cannot disable or demote the last active ADMIN: someone must be able to manage users. */
  private async assertAnotherActiveAdmin(manager: EntityManager, exceptId: string): Promise<void> {
    // Lock every active admin so two concurrent demotions cannot both pass this check.
    const admins: { id: string }[] = await manager.query(
      `SELECT id FROM users WHERE role = 'ADMIN' AND status = 'ACTIVE' ORDER BY id FOR UPDATE`,
    );
    if (!admins.some((a) => a.id !== exceptId)) {
      throw new ConflictError(
        'This is the last active administrator; make another user ADMIN before demoting or disabling this one.',
      );
    }
  }
}
