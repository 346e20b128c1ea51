import { availableParallelism } from 'node:os';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { toBool, toInt } from './config-transforms';
import { RequestSettings } from './request-settings';

/**
 * The settings of signing in: the login budgets, sessions, password hashing, the authenticator
 * duty and single sign-on. Part of AppConfig (its environment variables).
 */
export class SignInSettings extends RequestSettings {
  /**
   * Password attempts allowed per account (keyed by the e-mail address, known or not) from one
   * client address within the window; then that address's logins for it answer THROTTLED until
   * the window ends (no permanent lock), while the user at another address still logs in.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_FAILURES_PER_ACCOUNT = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 3600)
  LOGIN_ACCOUNT_WINDOW_SECONDS = 900;

  /**
   * Password attempts allowed per account from all addresses together within its window (at
   * least an hour), against guessing from rotating addresses: at most 100 an hour.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_FAILURES_PER_ACCOUNT_CEILING = 100;

  @Transform(toInt)
  @IsInt()
  @Min(3600)
  @Max(24 * 3600)
  LOGIN_ACCOUNT_CEILING_WINDOW_SECONDS = 3600;

  /** Failed logins allowed per client address within its window, across accounts. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  LOGIN_FAILURES_PER_IP = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 3600)
  LOGIN_IP_WINDOW_SECONDS = 60;

  /** Minutes without a request after which a session ends. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  SESSION_IDLE_MINUTES = 30;

  /**
   * How long a server may answer from memory what it read about a session, an API key or the
   * catalog, at most (0: never). PostgreSQL's change notifications end a copy sooner, at once;
   * while the listening connection is down nothing is answered from memory.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  READ_CACHE_MS = 5_000;

  /** Hours after login after which a session ends whatever its use (ASVS 7.3.2). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  SESSION_ABSOLUTE_HOURS = 12;

  /** argon2id memory in KiB; OWASP's minimum pairs are m=19 MiB,t=2 or m=46 MiB,t=1 (p=1). */
  @Transform(toInt)
  @IsInt()
  @Min(19456)
  @Max(1048576)
  ARGON2_MEMORY_KIB = 19456;

  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(10)
  ARGON2_TIME_COST = 2;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1)
  ARGON2_PARALLELISM = 1;

  /**
   * How many argon2 hashes may run at once, so a burst of logins cannot starve the CPU: by
   * default one core fewer than the machine has (at least one), so everything else keeps a core.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  PASSWORD_HASH_CONCURRENCY = Math.max(1, availableParallelism() - 1);

  /**
   * How many password sign-ins a server runs at once once their attempt is spent (the account's
   * look-up, argon2id, the new session); the rest wait their turn. By default as many as hashes,
   * so a burst of sign-ins is paced rather than landing on the database at once.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  SIGN_IN_CONCURRENCY = Math.max(1, availableParallelism() - 1);

  /**
   * How many password sign-ins may wait for a turn on one server; beyond, a sign-in is refused
   * (THROTTLED, Retry-After) before its attempt is spent.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  SIGN_IN_WAITING_MAX = 64;

  /**
   * Roles that must sign in with an authenticator app (comma-separated role names, or `none`):
   * by default the administrators and every role that reads personal data.
   */
  @IsString()
  @Matches(/^(none|[A-Z_]+(,[A-Z_]+)*)$/, {
    message: 'MFA_REQUIRED_ROLES must be role names separated by commas, or none',
  })
  MFA_REQUIRED_ROLES = 'ADMIN,CPO,HR,SALES,SUPPORT,FACILITIES';

  /** Days a new user of such a role may sign in without an authenticator, to set one up. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(90)
  MFA_GRACE_DAYS = 14;

  get mfaRequiredRoles(): ReadonlySet<string> {
    return new Set(this.MFA_REQUIRED_ROLES === 'none' ? [] : this.MFA_REQUIRED_ROLES.split(','));
  }

  /**
   * Single sign-on with the company's identity provider (OpenID Connect, authorization code with
   * PKCE); off while unset. https, except a loopback issuer (a provider on the same machine).
   */
  @IsOptional()
  @IsString()
  @Matches(/^(https:\/\/[^\s]+|http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/[^\s]*)?)$/, {
    message: 'OIDC_ISSUER must be an https URL (http only for 127.0.0.1 or localhost)',
  })
  OIDC_ISSUER?: string;

  /** The client id Daicho is registered with at the identity provider. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  OIDC_CLIENT_ID?: string;

  /** A file holding the client secret (confidential client); none: a public client with PKCE. */
  @IsOptional()
  @IsString()
  OIDC_CLIENT_SECRET_FILE?: string;

  /** Where the provider sends the browser back: this server's public URL + /auth/sso/callback. */
  @IsOptional()
  @IsString()
  @Matches(
    /^(https:\/\/[^\s/]+|http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?)\/auth\/sso\/callback$/,
    {
      message:
        'OIDC_REDIRECT_URL must be https://<this server>/auth/sso/callback (http only on 127.0.0.1 or localhost)',
    },
  )
  OIDC_REDIRECT_URL?: string;

  /** Only addresses in these domains sign in through the provider (comma-separated; empty: any). */
  @IsString()
  @Matches(/^([a-z0-9.-]+(,[a-z0-9.-]+)*)?$/, {
    message: 'OIDC_EMAIL_DOMAINS must be lower-case domain names separated by commas',
  })
  OIDC_EMAIL_DOMAINS = '';

  /**
   * Roles that never sign in through the provider (comma-separated role names, or `none`): by
   * default ADMIN, so the provider's administrators cannot become Daicho's.
   */
  @IsString()
  @Matches(/^(none|[A-Z_]+(,[A-Z_]+)*)$/, {
    message: 'OIDC_EXCLUDED_ROLES must be role names separated by commas, or none',
  })
  OIDC_EXCLUDED_ROLES = 'ADMIN';

  /** Accept only e-mail addresses the provider says it verified (email_verified: true). */
  @Transform(toBool)
  @IsBoolean()
  OIDC_REQUIRE_VERIFIED_EMAIL = true;
}
