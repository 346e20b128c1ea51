import { Injectable } from '@nestjs/common';
import { assertAllowed, recordDenial, Role, type RequestContext } from '@daicho/access';
import {
  AuditTrail,
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  decodeCursor,
  encodeCursor,
  LedgerAction,
} from '@daicho/platform';
import { IsNull, type EntityManager } from 'typeorm';
import { auditEventFor, listReadEvent } from '../common/identity-audit';
import { AccessGrantKind } from '../grant/access-grant-rules';
import { AccessGrantService } from '../grant/access-grant.service';
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
    private readonly grants: AccessGrantService,
  ) {}

  /**
   * A user with a role that reads personal data (or ADMIN) is created PENDING: the account exists
   * but cannot log in until a second person approves the grant (AccessGrantService). The first CPO
   * of a deployment, while none exists, is created ACTIVE and ledgered as the bootstrap.
   */
  async createUser(ctx: RequestContext, input: CreateUserInput): Promise<UserEntity> {
    await assertAllowed(ctx, 'create', 'User');
    assertPersonRole(input.role);
    assertAcceptablePassword(input.password, 'password', input.email);
    const passwordHash = await this.hasher.hash(input.password);
    return ctx.transaction(async (tx) => {
      if (await tx.manager.existsBy(UserEntity, { email: input.email })) {
        throw new ConflictError('A user with this e-mail address already exists.');
      }
      const bootstrap = input.role === Role.CPO && (await this.grants.mayBootstrapCpo(tx.manager));
      const pending = !bootstrap && this.grants.needsApproval(input.role);
      const user = await tx.manager.save(
        tx.manager.create(UserEntity, {
          email: input.email,
          displayName: input.displayName,
          role: input.role,
          department: input.department,
          status: pending ? UserStatus.PENDING : UserStatus.ACTIVE,
          passwordHash,
          mustChangePassword: true,
          passwordChangedAt: new Date(),
        }),
      );
      await this.auditTrail.record(
        auditEventFor(tx, LedgerAction.USER_CHANGE, USER_TARGET(user.id), {
          change: 'created',
          role: user.role,
          status: user.status,
          ...(bootstrap ? { bootstrap: true } : {}),
        }),
        tx.manager,
      );
      if (bootstrap) await this.grants.recordBootstrap(tx, user);
      if (pending) await this.grants.request(tx, user, user.role, AccessGrantKind.CREATION);
      return user;
    });
  }

  /**
   * Nobody changes their own role (FORBIDDEN, ledgered). A change to a role that reads personal
   * data (or ADMIN) becomes a pending grant and the old role stays until it is approved; the
   * other fields change at once. PENDING is reached only by creation, left only by a decision.
   */
  async updateUser(ctx: RequestContext, id: string, input: UpdateUserInput): Promise<UserEntity> {
    await assertAllowed(ctx, 'update', 'User');
    assertPersonRole(input.role);
    if (input.status === UserStatus.PENDING) {
      throw new BadUserInputError(
        'status PENDING is set only while a grant waits for approval; use ACTIVE or DISABLED.',
        ['status'],
      );
    }
    if (id === ctx.actor.id && input.role !== undefined) {
      const own = await ctx.manager.findOneBy(UserEntity, { id });
      if (own && own.role !== input.role) {
        throw await recordDenial(
          ctx,
          { operation: 'updateUser', reason: 'own role change', type: 'User', id },
          new ForbiddenError(
            'Nobody changes their own role (separation of duties); ask another administrator.',
          ),
        );
      }
    }
    return ctx.transaction(async (tx) => {
      const user = await this.lockUser(tx.manager, id);
      if (
        input.status === UserStatus.ACTIVE &&
        user.status !== UserStatus.ACTIVE &&
        (await this.grants.creationUnapproved(tx.manager, user.id))
      ) {
        // Enabling a user whose creation was never approved would grant the role past the
        // second person (rejected, or disabled while waiting).
        throw new ConflictError(
          'This user was never approved for their role; approve the access grant, or create the user again.',
        );
      }
      const roleGrant =
        input.role !== undefined &&
        input.role !== user.role &&
        this.grants.needsApproval(input.role)
          ? input.role
          : undefined;
      const losesAdmin =
        user.role === Role.ADMIN &&
        user.status === UserStatus.ACTIVE &&
        ((input.role !== undefined && input.role !== Role.ADMIN) ||
          input.status === UserStatus.DISABLED);
      if (losesAdmin) await this.grants.assertAnotherActiveAdmin(tx.manager, user.id);

      const changed = (Object.keys(input) as (keyof UpdateUserInput)[]).filter(
        (key) =>
          input[key] !== undefined &&
          input[key] !== user[key] &&
          !(key === 'role' && roleGrant !== undefined),
      );
      if (roleGrant !== undefined) {
        await this.grants.request(tx, user, roleGrant, AccessGrantKind.ROLE_CHANGE);
      }
      if (changed.length === 0) return user;
      const before = { role: user.role, status: user.status };
      Object.assign(
        user,
        Object.fromEntries(changed.map((key) => [key, input[key]])) as Partial<UserEntity>,
      );
      await tx.manager.save(user);
      if (user.status === UserStatus.DISABLED)
        await this.sessions.revokeAllFor(tx.manager, user.id);
      const action = changed.includes('role')
        ? LedgerAction.PERMISSION_CHANGE
        : LedgerAction.USER_CHANGE;
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

  /**
   * Sets a generated one-time password, ends the user's sessions, and returns it once. For a user
   * whose role reads personal data (or ADMIN) the reset is a pending grant instead and null is
   * returned: the approver receives the password from approveAccessGrant, the requester never.
   */
  async resetPassword(ctx: RequestContext, id: string): Promise<string | null> {
    await assertAllowed(ctx, 'resetPassword', 'User');
    const target = await ctx.manager.findOneBy(UserEntity, { id });
    if (!target) throw new NotFoundError('No user has this id.');
    if (this.grants.needsApproval(target.role)) {
      await ctx.transaction(async (tx) => {
        const user = await this.lockUser(tx.manager, id);
        await this.grants.request(tx, user, user.role, AccessGrantKind.PASSWORD_RESET);
      });
      return null;
    }
    const oneTimePassword = generateOneTimePassword();
    const passwordHash = await this.hasher.hash(oneTimePassword);
    await ctx.transaction(async (tx) => {
      const user = await this.lockUser(tx.manager, id);
      if (this.grants.needsApproval(user.role)) {
        throw new ConflictError("The user's role changed meanwhile; reset the password again.");
      }
      await tx.manager.update(
        UserEntity,
        { id: user.id },
        { passwordHash, mustChangePassword: true, passwordChangedAt: new Date() },
      );
      await this.sessions.revokeAllFor(tx.manager, user.id);
      await this.auditTrail.record(
        auditEventFor(ctx, LedgerAction.USER_CHANGE, USER_TARGET(user.id), {
          change: 'password reset',
        }),
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
            ...auditEventFor(ctx, LedgerAction.LOGIN_THROTTLED, USER_TARGET(user.id), {
              ...check,
              budget: error.budget,
              sessionRevoked: Boolean(ctx.actor.sessionId),
            }),
            outcome: LedgerAction.DENIED,
          },
          tx.manager,
        );
      });
      throw error;
    }
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
      await this.auditTrail.record({
        ...auditEventFor(ctx, LedgerAction.LOGIN_FAILED, USER_TARGET(user.id), {
          ...check,
          reason: 'wrong current password',
        }),
        outcome: LedgerAction.DENIED,
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
        auditEventFor(ctx, LedgerAction.USER_CHANGE, USER_TARGET(user.id), {
          change: 'password changed',
        }),
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
    await assertAllowed(ctx, 'read', 'User');
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
    // Staff are persons too (APPI art. 2(1)): reading the list of users is a READ entry.
    await this.auditTrail.record(listReadEvent(ctx, 'User', edges.length));
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
}
