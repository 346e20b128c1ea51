import { Injectable } from '@nestjs/common';
import { AppConfig, ThrottledError } from '@daicho/platform';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export const LOGIN_THROTTLED_MESSAGE =
  'Too many failed logins. Wait a few minutes, then try again or ask an administrator.';

/**
 * Brute-force limits on login (SECURITY-TESTS T19): failures are counted per account (keyed by the
 * address's pseudonym, so unknown and known addresses behave alike) and per client address; once
 * either budget is spent, logins answer THROTTLED until its window ends — a soft, self-lifting lock.
 * Successful logins clear the account's count. Counters live in this process's memory.
 */
@Injectable()
export class LoginThrottle {
  private readonly accounts: RateLimiterMemory;
  private readonly addresses: RateLimiterMemory;

  constructor(config: AppConfig) {
    this.accounts = new RateLimiterMemory({
      keyPrefix: 'login-account',
      points: config.LOGIN_FAILURES_PER_ACCOUNT,
      duration: config.LOGIN_ACCOUNT_WINDOW_SECONDS,
    });
    this.addresses = new RateLimiterMemory({
      keyPrefix: 'login-ip',
      points: config.LOGIN_FAILURES_PER_IP,
      duration: config.LOGIN_IP_WINDOW_SECONDS,
    });
  }

  /** Refuses (THROTTLED) when the account's or the address's failures are spent. */
  async assertOpen(account: string, address: string): Promise<void> {
    const [byAccount, byAddress] = [
      await this.accounts.get(account),
      await this.addresses.get(address),
    ];
    const spent = [
      [byAccount, this.accounts.points],
      [byAddress, this.addresses.points],
    ] as const;
    const waits = spent
      .filter(([res, points]) => res !== null && res.consumedPoints >= points)
      .map(([res]) => (res as RateLimiterRes).msBeforeNext);
    if (waits.length) {
      throw new ThrottledError(LOGIN_THROTTLED_MESSAGE, Math.ceil(Math.max(...waits) / 1000));
    }
  }

  async failed(account: string, address: string): Promise<void> {
    // consume() rejects once the budget is spent; the next assertOpen answers for it.
    await this.accounts.consume(account).catch(() => undefined);
    await this.addresses.consume(address).catch(() => undefined);
  }

  async succeeded(account: string): Promise<void> {
    await this.accounts.delete(account);
  }
}
