import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { recordDenial, type RequestContext } from '@daicho/access';
import {
  AuditTrail,
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  LedgerAction,
  NotFoundError,
  UnauthenticatedError,
} from '@daicho/platform';
import { authenticator } from 'otplib';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { auditEventFor } from '../common/identity-audit';
import { sha256 } from '../common/secret-hash';
import { AttemptThrottledError, LoginThrottle } from '../session/login-throttle';
import { SessionEntity } from '../session/session.entity';
import { SessionService, type LoginResult } from '../session/session.service';
import { UserEntity } from '../user/user.entity';
import { AccessGrantKind } from '../grant/access-grant-rules';
import { AccessGrantRequestService } from '../grant/access-grant-request.service';
import { RESET_NEEDS_APPROVAL, removeAuthenticator } from './authenticator-removal';
import { TotpSeal } from './totp-seal';
import { RecoveryCodeEntity, UserTotpEntity } from './totp.entity';

const ISSUER = 'Daicho';
const STEP_MS = 30_000;
/**
 * RFC 6238 as every authenticator app reads it (otplib's defaults: SHA-1, 6 digits, 30-second
 * steps), one step either side of now: a clock a little off still works, a code from t−2 does not.
 */
const TOTP = authenticator.clone({ window: 1 });
const RECOVERY_CODES = 10;
const CODE_FORM = /^\d{6}$/;
const REFUSED = 'The code is not valid: codes work once, within about 30 seconds of being shown.';

/** A recovery code as people type it: ten letters and digits in two groups, any case. */
const normalised = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();

function recoveryCode(): string {
  // 50 bits from a 32-letter alphabet without look-alikes (no 0/O, 1/I).
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(10);
  const text = [...bytes].map((b) => alphabet[b % 32]).join('');
  return `${text.slice(0, 5)}-${text.slice(5)}`;
}

/**
 * Sign-in with an authenticator app (TOTP, RFC 6238): enrolment with
 * recovery codes, the second step of a sign-in (each code accepted once, stale codes refused,
 * wrong codes counted against the same budgets as passwords), and an administrator's reset for a
 * lost device. The seed is sealed at rest; entries record enrolment, success, failure and reset.
 */
@Injectable()
export class TotpService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly seal: TotpSeal,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottle,
    private readonly auditTrail: AuditTrail,
    private readonly grants: AccessGrantRequestService,
  ) {}

  /** A new seed and recovery codes for the caller; sign-in asks for codes once it is confirmed. */
  async enroll(ctx: RequestContext): Promise<{ otpauthUri: string; recoveryCodes: string[] }> {
    const userId = await this.personOf(ctx, 'enroll Authenticator');
    return ctx.transaction(async (tx) => {
      const user = await tx.manager.findOneByOrFail(UserEntity, { id: userId });
      const held = await tx.manager.findOne(UserTotpEntity, {
        where: { userId },
        lock: { mode: 'pessimistic_write' },
      });
      if (held?.confirmedAt)
        throw new ConflictError(
          'An authenticator is already set up for you; if its device is lost, an administrator resets it (resetTotp).',
        );
      // 160 bits, as RFC 4226 §4 recommends for the HMAC-SHA-1 key.
      const seed = TOTP.generateSecret(20);
      await tx.manager.save(
        tx.manager.create(UserTotpEntity, {
          userId,
          sealedSeed: await this.seal.seal(userId, seed),
          enrolledAt: new Date(),
          confirmedAt: null,
          lastStep: 0,
        }),
      );
      await tx.manager.delete(RecoveryCodeEntity, { userId });
      const recoveryCodes = Array.from({ length: RECOVERY_CODES }, recoveryCode);
      await tx.manager.save(
        recoveryCodes.map((code) =>
          tx.manager.create(RecoveryCodeEntity, {
            userId,
            codeHash: sha256(normalised(code)),
            usedAt: null,
          }),
        ),
      );
      return {
        otpauthUri: TOTP.keyuri(user.email, ISSUER, seed),
        recoveryCodes,
      };
    });
  }

  /** The first code from the app switches the second step on. */
  async confirm(ctx: RequestContext, code: string): Promise<void> {
    const userId = await this.personOf(ctx, 'confirm Authenticator');
    if (!CODE_FORM.test(code)) throw new BadUserInputError('code must be 6 digits.', ['code']);
    await ctx.transaction(async (tx) => {
      const held = await tx.manager.findOne(UserTotpEntity, {
        where: { userId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!held) throw new ConflictError('Start with enrollTotp, then confirm its first code.');
      if (held.confirmedAt) throw new ConflictError('Your authenticator is already confirmed.');
      const step = await this.accepted(userId, held, code);
      if (step === null) throw new BadUserInputError(REFUSED, ['code']);
      await tx.manager.update(
        UserTotpEntity,
        { userId },
        { confirmedAt: new Date(), lastStep: step },
      );
      await this.auditTrail.record(
        auditEventFor(ctx, LedgerAction.MFA_ENROLLED, { type: 'User', id: userId }),
        tx.manager,
      );
    });
  }

  /**
   * The second step of a sign-in: an authenticator code or a recovery code. The attempt is
   * counted before the code is checked (like a password); success ends the waiting session and
   * opens a full one (a new token: the waiting one never becomes more).
   */
  async complete(
    ctx: RequestContext,
    answer: { code?: string; recoveryCode?: string },
    clientAddress = 'unknown',
  ): Promise<LoginResult> {
    const userId = await this.personOf(ctx, 'verify Authenticator');
    if (!ctx.actor.mfaPending || !ctx.actor.sessionId)
      throw new ConflictError('This session is signed in already; there is no step to finish.');
    if ((answer.code === undefined) === (answer.recoveryCode === undefined))
      throw new BadUserInputError('Send either code or recoveryCode.', ['code']);
    if (answer.code !== undefined && !CODE_FORM.test(answer.code))
      throw new BadUserInputError('code must be 6 digits.', ['code']);
    const account = `mfa:${userId}`;
    try {
      await this.throttle.consume(account, clientAddress);
    } catch (error) {
      if (error instanceof AttemptThrottledError)
        await this.refused(ctx, userId, { reason: 'throttled', budget: error.budget });
      throw error;
    }
    const sessionId = ctx.actor.sessionId;
    const result = await this.dataSource.transaction(async (manager) => {
      const held = await manager.findOne(UserTotpEntity, {
        where: { userId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!held?.confirmedAt) return null;
      const method = answer.code !== undefined ? 'totp' : 'recovery';
      if (answer.code !== undefined) {
        const step = await this.accepted(userId, held, answer.code);
        if (step === null) return null;
        await manager.update(UserTotpEntity, { userId }, { lastStep: step });
      } else if (!(await this.spendRecoveryCode(manager, userId, answer.recoveryCode ?? ''))) {
        return null;
      }
      // The waiting session is used up, whatever happens next.
      const ended = await manager.update(
        SessionEntity,
        { id: sessionId, revokedAt: IsNull(), mfaPending: true },
        { revokedAt: new Date() },
      );
      if (!ended.affected) return null;
      const user = await manager.findOneByOrFail(UserEntity, { id: userId });
      // The full session came the way the waiting one did (a password, or single sign-on).
      const waiting = await manager.findOneByOrFail(SessionEntity, { id: sessionId });
      const opened = await this.sessions.startSession(
        manager,
        user,
        ctx.requestId,
        false,
        waiting.sso ? 'sso' : 'password',
      );
      await this.auditTrail.record(
        auditEventFor(ctx, LedgerAction.MFA_SUCCEEDED, { type: 'User', id: userId }, { method }),
        manager,
      );
      return opened;
    });
    if (!result) {
      await this.refused(ctx, userId, { reason: 'wrong, stale or used code' });
      throw new UnauthenticatedError(REFUSED);
    }
    await this.throttle.succeeded(account, clientAddress);
    return result;
  }

  /**
   * An administrator removes another user's authenticator (a lost device; the user enrols again
   * at the next sign-in) and answers true. Never one's own. For an administrator, the CPO or the auditor it
   * opens an MFA_RESET grant instead and answers false: a second person approves it
   * (approveAccessGrant), and only then is the authenticator removed.
   */
  async reset(ctx: RequestContext, userId: string): Promise<boolean> {
    // Separation of duties: a second person decides on one's own second factor.
    if (ctx.actor.id === userId) {
      throw await recordDenial(
        ctx,
        { operation: 'reset Authenticator', type: 'User', id: userId, reason: 'own authenticator' },
        new ForbiddenError('Ask another administrator to reset your own authenticator.'),
      );
    }
    const none = () => new NotFoundError('No authenticator is set up for this user.');
    return ctx.transaction(async (tx) => {
      const user = await tx.manager.findOne(UserEntity, {
        where: { id: userId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!user) throw none();
      if (RESET_NEEDS_APPROVAL.includes(user.role)) {
        if (!(await tx.manager.existsBy(UserTotpEntity, { userId }))) throw none();
        await this.grants.request(tx, user, user.role, AccessGrantKind.MFA_RESET);
        return false;
      }
      if (!(await removeAuthenticator(tx, userId))) throw none();
      await this.auditTrail.record(
        auditEventFor(ctx, LedgerAction.MFA_RESET, { type: 'User', id: userId }),
        tx.manager,
      );
      return true;
    });
  }

  /** The time step the code belongs to, if it is valid now and later than any accepted before. */
  private async accepted(
    userId: string,
    held: UserTotpEntity,
    code: string,
  ): Promise<number | null> {
    const secret = await this.seal.open(userId, held.sealedSeed);
    const now = Date.now();
    const delta = TOTP.clone({ epoch: now }).checkDelta(code, secret);
    if (delta === null) return null;
    // The step the code belongs to: later than any accepted before, or a replay.
    const step = Math.floor(now / STEP_MS) + delta;
    return step > held.lastStep ? step : null;
  }

  private async spendRecoveryCode(
    manager: EntityManager,
    userId: string,
    code: string,
  ): Promise<boolean> {
    const spent = await manager.update(
      RecoveryCodeEntity,
      { userId, codeHash: sha256(normalised(code)), usedAt: IsNull() },
      { usedAt: new Date() },
    );
    return (spent.affected ?? 0) > 0;
  }

  /** A refused second step, in its own transaction: the refusal is kept though the call fails. */
  private async refused(ctx: RequestContext, userId: string, details: Record<string, string>) {
    await this.auditTrail.record({
      ...auditEventFor(ctx, LedgerAction.MFA_FAILED, { type: 'User', id: userId }, details),
      outcome: 'DENIED',
    });
  }

  /** The person whose authenticator this is; an integration's key has none (refusal recorded). */
  private async personOf(ctx: RequestContext, operation: string): Promise<string> {
    if (ctx.actor.kind === 'USER') return ctx.actor.id;
    throw await recordDenial(
      ctx,
      { operation, type: 'User', reason: 'not a person' },
      new ForbiddenError('Authenticators are for people.'),
    );
  }
}
