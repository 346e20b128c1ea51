import { Injectable } from '@nestjs/common';
import type { Actor } from '@daicho/access';
import { AppConfig, ChangeFeed, NotifiedCache, UnauthenticatedError } from '@daicho/platform';
import { DataSource } from 'typeorm';
import { credentialTag, credentialTagOf } from '../common/credential-tag';
import { sha256 } from '../common/secret-hash';
import { UserTotpEntity } from '../mfa/totp.entity';
import { UserEntity } from '../user/user.entity';
import { UserStatus } from '../user/user-status';
import { SessionEntity } from './session.entity';

export const SESSION_EXPIRED_MESSAGE = 'Your session has ended; log in again.';
/** last_seen_at is refreshed at most this often, to keep reads from turning into writes. */
const TOUCH_INTERVAL_MS = 15_000;

/** What a request needs to know about its session, as read from the database. */
interface SessionFacts {
  sessionId: string;
  userId: string;
  role: UserEntity['role'];
  userStatus: UserStatus;
  userCreatedAt: number;
  mustChangePassword: boolean;
  sso: boolean;
  mfaPending: boolean;
  hasTotp: boolean;
  revoked: boolean;
  expiresAt: number;
  lastSeenAt: number;
}

/**
 * Turns a session token back into the user it belongs to, on every request. The facts read are
 * kept for a few seconds (READ_CACHE_MS) and dropped as soon as PostgreSQL says the session,
 * the user or their authenticator changed, on any server (triggers in the migration
 * ChangeNotifications); expiry, idleness and the user's status are checked on every use.
 */
@Injectable()
export class SessionLookup {
  private readonly cache: NotifiedCache<SessionFacts>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    feed: ChangeFeed,
  ) {
    this.cache = new NotifiedCache<SessionFacts>(feed, {
      channel: 'daicho_credentials',
      maxAgeMs: config.READ_CACHE_MS,
      maxEntries: 20_000,
      tagOf: credentialTagOf,
      // A logout or revocation on any server ends the very next request on this one.
      settleBeforeUse: true,
    });
  }

  /** Checks revocation, idle and absolute expiry and the user's status on every request. */
  async authenticate(token: string): Promise<Actor> {
    const hash = sha256(token);
    const facts = await this.cache.get(hash.toString('base64'), async () => {
      const read = await this.read(hash);
      if (!read) throw new UnauthenticatedError(SESSION_EXPIRED_MESSAGE);
      return { value: read, tags: [credentialTag('user', read.userId)] };
    });
    const now = Date.now();
    if (!this.usable(facts, now)) throw new UnauthenticatedError(SESSION_EXPIRED_MESSAGE);
    return {
      kind: 'USER',
      id: facts.userId,
      role: facts.role,
      mustChangePassword: facts.mustChangePassword && !facts.sso,
      scopes: [],
      sessionId: facts.sessionId,
      mfaPending: facts.mfaPending,
      mfaEnrolmentRequired: !facts.hasTotp && this.enrolmentOverdue(facts, now),
    };
  }

  /** The session and its user, touching last_seen_at when it is older than the interval. */
  private async read(hash: Buffer): Promise<SessionFacts | null> {
    const found = await this.dataSource
      .getRepository(SessionEntity)
      .createQueryBuilder('s')
      .innerJoinAndMapOne('s.user', UserEntity, 'u', 'u.id = s.userId')
      .leftJoinAndMapOne(
        's.totp',
        UserTotpEntity,
        't',
        't.userId = u.id AND t.confirmedAt IS NOT NULL',
      )
      .where('s.token_hash = :hash', { hash })
      .getOne();
    const session = found as
      (SessionEntity & { user: UserEntity; totp?: UserTotpEntity | null }) | null;
    if (!session) return null;
    const facts: SessionFacts = {
      sessionId: session.id,
      userId: session.user.id,
      role: session.user.role,
      userStatus: session.user.status,
      userCreatedAt: session.user.createdAt.getTime(),
      mustChangePassword: session.user.mustChangePassword,
      sso: session.sso,
      mfaPending: session.mfaPending,
      hasTotp: Boolean(session.totp),
      revoked: Boolean(session.revokedAt),
      expiresAt: session.expiresAt.getTime(),
      lastSeenAt: session.lastSeenAt.getTime(),
    };
    // Only a session still in use is touched: a touch must not revive an idle one.
    const now = Date.now();
    if (this.usable(facts, now) && now - facts.lastSeenAt > TOUCH_INTERVAL_MS) {
      await this.dataSource
        .getRepository(SessionEntity)
        .update({ id: session.id }, { lastSeenAt: new Date(now) });
      facts.lastSeenAt = now;
    }
    return facts;
  }

  /** Not revoked, not past its end, used within SESSION_IDLE_MINUTES, its user active. */
  private usable(facts: SessionFacts, now: number): boolean {
    return (
      !facts.revoked &&
      facts.expiresAt > now &&
      facts.lastSeenAt + this.config.SESSION_IDLE_MINUTES * 60_000 > now &&
      facts.userStatus === UserStatus.ACTIVE
    );
  }

  /**
   * A user of a role that must use an authenticator (MFA_REQUIRED_ROLES) who has not set one up
   * within MFA_GRACE_DAYS of being created: until they do, they may only set it up.
   */
  private enrolmentOverdue(facts: SessionFacts, now: number): boolean {
    if (!this.config.mfaRequiredRoles.has(facts.role)) return false;
    return facts.userCreatedAt + this.config.MFA_GRACE_DAYS * 86_400_000 <= now;
  }
}
