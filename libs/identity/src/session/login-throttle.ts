import { Injectable } from '@nestjs/common';
import { AppConfig, ThrottledError } from '@daicho/platform';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

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
 * until the window ends — a soft, self-lifting lock. Counters live in this process's memory.
 */
@Injectable()
export class LoginThrottle {
  private readonly addresses: RateLimiterMemory;
  private readonly accountAtAddress: RateLimiterMemory;
  private readonly accounts: RateLimiterMemory;

  constructor(config: AppConfig) {
    this.addresses = new RateLimiterMemory({
      keyPrefix: 'login-ip',
      points: config.LOGIN_FAILURES_PER_IP,
      duration: config.LOGIN_IP_WINDOW_SECONDS,
    });
    this.accountAtAddress = new RateLimiterMemory({
      keyPrefix: 'login-account-ip',
      points: config.LOGIN_FAILURES_PER_ACCOUNT,
      duration: config.LOGIN_ACCOUNT_WINDOW_SECONDS,
    });
    this.accounts = new RateLimiterMemory({
      keyPrefix: 'login-account',
      points: config.LOGIN_FAILURES_PER_ACCOUNT_CEILING,
      duration: config.LOGIN_ACCOUNT_CEILING_WINDOW_SECONDS,
    });
  }

  /**
   * Spends one attempt of each budget; refuses (AttemptThrottledError) when one is already spent.
   * Call before verifying the password, and `succeeded` only after it verified.
   */
  async consume(account: string, address: string): Promise<void> {
    const steps: [ThrottleBudget, RateLimiterMemory, string][] = [
      ['address', this.addresses, address],
      ['account-at-address', this.accountAtAddress, pairKey(account, address)],
      ['account', this.accounts, account],
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

  /** After a verified password: the attempt was no failure; this place's failures are forgiven. */
  async succeeded(account: string, address: string): Promise<void> {
    await this.accountAtAddress.delete(pairKey(account, address));
    await giveBack(this.addresses, address);
    await giveBack(this.accounts, account);
  }
}

/** Returns one spent point, never more than were spent (a window may have ended meanwhile). */
async function giveBack(limiter: RateLimiterMemory, key: string): Promise<void> {
  const spent = await limiter.get(key);
  if (spent && spent.consumedPoints > 0) await limiter.reward(key, 1);
}

function pairKey(account: string, address: string): string {
  return `${account}|${address}`;
}
