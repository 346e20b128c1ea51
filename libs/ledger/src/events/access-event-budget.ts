import { Injectable } from '@nestjs/common';
import { AppConfig, ThrottledError } from '@daicho/platform';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';

/** What a call spent, and when the minute it was spent in ends (this server's clock). */
export interface SpentEvents {
  keyId: string;
  events: number;
  minuteEndsAt: number;
}

/** Servers' clocks differ a little: a refund this close to the minute's end is not made. */
const CLOCK_MARGIN_MS = 2000;

/** Whether a refund at `now` still falls in the minute the events were spent in. */
export const givenBackInTime = (spent: SpentEvents, now: number): boolean =>
  now < spent.minuteEndsAt - CLOCK_MARGIN_MS;

/**
 * How many access events each integration key may report in a minute (ACCESS_EVENTS_PER_MINUTE).
 * A call's events are counted before anything is recorded, in one atomic upsert, so parallel
 * calls cannot outrun it; a refused call records nothing (all or nothing, as ever). Kept in the
 * rate-limiter table the login budgets use (login_throttle), under a prefix of its own, so every
 * server counts against the same budget.
 */
@Injectable()
export class AccessEventBudget {
  private readonly limiter: RateLimiterPostgres;
  private readonly perMinute: number;

  constructor(config: AppConfig, dataSource: DataSource) {
    this.perMinute = config.ACCESS_EVENTS_PER_MINUTE;
    this.limiter = new RateLimiterPostgres({
      storeClient: dataSource,
      storeType: 'typeorm',
      tableName: 'login_throttle',
      // Made by the migration: the runtime role creates no tables.
      tableCreated: true,
      keyPrefix: 'access-events',
      points: this.perMinute,
      duration: 60,
    });
  }

  /**
   * Gives back what a call spent when it recorded nothing (refused input, a reused event id), in
   * the minute it was spent in only: given back after that minute ended, it would start the next
   * one below zero (the store's upsert), and a key failing calls on purpose at the boundary could
   * save up room for a burst beyond the budget.
   */
  async refund(spent: SpentEvents): Promise<void> {
    if (!givenBackInTime(spent, Date.now())) return;
    await this.limiter.reward(spent.keyId, spent.events);
  }

  /** Spends `events` of the key's minute, or refuses the whole call (THROTTLED). */
  async spend(keyId: string, events: number): Promise<SpentEvents> {
    try {
      const res = await this.limiter.consume(keyId, events);
      return { keyId, events, minuteEndsAt: Date.now() + res.msBeforeNext };
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      const seconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
      throw new ThrottledError(
        `This key may report ${this.perMinute} access events a minute; nothing from this call was recorded. Retry after ${seconds} s.`,
        seconds,
      );
    }
  }
}
