import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig, AuditTrail } from '@daicho/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { loginFailedEvent } from '../common/identity-audit';
import { sha256 } from '../common/secret-hash';
import { AttemptThrottledError, LoginThrottle } from '../session/login-throttle';
import { SessionService, type LoginResult } from '../session/session.service';
import { UserEntity } from '../user/user.entity';
import { UserStatus } from '../user/user-status';
import { IdentityProvider, ProviderError } from './identity-provider';

/** Ten minutes to sign in at the provider and come back. */
const ATTEMPT_SECONDS = 600;

/** Why a return from the provider opened no session; a code for the ledger, never the provider's words. */
export type SsoRefusal =
  | 'throttled'
  | 'state mismatch'
  | 'attempt expired'
  | 'provider refused'
  | 'no verified e-mail'
  | 'domain not allowed'
  | 'unknown account'
  | 'account not active'
  | 'role signs in by password'
  | 'provider account changed';

export class SsoRefusedError extends Error {
  constructor(
    readonly reason: SsoRefusal,
    /** The keyed hash of an address no user has (repeated attempts link; the address never enters). */
    readonly emailPseudonym?: string,
    /** The user refused, when there is one. */
    readonly userId?: string,
  ) {
    super(reason);
  }
}

const token = () => randomBytes(32).toString('base64url');

/** An e-mail address in printable ASCII, lower-cased already. */
const PLAIN_EMAIL = /^[!-~]{1,254}$/;

/**
 * Signing in with the company's identity provider: the provider says who the person is (by a
 * verified e-mail address), Daicho decides what they may do — the user must exist here, be
 * active, and keeps the role given in Daicho (never one from the provider's claims: personal-data
 * roles are granted by two people in Daicho). A user with an authenticator still takes the second
 * step. Password sign-in stays (break-glass, the first administrator).
 */
@Injectable()
export class SsoSignIn {
  constructor(
    private readonly config: AppConfig,
    private readonly provider: IdentityProvider,
    private readonly sessions: SessionService,
    private readonly dataSource: DataSource,
    private readonly auditTrail: AuditTrail,
    private readonly throttle: LoginThrottle,
  ) {}

  /** Each start and each return spends one attempt of the client address's sign-in budget. */
  private async spendAttempt(clientAddress: string): Promise<void> {
    try {
      await this.throttle.consumeAddress(clientAddress);
    } catch (error) {
      if (error instanceof AttemptThrottledError) throw new SsoRefusedError('throttled');
      throw error;
    }
  }

  /** A new attempt: the state for the browser's cookie and the provider URL to send it to. */
  async start(
    clientAddress: string,
  ): Promise<{ state: string; redirectTo: URL; maxAgeSeconds: number }> {
    await this.spendAttempt(clientAddress);
    const checks = { state: token(), nonce: token(), codeVerifier: token() };
    const redirectTo = await this.provider.authorizationUrl(checks);
    await this.dataSource.query(`DELETE FROM sso_attempts WHERE expires_at < now()`);
    await this.dataSource.query(
      `INSERT INTO sso_attempts (state_hash, code_verifier, nonce, expires_at)
       VALUES ($1, $2, $3, now() + $4 * interval '1 second')`,
      [sha256(checks.state), checks.codeVerifier, checks.nonce, ATTEMPT_SECONDS],
    );
    return { state: checks.state, redirectTo, maxAgeSeconds: ATTEMPT_SECONDS };
  }

  /**
   * The browser is back with `query` (code and state) and the state cookie it was given at the
   * start (binding the return to the browser that left: no login CSRF). The attempt is taken
   * once; a refusal is a LOGIN_FAILED entry with its reason.
   */
  async finish(
    query: URLSearchParams,
    cookieState: string | undefined,
    requestId: string,
    clientAddress: string,
  ): Promise<LoginResult> {
    const state = query.get('state') ?? '';
    try {
      await this.spendAttempt(clientAddress);
      const result = await this.signIn(query, state, cookieState, requestId);
      // A sign-in that worked spent no failure: its start and its return are given back.
      await this.throttle.addressSucceeded(clientAddress);
      await this.throttle.addressSucceeded(clientAddress);
      return result;
    } catch (error) {
      if (!(error instanceof SsoRefusedError)) throw error;
      await this.auditTrail.record(
        loginFailedEvent(requestId, error.userId, {
          method: 'sso',
          reason: error.reason,
          ...(error.emailPseudonym ? { emailPseudonym: error.emailPseudonym } : {}),
        }),
      );
      throw error;
    }
  }

  private async signIn(
    query: URLSearchParams,
    state: string,
    cookieState: string | undefined,
    requestId: string,
  ): Promise<LoginResult> {
    if (!cookieState || !sameText(state, cookieState)) throw new SsoRefusedError('state mismatch');
    // Taken once: a second return with the same state (a replayed callback) finds nothing.
    const [taken] = await this.dataSource.query<
      [{ code_verifier: string; nonce: string }[], number]
    >(
      `DELETE FROM sso_attempts WHERE state_hash = $1 AND expires_at > now()
       RETURNING code_verifier, nonce`,
      [sha256(state)],
    );
    const [attempt] = taken;
    if (!attempt) throw new SsoRefusedError('attempt expired');
    const callback = new URL(this.config.OIDC_REDIRECT_URL ?? '');
    callback.search = query.toString();
    let identity;
    try {
      identity = await this.provider.identityFrom(callback, {
        state,
        nonce: attempt.nonce,
        codeVerifier: attempt.code_verifier,
      });
    } catch (error) {
      if (error instanceof ProviderError) throw new SsoRefusedError('provider refused');
      throw error;
    }
    const email = identity.email;
    // Plain ASCII addresses only: a look-alike (a Kelvin sign for K, full-width letters) that
    // lower-cases onto someone's address is another account at the provider, not theirs.
    if (!email || !PLAIN_EMAIL.test(email)) throw new SsoRefusedError('no verified e-mail');
    if (this.config.OIDC_REQUIRE_VERIFIED_EMAIL && !identity.emailVerified)
      throw new SsoRefusedError('no verified e-mail');
    const domains = this.config.OIDC_EMAIL_DOMAINS.split(',').filter(Boolean);
    if (domains.length > 0 && !domains.includes(email.slice(email.lastIndexOf('@') + 1)))
      throw new SsoRefusedError('domain not allowed');
    const subject = createHash('sha256')
      .update(`${this.config.OIDC_ISSUER ?? ''}\n${identity.subject}`, 'utf8')
      .digest();
    return this.dataSource.transaction(async (manager) => {
      const user = await manager
        .getRepository(UserEntity)
        .createQueryBuilder('u')
        .setLock('pessimistic_write')
        .where('lower(u.email) = :email', { email })
        .getOne();
      if (!user)
        throw new SsoRefusedError('unknown account', this.auditTrail.pseudonymOfEmail(email));
      if (user.status !== UserStatus.ACTIVE)
        throw new SsoRefusedError('account not active', undefined, user.id);
      const excluded = this.config.OIDC_EXCLUDED_ROLES.split(',');
      if (excluded.includes(user.role))
        throw new SsoRefusedError('role signs in by password', undefined, user.id);
      await this.bindSubject(manager, user.id, subject);
      return this.sessions.openSession(manager, user, requestId, 'sso');
    });
  }

  /**
   * The first sign-in ties the user to the provider's account (issuer and subject); every later
   * one must come from that account. An address re-used or re-assigned at the provider, or a
   * second account given the same address, takes over nobody.
   */
  private async bindSubject(
    manager: EntityManager,
    userId: string,
    subject: Buffer,
  ): Promise<void> {
    const [row] = await manager.query<{ sso_subject: Buffer | null }[]>(
      `SELECT sso_subject FROM users WHERE id = $1`,
      [userId],
    );
    if (row?.sso_subject) {
      if (!row.sso_subject.equals(subject))
        throw new SsoRefusedError('provider account changed', undefined, userId);
      return;
    }
    const [taken] = await manager.query<unknown[]>(`SELECT 1 FROM users WHERE sso_subject = $1`, [
      subject,
    ]);
    if (taken) throw new SsoRefusedError('provider account changed', undefined, userId);
    await manager.query(`UPDATE users SET sso_subject = $2 WHERE id = $1`, [userId, subject]);
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
