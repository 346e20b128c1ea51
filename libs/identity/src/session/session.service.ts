import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import {
  AppConfig,
  AuditTrail,
  LedgerAction,
  ThrottledError,
  UnauthenticatedError,
} from '@daicho/platform';
import pLimit from 'p-limit';
import { DataSource, IsNull, Not, type EntityManager } from 'typeorm';
import { UserTotpEntity } from '../mfa/totp.entity';
import { auditEventFor, loginFailedEvent } from '../common/identity-audit';
import { sessionToken, sha256 } from '../common/secret-hash';
import { PasswordHasher } from '../password/password-hasher';
import { UserEntity } from '../user/user.entity';
import { UserStatus } from '../user/user-status';
import { AttemptThrottledError, LoginThrottle } from './login-throttle';
import { SessionEntity } from './session.entity';

export const LOGIN_FAILED_MESSAGE = 'The e-mail address or password is incorrect.';
export const SIGN_INS_BUSY_MESSAGE =
  'Too many sign-ins are under way on this server: try again in a few seconds.';

/** Whether the client that sent a request has gone (its connection closed before the answer). */
export function clientLeft(req: { socket?: { destroyed?: boolean } | null }): boolean {
  return req.socket?.destroyed === true;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  mustChangePassword: boolean;
  /** The token opens only completeMfa until the authenticator's code is given. */
  mfaRequired: boolean;
}

/** Logging in and out, and turning a session token back into the user it belongs to. */
@Injectable()
export class SessionService {
  /**
   * Password sign-ins under way on this server once their attempt is spent (look-up, argon2id,
   * giving the attempt back, session): at most SIGN_IN_CONCURRENCY, the rest wait their turn, at
   * most SIGN_IN_WAITING_MAX of them. Twenty at once otherwise land their look-ups and sessions'
   * commits in one burst on the database every other request shares; one after another, a
   * sign-in takes longer and the others keep their pace (docs/performance.md, item 4).
   */
  private readonly signIns: ReturnType<typeof pLimit>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly config: AppConfig,
    private readonly auditTrail: AuditTrail,
    private readonly throttle: LoginThrottle,
  ) {
    this.signIns = pLimit(config.SIGN_IN_CONCURRENCY);
  }

  /**
   * Unknown e-mail, wrong password and disabled account answer the same error after the same
   * argon2 work, so the answer tells an attacker nothing about which accounts exist.
   */
  async login(
    email: string,
    password: string,
    requestId: string,
    clientAddress = 'unknown',
    gone: () => boolean = () => false,
  ): Promise<LoginResult> {
    // A full line of sign-ins waiting (for their budgets or for a turn) is refused before
    // anything is spent, so a flood (clients that leave while they wait included) cannot grow
    // the line without end.
    if (this.signIns.pendingCount + this.throttle.waiting >= this.config.SIGN_IN_WAITING_MAX)
      throw new ThrottledError(SIGN_INS_BUSY_MESSAGE, 2);
    const emailPseudonym = this.auditTrail.pseudonymOfEmail(email);
    // The attempt is spent before argon2 runs, so parallel guesses cannot outrun the budget, and
    // before the turn, so an attempt over its budget is refused at once, not after the line.
    try {
      await this.throttle.consume(emailPseudonym, clientAddress);
    } catch (error) {
      if (error instanceof AttemptThrottledError) {
        await this.auditTrail.record({
          action: LedgerAction.LOGIN_THROTTLED,
          outcome: 'DENIED',
          actorKind: 'ANONYMOUS',
          actorId: null,
          actorRole: null,
          requestId,
          details: { emailPseudonym, budget: error.budget },
        });
      }
      throw error;
    }
    return this.signIns(() => {
      // A client that left while it waited gets no turn: its password is not checked and no
      // session opens for no one to receive (its attempt stays spent, as a guess would).
      if (gone()) throw new ThrottledError(SIGN_INS_BUSY_MESSAGE, 2);
      return this.signIn(email, password, requestId, clientAddress, emailPseudonym);
    });
  }

  /** The rest of a password sign-in, its attempt spent: one of SIGN_IN_CONCURRENCY turns. */
  private async signIn(
    email: string,
    password: string,
    requestId: string,
    clientAddress: string,
    emailPseudonym: string,
  ): Promise<LoginResult> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ email });
    const verified = user
      ? await this.hasher.verify(user.passwordHash, password)
      : await this.hasher.verifyDecoy(password);
    if (!user || !verified || user.status !== UserStatus.ACTIVE) {
      const reason = !user
        ? 'unknown account'
        : !verified
          ? 'wrong password'
          : user.status === UserStatus.PENDING
            ? 'account pending approval'
            : 'account disabled';
      // The address itself never enters the ledger; its keyed hash links repeated attempts.
      await this.auditTrail.record(
        loginFailedEvent(requestId, user?.id, { reason, emailPseudonym }),
      );
      throw new UnauthenticatedError(LOGIN_FAILED_MESSAGE);
    }
    await this.throttle.succeeded(emailPseudonym, clientAddress);

    const session = await this.dataSource.transaction(async (manager) => {
      // What argon2 checked must still hold: a password reset or change, or a disable, that
      // committed meanwhile revoked the sessions that existed then, not this one. The row stays
      // locked to the end, so one that commits after this revokes the new session with the rest;
      // locked for update, as the rehash below writes it (two sign-ins sharing a lock and both
      // rehashing would deadlock). Every password change moves password_changed_at; a rehash
      // (the same password, new parameters) does not, so it refuses no one.
      const current = await manager.findOne(UserEntity, {
        where: { id: user.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (
        !current ||
        current.passwordChangedAt.getTime() !== user.passwordChangedAt.getTime() ||
        current.status !== UserStatus.ACTIVE
      )
        return null;
      if (this.hasher.needsRehash(user.passwordHash)) {
        // Upgrade the stored hash to the current parameters, only after a successful login.
        const passwordHash = await this.hasher.hash(password);
        await manager.update(UserEntity, { id: user.id }, { passwordHash });
      }
      return this.openSession(manager, current, requestId, 'password');
    });
    if (session) return session;
    await this.auditTrail.record(
      loginFailedEvent(requestId, user.id, { reason: 'changed while signing in', emailPseudonym }),
    );
    throw new UnauthenticatedError(LOGIN_FAILED_MESSAGE);
  }

  /**
   * A session for a user whose identity was just checked, by password or by the company's
   * identity provider: with an authenticator set up, it opens only the second step
   * (completeMfa), whichever way the user came in.
   */
  async openSession(
    manager: EntityManager,
    user: UserEntity,
    requestId: string,
    method: 'password' | 'sso',
  ): Promise<LoginResult> {
    const secondStep = await manager.existsBy(UserTotpEntity, {
      userId: user.id,
      confirmedAt: Not(IsNull()),
    });
    return this.startSession(manager, user, requestId, secondStep, method);
  }

  /**
   * A new session for a user whose password (and, unless `mfaPending`, second step) was checked:
   * the token is returned once and kept only as its SHA-256.
   */
  async startSession(
    manager: EntityManager,
    user: UserEntity,
    requestId: string,
    mfaPending: boolean,
    method: 'password' | 'sso' = 'password',
  ): Promise<LoginResult> {
    const token = sessionToken();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.SESSION_ABSOLUTE_HOURS * 3_600_000);
    const session = await manager.save(
      manager.create(SessionEntity, {
        userId: user.id,
        tokenHash: sha256(token),
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
        revokedAt: null,
        mfaPending,
        sso: method === 'sso',
      }),
    );
    await this.auditTrail.record(
      {
        action: LedgerAction.LOGIN,
        outcome: 'ALLOWED',
        actorKind: 'USER',
        actorId: user.id,
        actorRole: user.role,
        requestId,
        targetType: 'Session',
        targetId: session.id,
        ...(mfaPending || method === 'sso'
          ? {
              details: {
                ...(mfaPending ? { secondStep: 'pending' } : {}),
                ...(method === 'sso' ? { method: 'sso' } : {}),
              },
            }
          : {}),
      },
      manager,
    );
    return {
      token,
      expiresAt,
      // A password that must be changed does not stand in the way of a single sign-on session.
      mustChangePassword: method === 'sso' ? false : user.mustChangePassword,
      mfaRequired: mfaPending,
    };
  }

  /**
   * Ends the caller's session and, given the console's cookie token too, the session it names if
   * it is the same user's (a request carrying a bearer token and a cookie logs both out).
   */
  async logout(ctx: RequestContext, alsoToken?: string | null): Promise<void> {
    await ctx.transaction(async (tx) => {
      if (!ctx.actor.sessionId) return;
      const ended = [ctx.actor.sessionId];
      if (alsoToken) {
        const other = await tx.manager.findOne(SessionEntity, {
          where: { tokenHash: sha256(alsoToken), userId: ctx.actor.id ?? '', revokedAt: IsNull() },
        });
        if (other && other.id !== ctx.actor.sessionId) ended.push(other.id);
      }
      for (const id of ended) {
        await tx.manager.update(
          SessionEntity,
          { id, revokedAt: IsNull() },
          { revokedAt: new Date() },
        );
        await this.auditTrail.record(
          auditEventFor(ctx, LedgerAction.LOGOUT, { type: 'Session', id }),
          tx.manager,
        );
      }
    });
  }

  /** Ends every session of a user (disabled, password reset), optionally keeping one. */
  async revokeAllFor(ctx: RequestContext, userId: string, keepSessionId?: string): Promise<void> {
    const query = ctx.manager
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ revokedAt: () => 'now()' })
      .where('user_id = :userId AND revoked_at IS NULL', { userId });
    if (keepSessionId) query.andWhere('id <> :keep', { keep: keepSessionId });
    await query.execute();
  }
}
