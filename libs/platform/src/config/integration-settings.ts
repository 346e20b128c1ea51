import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { toInt } from './config-transforms';
import { SignInSettings } from './sign-in-settings';

/** The settings of webhook delivery to internal systems. Part of AppConfig (its environment variables). */
export class IntegrationSettings extends SignInSettings {
  /**
   * Hosts webhooks may be delivered to, `host[:port]` separated by commas; https only unless an
   * entry starts with `http:` (e.g. `hooks.example.jp,http:127.0.0.1:8080`). Empty: no webhooks.
   * Link-local and cloud metadata addresses are refused whatever this says (SSRF).
   */
  @IsString()
  WEBHOOK_ALLOWED_HOSTS = ''; // parsed once at start (loadConfig), so a bad entry stops the server

  /** Attempts per delivery before it is dead-lettered (then only redelivery by hand). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  WEBHOOK_MAX_ATTEMPTS = 12;

  /** The first retry's delay in seconds; each next one doubles (with jitter) up to the cap. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  WEBHOOK_RETRY_BASE_SECONDS = 30;

  /** The longest delay between two attempts, in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 3600)
  WEBHOOK_RETRY_MAX_SECONDS = 6 * 3600;

  /** How long an endpoint may take to answer, in milliseconds. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** How often each server looks for deliveries that are due, in milliseconds (0: never here). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  WEBHOOK_RELAY_MS = 1000;

  /**
   * Access events one integration key may report in a minute (recordAccessEvents), counted
   * before they are recorded; beyond it calls answer THROTTLED with retryAfterSeconds. Without a
   * budget, one key could flood a person's record of accesses (a disclosure lists the newest
   * 500). At least one full call (1,000 events).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(1_000_000)
  ACCESS_EVENTS_PER_MINUTE = 6000;

  /** Days delivered and dead-lettered deliveries (and their events) are kept for inspection. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  WEBHOOK_HISTORY_DAYS = 30;
}
