import { Injectable } from '@nestjs/common';
import { Role, type Actor } from '@daicho/access';
import { AppConfig, ChangeFeed, NotifiedCache, UnauthenticatedError } from '@daicho/platform';
import { DataSource } from 'typeorm';
import { credentialTag, credentialTagOf } from '../common/credential-tag';
import { sha256 } from '../common/secret-hash';
import { ApiKeyEntity } from './api-key.entity';

export const INVALID_KEY_MESSAGE = 'The API key is invalid, expired or revoked.';
/** Said only to whoever holds the key's secret: the key is theirs, and they can act on it. */
export const UNAPPROVED_KEY_MESSAGE =
  'This API key waits for the CPO’s approval: its scopes reach beyond the rights of the one who created it.';
const TOUCH_INTERVAL_MS = 60_000;

interface KeyFacts {
  id: string;
  scopes: string[];
  allowListed: boolean;
  revoked: boolean;
  expiresAt: number | null;
  approved: boolean;
}

/**
 * Turns an API key back into its actor on every call. As with sessions, what was read is kept for
 * a few seconds (READ_CACHE_MS) and dropped as soon as PostgreSQL says the key was revoked or
 * changed, on any server; expiry is checked on every use.
 */
@Injectable()
export class ApiKeyLookup {
  private readonly cache: NotifiedCache<KeyFacts>;

  constructor(
    private readonly dataSource: DataSource,
    config: AppConfig,
    feed: ChangeFeed,
  ) {
    this.cache = new NotifiedCache<KeyFacts>(feed, {
      channel: 'daicho_credentials',
      maxAgeMs: config.READ_CACHE_MS,
      maxEntries: 5_000,
      tagOf: credentialTagOf,
      // A logout or revocation on any server ends the very next request on this one.
      settleBeforeUse: true,
    });
  }

  async authenticate(secret: string): Promise<Actor> {
    const hash = sha256(secret);
    const key = await this.cache.get(hash.toString('base64'), async () => {
      const read = await this.read(hash);
      if (!read) throw new UnauthenticatedError(INVALID_KEY_MESSAGE);
      return { value: read, tags: [credentialTag('key', read.id)] };
    });
    if (!usable(key, Date.now())) throw new UnauthenticatedError(INVALID_KEY_MESSAGE);
    if (!key.approved) throw new UnauthenticatedError(UNAPPROVED_KEY_MESSAGE);
    return {
      kind: 'API_KEY',
      id: key.id,
      role: Role.INTEGRATION,
      mustChangePassword: false,
      scopes: [...key.scopes],
      operationsLimited: key.allowListed,
    };
  }

  /** The key's row, touching last_used_at when it is older than the interval. */
  private async read(hash: Buffer): Promise<KeyFacts | null> {
    const repository = this.dataSource.getRepository(ApiKeyEntity);
    const key = await repository.findOneBy({ secretHash: hash });
    if (!key) return null;
    const facts: KeyFacts = {
      id: key.id,
      scopes: [...key.scopes],
      allowListed: key.allowListed,
      revoked: Boolean(key.revokedAt),
      expiresAt: key.expiresAt?.getTime() ?? null,
      approved: key.approvedAt !== null,
    };
    const now = Date.now();
    if (
      usable(facts, now) &&
      (!key.lastUsedAt || now - key.lastUsedAt.getTime() > TOUCH_INTERVAL_MS)
    ) {
      await repository.update({ id: key.id }, { lastUsedAt: new Date(now) });
    }
    return facts;
  }
}

/** Not revoked and not past its expiry. */
function usable(key: KeyFacts, now: number): boolean {
  return !key.revoked && (key.expiresAt === null || key.expiresAt > now);
}
