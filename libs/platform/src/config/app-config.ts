import { join } from 'node:path';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
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

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Every setting the server reads from the environment. Names are the environment variable names,
 * so a validation error names exactly what the operator has to fix.
 */
export class AppConfig extends RequestSettings {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @MinLength(1)
  HOST = '127.0.0.1';

  /** A PostgreSQL URL; when unset, an embedded PostgreSQL under DAICHO_DATA_DIR is used. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s/]*\/[^\s/?]+(\?\S*)?$/, {
    message: 'must be a URL like postgres://user:password@host:5432/database',
  })
  DATABASE_URL?: string;

  @IsString()
  @MinLength(1)
  DAICHO_DATA_DIR = './.data';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

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

  /** How many argon2 hashes may run at once, so a burst of logins cannot starve the CPU. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  PASSWORD_HASH_CONCURRENCY = 2;

  /** The web console at /console/ (GraphiQL, dashboard, reports); 404 when off. */
  @Transform(toBool)
  @IsBoolean()
  CONSOLE_ENABLED = true;

  /** Where `npm run build` put the console's files (apps/console/build.mjs). */
  @IsString()
  @MinLength(1)
  CONSOLE_DIR = 'dist/console';

  /** GraphQL introspection; on by default except when NODE_ENV=production. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  GRAPHQL_INTROSPECTION?: boolean;

  /**
   * Which proxies may tell the client's address (X-Forwarded-For), as Express's `trust proxy`:
   * `off` (default; the socket's address), a hop count, or a comma-separated list of addresses,
   * CIDRs and Express's names (`loopback`, `linklocal`, `uniquelocal`). Login throttling counts failures per client address.
   */
  @IsString()
  @Matches(
    /^(off|\d{1,2}|(loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+))*)$/,
    {
      message: 'TRUST_PROXY must be off, loopback, a hop count or addresses',
    },
  )
  TRUST_PROXY = 'off';

  /** The Express `trust proxy` value TRUST_PROXY means. */
  get trustProxy(): boolean | number | string {
    if (this.TRUST_PROXY === 'off') return false;
    if (/^\d+$/.test(this.TRUST_PROXY)) return Number(this.TRUST_PROXY);
    return this.TRUST_PROXY;
  }

  /** Largest accepted request body, in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  MAX_REQUEST_BYTES = 1024 * 1024;

  /** The ledger's name in its checkpoints: a schema-less URL (C2SP tlog-checkpoint origin). */
  @Matches(/^[a-z0-9][a-z0-9.-]*(\/[A-Za-z0-9._~-]+)*$/, {
    message: 'must be a schema-less URL such as daicho.example.co.jp/ledger',
  })
  LEDGER_ORIGIN = 'daicho.local/ledger';

  /** Ed25519 private key (PKCS#8 PEM) that signs checkpoints; generated there when missing. */
  @IsOptional()
  @IsString()
  LEDGER_SIGNING_KEY_FILE?: string;

  /** Key for the keyed hashes that stand in for e-mail addresses in ledger entries. */
  @IsOptional()
  @IsString()
  LEDGER_PSEUDONYM_KEY_FILE?: string;

  /** Plain file every checkpoint is appended to, so a copy lives outside the database. */
  @IsOptional()
  @IsString()
  LEDGER_CHECKPOINT_LOG?: string;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  LEDGER_CHECKPOINT_INTERVAL_MS = 1000;

  /** Most intake rows the sequencer seals in one transaction. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20_000)
  LEDGER_BATCH_SIZE = 2000;

  /** Master keys that wrap the data keys of personal records (holdings); generated when missing. */
  @IsOptional()
  @IsString()
  HOLDINGS_MASTER_KEY_FILE?: string;

  /** Key of the blind indexes (keyed hashes) used to find a person by e-mail, phone or name. */
  @IsOptional()
  @IsString()
  HOLDINGS_INDEX_KEY_FILE?: string;

  /**
   * Erased subjects, one JSON line each, kept outside the database: after a restore from backup,
   * `npm run cli -- erasures:replay` erases them again. Keep it with the keys, not with the backups.
   */
  @IsOptional()
  @IsString()
  HOLDINGS_ERASURE_JOURNAL_FILE?: string;

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

  /** The key that seals users' authenticator seeds at rest (AES-256-GCM); made when missing. */
  @IsOptional()
  @IsString()
  IDENTITY_MFA_KEY_FILE?: string;

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

  /** Days delivered and dead-lettered deliveries (and their events) are kept for inspection. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  WEBHOOK_HISTORY_DAYS = 30;

  /** The key that seals webhook signing secrets at rest (AES-256-GCM); made when missing. */
  @IsOptional()
  @IsString()
  INTEGRATIONS_WEBHOOK_KEY_FILE?: string;

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

  /** On when configured, and only with the console (the session it opens lives in the console's cookie). */
  get ssoEnabled(): boolean {
    return Boolean(
      this.CONSOLE_ENABLED && this.OIDC_ISSUER && this.OIDC_CLIENT_ID && this.OIDC_REDIRECT_URL,
    );
  }

  /** Hours between retention sweeps in the server (0 = only by `npm run cli -- retention:run`). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(24 * 7)
  RETENTION_SWEEP_HOURS = 24;

  /**
   * Seconds between folding newly signed entries into the access report's rollup (0 = never:
   * reports then read the entries themselves, correct but slower on a large ledger).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  ACCESS_ROLLUP_SECONDS = 60;

  /** Largest binary item (face image, voice recording, CCTV image) accepted, in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(200 * 1024 * 1024)
  HOLDINGS_MAX_BINARY_BYTES = 10 * 1024 * 1024;

  get holdingsMasterKeyFile(): string {
    return this.HOLDINGS_MASTER_KEY_FILE ?? join(this.DAICHO_DATA_DIR, 'holdings-master.keys');
  }

  get holdingsErasureJournalFile(): string {
    return (
      this.HOLDINGS_ERASURE_JOURNAL_FILE ?? join(this.DAICHO_DATA_DIR, 'erasure-journal.jsonl')
    );
  }

  get holdingsIndexKeyFile(): string {
    return this.HOLDINGS_INDEX_KEY_FILE ?? join(this.DAICHO_DATA_DIR, 'holdings-index.key');
  }

  get ledgerSigningKeyFile(): string {
    return this.LEDGER_SIGNING_KEY_FILE ?? join(this.DAICHO_DATA_DIR, 'ledger-signing-key.pem');
  }

  get identityMfaKeyFile(): string {
    return this.IDENTITY_MFA_KEY_FILE ?? join(this.DAICHO_DATA_DIR, 'identity-mfa.key');
  }

  get webhookKeyFile(): string {
    return this.INTEGRATIONS_WEBHOOK_KEY_FILE ?? join(this.DAICHO_DATA_DIR, 'webhook-secrets.key');
  }

  get ledgerPseudonymKeyFile(): string {
    return this.LEDGER_PSEUDONYM_KEY_FILE ?? join(this.DAICHO_DATA_DIR, 'ledger-pseudonym.key');
  }

  get ledgerCheckpointLog(): string {
    return this.LEDGER_CHECKPOINT_LOG ?? join(this.DAICHO_DATA_DIR, 'checkpoints.log');
  }

  get introspectionEnabled(): boolean {
    return this.GRAPHQL_INTROSPECTION ?? this.NODE_ENV !== 'production';
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}
