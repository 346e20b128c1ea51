import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig, AuditTrail, ThrottledError } from '@daicho/platform';
import pLimit from 'p-limit';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';

export const LOGIN_THROTTLED_MESSAGE =
  'Too many failed logins. Wait a few minutes, then try again or ask an administrator.';

/** Which budget ran out, as a code for the ledger (never the address or the e-mail). */
export type ThrottleBudget = 'address' | 'account-at-address' | 'account';

/** The refusal of an attempt whose budget is spent; `budget` names which one, for the ledger. */
export class AttemptThrottledError extends ThrottledError {
  constructor(
    readonly budget: ThrottleBudget,
    retryAfterSeconds: number,
  ) {
    super(LOGIN_THROTTLED_MESSAGE, retryAfterSeconds);
  }
}

/**
 * Brute-force limits on password checks — login and changePassword. Every
 * attempt is counted (consumed) BEFORE the password is verified, so however many arrive in
 * parallel, no more than the budget are ever verified; a verified success then gives its attempt
 * back. Three budgets, checked in this order:
 * - per client address, across accounts (password spraying);
 * - per account at one client address (the account is keyed by the address's pseudonym, so unknown
 *   and known addresses behave alike): guessing from one place locks only that place out, so an
 *   attacker cannot lock the real user out from elsewhere (lockout as denial of service);
 * - per account across all addresses, a higher ceiling (≤ 100 an hour) against guessing from
 *   rotating addresses.
 * A refused attempt does not count against the later budgets. Once spent, checks answer THROTTLED
 * until the window ends — a soft, self-lifting lock. Counters live in PostgreSQL (table
 * login_throttle, rate-limiter-flexible's store: one atomic upsert per count), so the budgets hold
 * across every server behind the load balancer; their keys are SHA-256 digests.
 *
 * A server spends and gives back budgets one sign-in at a time. Sign-ins from one office come
 * from one address (its NAT or proxy), so a burst of them queues on that address's row anyway;
 * in the database, each waiter was a backend woken in turn on the row lock and a pooled
 * connection held (the default pool has ten): twenty at once held up everyone's requests for
 * 300–700 ms (docs/performance.md, item 4). In line here, they hold neither.
 */
@Injectable()
export class LoginThrottle {
  private readonly addresses: RateLimiterPostgres;
  private readonly accountAtAddress: RateLimiterPostgres;
  private readonly accounts: RateLimiterPostgres;
  private readonly turn = pLimit(1);

  constructor(
    config: AppConfig,
    dataSource: DataSource,
    private readonly auditTrail: AuditTrail,
  ) {
    const budget = (keyPrefix: string, points: number, duration: number) =>
      new RateLimiterPostgres({
        storeClient: dataSource,
        storeType: 'typeorm',
        tableName: 'login_throttle',
        // Made by the migration: the runtime role creates no tables.
        tableCreated: true,
        keyPrefix,
        points,
        duration,
      });
    this.addresses = budget(
      'login-ip',
      config.LOGIN_FAILURES_PER_IP,
      config.LOGIN_IP_WINDOW_SECONDS,
    );
    this.accountAtAddress = budget(
      'login-account-ip',
      config.LOGIN_FAILURES_PER_ACCOUNT,
      config.LOGIN_ACCOUNT_WINDOW_SECONDS,
    );
    this.accounts = budget(
      'login-account',
      config.LOGIN_FAILURES_PER_ACCOUNT_CEILING,
      config.LOGIN_ACCOUNT_CEILING_WINDOW_SECONDS,
    );
  }

  /**
   * Spends one attempt of each budget; refuses (AttemptThrottledError) when one is already spent.
   * Call before verifying the password, and `succeeded` only after it verified.
   */
  consume(account: string, address: string): Promise<void> {
    return this.turn(() => this.spend(account, address));
  }

  /** Budget work waiting for its turn on this server (SIGN_IN_WAITING_MAX counts it too). */
  get waiting(): number {
    return this.turn.pendingCount;
  }

  private async spend(account: string, address: string): Promise<void> {
    const steps: [ThrottleBudget, RateLimiterPostgres, string][] = [
      ['address', this.addresses, this.addressKey(address)],
      ['account-at-address', this.accountAtAddress, pairKey(account, this.addressKey(address))],
      ['account', this.accounts, digest(account)],
    ];
    for (const [budget, limiter, key] of steps) {
      try {
        await limiter.consume(key);
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        throw new AttemptThrottledError(
          budget,
          Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)),
        );
      }
    }
  }

  /**
   * Spends one attempt of the address's budget only: a sign-in through the identity provider
   * (no account is named until the provider answers), so one address cannot hammer it.
   */
  consumeAddress(address: string): Promise<void> {
    return this.turn(async () => {
      try {
        await this.addresses.consume(this.addressKey(address));
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        throw new AttemptThrottledError(
          'address',
          Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)),
        );
      }
    });
  }

  /** After a sign-in through the provider succeeded: its attempt was no failure. */
  addressSucceeded(address: string): Promise<void> {
    return this.turn(() => giveBack(this.addresses, this.addressKey(address)));
  }

  /** A keyed hash of the address: an unkeyed one of an IPv4 address is reversed in minutes. */
  private addressKey(address: string): string {
    return this.auditTrail.pseudonymOfAddress(address);
  }

  /** After a verified password: the attempt was no failure; this place's failures are forgiven. */
  succeeded(account: string, address: string): Promise<void> {
    return this.turn(async () => {
      await this.accountAtAddress.delete(pairKey(account, this.addressKey(address)));
      await giveBack(this.addresses, this.addressKey(address));
      await giveBack(this.accounts, digest(account));
    });
  }
}

/** Returns one spent point, never more than were spent (a window may have ended meanwhile). */
async function giveBack(limiter: RateLimiterPostgres, key: string): Promise<void> {
  const spent = await limiter.get(key);
  if (spent && spent.consumedPoints > 0) await limiter.reward(key, 1);
}

/** What the store keeps of a key: its SHA-256, never the address or the account itself. */
function digest(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function pairKey(account: string, address: string): string {
  return digest(`${account}|${address}`);
}
