import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig, AuditTrail, LedgerAction } from '@daicho/platform';
import { DataSource } from 'typeorm';
import { sha256 } from '../common/secret-hash';
import { SessionService, type LoginResult } from '../session/session.service';
import { UserEntity } from '../user/user.entity';
import { UserStatus } from '../user/user-status';
import { IdentityProvider, ProviderError } from './identity-provider';

/** Ten minutes to sign in at the provider and come back. */
const ATTEMPT_SECONDS = 600;

/** Why a return from the provider opened no session; a code for the ledger, never the provider's words. */
export type SsoRefusal =
  | 'state mismatch'
  | 'attempt expired'
  | 'provider refused'
  | 'no verified e-mail'
  | 'unknown account'
  | 'account not active';

export class SsoRefusedError extends Error {
  constructor(
    readonly reason: SsoRefusal,
    /** The keyed hash of an address no user has (repeated attempts link; the address never enters). */
    readonly emailPseudonym?: string,
  ) {
    super(reason);
  }
}

const token = () => randomBytes(32).toString('base64url');

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
  ) {}

  /** A new attempt: the state for the browser's cookie and the provider URL to send it to. */
  async start(): Promise<{ state: string; redirectTo: URL; maxAgeSeconds: number }> {
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
  ): Promise<LoginResult> {
    const state = query.get('state') ?? '';
    try {
      return await this.signIn(query, state, cookieState, requestId);
    } catch (error) {
      if (!(error instanceof SsoRefusedError)) throw error;
      await this.auditTrail.record({
        action: LedgerAction.LOGIN_FAILED,
        outcome: 'DENIED',
        actorKind: 'ANONYMOUS',
        actorId: null,
        actorRole: null,
        requestId,
        details: {
          method: 'sso',
          reason: error.reason,
          ...(error.emailPseudonym ? { emailPseudonym: error.emailPseudonym } : {}),
        },
      });
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
    if (!identity.email || (this.config.OIDC_REQUIRE_VERIFIED_EMAIL && !identity.emailVerified))
      throw new SsoRefusedError('no verified e-mail');
    return this.dataSource.transaction(async (manager) => {
      const user = await manager
        .getRepository(UserEntity)
        .createQueryBuilder('u')
        .setLock('pessimistic_read')
        .where('lower(u.email) = :email', { email: identity.email })
        .getOne();
      if (!user)
        throw new SsoRefusedError(
          'unknown account',
          this.auditTrail.pseudonymOfEmail(identity.email ?? ''),
        );
      if (user.status !== UserStatus.ACTIVE) throw new SsoRefusedError('account not active');
      return this.sessions.openSession(manager, user, requestId, 'sso');
    });
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
