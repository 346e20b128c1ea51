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
  insertUnique,
  refuseNulls,
  pageOf,
  type Page,
  LedgerAction,
} from '@daicho/platform';
import { auditEventFor, listReadEvent } from '../common/identity-audit';
import { AccessGrantKind } from '../grant/access-grant-rules';
import { AccessGrantRequestService } from '../grant/access-grant-request.service';
import { PasswordHasher } from '../password/password-hasher';
import { assertAcceptablePassword } from '../password/password-policy';
import { SessionService } from '../session/session.service';
import type { CreateUserInput } from './dto/create-user.input';
import type { UpdateUserInput } from './dto/update-user.input';
import { UserEntity } from './user.entity';
import { assertAnotherActiveAdmin, lockUser } from './user-locks';
import { UserStatus } from './user-status';

export const USER_TARGET = (id: string) => ({ type: 'User', id });

/** INTEGRATION is the role of API keys; a person never holds it. */
function assertPersonRole(role: Role | undefined): void {
  if (role === Role.INTEGRATION) {
    throw new BadUserInputError('role INTEGRATION is for API keys; give a person another role.', [
      'role',
    ]);
  }
}

/**
 * Managing the people who use Daicho: creation, role and status changes, the list. Passwords
 * (resets and changes) are UserPasswordService's.
 */
@Injectable()
export class UserService {
  constructor(
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly auditTrail: AuditTrail,
    private readonly grants: AccessGrantRequestService,
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
      const bootstrap = input.role === Role.CPO && (await this.grants.mayBootstrapCpo(tx));
      const pending = !bootstrap && this.grants.needsApproval(input.role);
      // Two creations of one address can both pass the check above: the unique index decides.
      const user = await insertUnique(
        () =>
          tx.manager.save(
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
          ),
        () => new ConflictError('A user with this e-mail address already exists.'),
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
    refuseNulls(input); // every field of a user is required
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
      const user = await lockUser(tx, id);
      if (
        input.status === UserStatus.ACTIVE &&
        user.status !== UserStatus.ACTIVE &&
        (await this.grants.creationUnapproved(tx, user.id))
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
      if (losesAdmin) await assertAnotherActiveAdmin(tx, user.id);

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
      if (user.status === UserStatus.DISABLED) await this.sessions.revokeAllFor(tx, user.id);
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

  async me(ctx: RequestContext): Promise<UserEntity> {
    const user = await ctx.manager.findOneBy(UserEntity, { id: ctx.actor.id });
    if (!user) throw new NotFoundError('Your user account no longer exists.');
    return user;
  }

  /** Users in e-mail order (unique, so a stable keyset), paginated by cursor. */
  async listUsers(ctx: RequestContext, first: number, after?: string): Promise<Page<UserEntity>> {
    await assertAllowed(ctx, 'read', 'User');
    const query = ctx.manager
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .orderBy('u.email', 'ASC')
      .take(first + 1);
    if (after) query.where('u.email > :email', { email: decodeCursor(after).sortKey });
    const page = pageOf(
      await query.getMany(),
      first,
      (user) => encodeCursor(user.email, user.id),
      (user) => user,
    );
    // Staff are persons too (APPI art. 2(1)): reading the list of users is a READ entry.
    await this.auditTrail.record(listReadEvent(ctx, 'User', page.edges.length));
    return page;
  }
}
