import { Injectable } from '@nestjs/common';
import { assertAllowed, recordDenial, Role, type RequestContext } from '@daicho/access';
import {
  AuditTrail,
  BadUserInputError,
  breaksTextRule,
  byTimeKeyset,
  ConflictError,
  encodeCursor,
  ForbiddenError,
  LedgerAction,
  NotFoundError,
  type Page,
  pageOf,
} from '@daicho/platform';
import { auditEventFor, listReadEvent } from '../common/identity-audit';
import { generateOneTimePassword } from '../password/one-time-password';
import { PasswordHasher } from '../password/password-hasher';
import { SessionService } from '../session/session.service';
import { UserEntity } from '../user/user.entity';
import { assertAnotherActiveAdmin, lockUser } from '../user/user-locks';
import { UserStatus } from '../user/user-status';
import { AccessGrantEntity } from './access-grant.entity';
import { removeAuthenticator } from '../mfa/authenticator-removal';
import { AccessGrantKind, AccessGrantStatus, grantApproversOf } from './access-grant-rules';

const MAX_REASON_LENGTH = 500;

/** A grant with its user, and (right after approving one) the user's new one-time password. */
export interface DecidedGrant {
  grant: AccessGrantEntity;
  user: UserEntity;
  oneTimePassword: string | null;
}

/**
 * Deciding grants (JIS Q 15001 A.3.4.3.2, separation of duties): a grant of a role that reads
 * personal data, or of ADMIN — by creating a user, changing a role or resetting such a user's
 * password — waits until a second person approves it. Until then the user has no new rights: a
 * created user is PENDING (cannot log in), a role change keeps the old role, a reset keeps the
 * old password. Nobody approves their own request or a grant to themselves.
 */
@Injectable()
export class AccessGrantService {
  constructor(
    private readonly auditTrail: AuditTrail,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
  ) {}

  /** Grants oldest first, a keyset page of (requested time, id); the look is a READ entry. */
  async list(
    ctx: RequestContext,
    status: AccessGrantStatus | undefined,
    page: { first: number; after?: string },
  ): Promise<Page<{ grant: AccessGrantEntity; user: UserEntity }>> {
    await assertAllowed(ctx, 'read', 'AccessGrant');
    const query = byTimeKeyset(
      ctx.manager
        .getRepository(AccessGrantEntity)
        .createQueryBuilder('g')
        .innerJoinAndMapOne('g.user', UserEntity, 'u', 'u.id = g.userId'),
      { column: 'g.requested_at', id: 'g.id', order: 'ASC' },
      page,
    );
    if (status) query.andWhere('g.status = :status', { status });
    const rows = (await query.getMany()) as (AccessGrantEntity & { user: UserEntity })[];
    const shown = pageOf(
      rows,
      page.first,
      (row) => encodeCursor(row.requestedAt.toISOString(), row.id),
      ({ user, ...grant }) => ({ grant, user }),
    );
    await this.auditTrail.record(listReadEvent(ctx, 'AccessGrant', shown.edges.length));
    return shown;
  }

  /** The second person's yes: the grant takes effect now, under a lock on the grant and user. */
  async approve(ctx: RequestContext, id: string): Promise<DecidedGrant> {
    await assertAllowed(ctx, 'update', 'AccessGrant');
    await this.assertMayDecide(ctx, id, 'approveAccessGrant');
    return ctx.transaction(async (tx) => {
      const grant = await this.lockPending(tx, id);
      const user = await lockUser(tx, grant.userId);
      const roleBefore = user.role;
      let oneTimePassword: string | null = null;
      switch (grant.kind) {
        case AccessGrantKind.CREATION:
          if (user.status !== UserStatus.PENDING) {
            throw new ConflictError('The user is no longer waiting for approval (disabled since).');
          }
          // The requester chose the initial password; it dies here, so whoever controls the
          // address still cannot use the account without the approver's one-time password.
          user.status = UserStatus.ACTIVE;
          oneTimePassword = await this.setOneTimePassword(tx, user);
          break;
        case AccessGrantKind.ROLE_CHANGE:
          if (user.role === Role.ADMIN && grant.role !== Role.ADMIN) {
            await assertAnotherActiveAdmin(tx, user.id);
          }
          user.role = grant.role;
          // The new rights come with a credential only the approver hands over: whoever knew
          // the old password (an administrator who made the account, or reset it) is shut out.
          oneTimePassword = await this.setOneTimePassword(tx, user);
          break;
        case AccessGrantKind.PASSWORD_RESET:
          oneTimePassword = await this.setOneTimePassword(tx, user);
          break;
        case AccessGrantKind.MFA_RESET:
          if (!(await removeAuthenticator(tx, user.id))) {
            throw new ConflictError(
              'No authenticator is set up for this user any more; reject this grant (rejectAccessGrant).',
            );
          }
          await this.auditTrail.record(
            auditEventFor(
              tx,
              LedgerAction.MFA_RESET,
              { type: 'User', id: user.id },
              { grantId: grant.id },
            ),
            tx.manager,
          );
          break;
        case AccessGrantKind.BOOTSTRAP:
          throw new ConflictError('This grant is not waiting for approval.');
      }
      await tx.manager.save(user);
      Object.assign(grant, {
        status: AccessGrantStatus.APPROVED,
        decidedBy: ctx.actor.id,
        decidedAt: new Date(),
      });
      await tx.manager.save(grant);
      await this.auditTrail.record(
        auditEventFor(
          tx,
          LedgerAction.GRANT_APPROVED,
          { type: 'User', id: user.id },
          {
            grantId: grant.id,
            kind: grant.kind,
            role: grant.role,
            roleBefore,
            requestedBy: grant.requestedBy,
          },
        ),
        tx.manager,
      );
      return { grant, user, oneTimePassword };
    });
  }

  /** The second person's no; the reason stays with the grant, the ledger only says one was given. */
  async reject(ctx: RequestContext, id: string, reason: string): Promise<DecidedGrant> {
    await assertAllowed(ctx, 'update', 'AccessGrant');
    const text = reason.trim();
    if (text.length === 0 || text.length > MAX_REASON_LENGTH || breaksTextRule(text)) {
      throw new BadUserInputError(
        `reason must be 1–${MAX_REASON_LENGTH} characters of text (no control characters).`,
        ['reason'],
      );
    }
    await this.assertMayDecide(ctx, id, 'rejectAccessGrant');
    return ctx.transaction(async (tx) => {
      const grant = await this.lockPending(tx, id);
      const user = await lockUser(tx, grant.userId);
      if (grant.kind === AccessGrantKind.CREATION && user.status === UserStatus.PENDING) {
        // A user created only for the refused role never becomes usable.
        user.status = UserStatus.DISABLED;
        await tx.manager.save(user);
      }
      Object.assign(grant, {
        status: AccessGrantStatus.REJECTED,
        decidedBy: ctx.actor.id,
        decidedAt: new Date(),
        reason: text,
      });
      await tx.manager.save(grant);
      await this.auditTrail.record(
        auditEventFor(
          tx,
          LedgerAction.GRANT_REJECTED,
          { type: 'User', id: user.id },
          {
            grantId: grant.id,
            kind: grant.kind,
            role: grant.role,
            requestedBy: grant.requestedBy,
            reasonGiven: true,
          },
        ),
        tx.manager,
      );
      return { grant, user, oneTimePassword: null };
    });
  }

  /**
   * Whether this actor may decide the grant (who asked and for whom never change, so no lock is
   * needed); a refusal is a DENIED entry in its own write. Unknown ids answer NOT_FOUND.
   */
  private async assertMayDecide(ctx: RequestContext, id: string, operation: string): Promise<void> {
    const grant = await ctx.manager.findOneBy(AccessGrantEntity, { id });
    if (!grant) throw new NotFoundError('No access grant has this id.');
    const approvers = grantApproversOf(grant.kind, grant.role) ?? [];
    const refusal =
      ctx.actor.kind !== 'USER'
        ? 'only a person may decide a grant'
        : ctx.actor.id === grant.requestedBy
          ? 'the requester may not decide their own request'
          : ctx.actor.id === grant.userId
            ? 'nobody decides a grant of their own rights'
            : !approvers.includes(ctx.actor.role)
              ? `a grant of ${grant.role} needs ${approvers.join(' or ')}`
              : null;
    if (!refusal) return;
    throw await recordDenial(
      ctx,
      { operation, reason: refusal, type: 'AccessGrant', id: grant.id },
      new ForbiddenError(
        `You may not decide this grant: ${refusal}. Separation of duties needs a second person (${approvers.join(' or ')}, neither the requester nor the user).`,
      ),
    );
  }

  /** Locks the grant row, so parallel decisions queue and exactly one finds it still PENDING. */
  private async lockPending(ctx: RequestContext, id: string): Promise<AccessGrantEntity> {
    const grant = await ctx.manager.findOne(AccessGrantEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!grant) throw new NotFoundError('No access grant has this id.');
    if (grant.status !== AccessGrantStatus.PENDING) {
      throw new ConflictError(`This grant was already decided (${grant.status}).`);
    }
    return grant;
  }

  /** A new one-time password for the approver to hand over; the user's sessions end. */
  private async setOneTimePassword(ctx: RequestContext, user: UserEntity): Promise<string> {
    const oneTimePassword = generateOneTimePassword();
    user.passwordHash = await this.hasher.hash(oneTimePassword);
    user.mustChangePassword = true;
    user.passwordChangedAt = new Date();
    await this.sessions.revokeAllFor(ctx, user.id);
    return oneTimePassword;
  }
}
