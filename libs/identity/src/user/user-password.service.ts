import { Injectable } from '@nestjs/common';
import { assertAllowed, type RequestContext } from '@daicho/access';
import {
  AuditTrail,
  BadUserInputError,
  ConflictError,
  NotFoundError,
  LedgerAction,
} from '@daicho/platform';
import { IsNull } from 'typeorm';
import { auditEventFor } from '../common/identity-audit';
import { AccessGrantKind } from '../grant/access-grant-rules';
import { AccessGrantRequestService } from '../grant/access-grant-request.service';
import { generateOneTimePassword } from '../password/one-time-password';
import { PasswordHasher } from '../password/password-hasher';
import { assertAcceptablePassword } from '../password/password-policy';
import { AttemptThrottledError, LoginThrottle } from '../session/login-throttle';
import { SessionEntity } from '../session/session.entity';
import { SessionService } from '../session/session.service';
import { UserEntity } from './user.entity';
import { lockUser } from './user-locks';
import { USER_TARGET } from './user.service';

/** Passwords of users: an administrator's reset, and each user's own change. */
@Injectable()
export class UserPasswordService {
  constructor(
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly auditTrail: AuditTrail,
    private readonly throttle: LoginThrottle,
    private readonly grants: AccessGrantRequestService,
  ) {}

  /**
   * Sets a generated one-time password, ends the user's sessions, and returns it once. For a user
   * whose role reads personal data (or ADMIN, or AUDITOR) the reset is a pending grant instead and null is
   * returned: the approver receives the password from approveAccessGrant, the requester never.
   */
  async resetPassword(ctx: RequestContext, id: string): Promise<string | null> {
    await assertAllowed(ctx, 'resetPassword', 'User');
    const target = await ctx.manager.findOneBy(UserEntity, { id });
    if (!target) throw new NotFoundError('No user has this id.');
    if (this.grants.resetNeedsApproval(target.role)) {
      await ctx.transaction(async (tx) => {
        const user = await lockUser(tx, id);
        await this.grants.request(tx, user, user.role, AccessGrantKind.PASSWORD_RESET);
      });
      return null;
    }
    const oneTimePassword = generateOneTimePassword();
    const passwordHash = await this.hasher.hash(oneTimePassword);
    await ctx.transaction(async (tx) => {
      const user = await lockUser(tx, id);
      if (this.grants.resetNeedsApproval(user.role)) {
        throw new ConflictError("The user's role changed meanwhile; reset the password again.");
      }
      await tx.manager.update(
        UserEntity,
        { id: user.id },
        { passwordHash, mustChangePassword: true, passwordChangedAt: new Date() },
      );
      await this.sessions.revokeAllFor(tx, user.id);
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
   * password is checked under the login budgets, spent before argon2 runs: a wrong one is a
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
            outcome: 'DENIED',
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
      await this.sessions.revokeAllFor(tx, user.id, ctx.actor.sessionId);
      await this.auditTrail.record(
        auditEventFor(ctx, LedgerAction.USER_CHANGE, USER_TARGET(user.id), {
          change: 'password changed',
        }),
        tx.manager,
      );
    });
  }
}
