import { availableParallelism } from 'node:os';
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
import { IntegrationSettings } from './integration-settings';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Every setting the server reads from the environment. Names are the environment variable names,
 * so a validation error names exactly what the operator has to fix. The settings of requests,
 * signing in and integrations are declared in the classes this one extends.
 */
export class AppConfig extends IntegrationSettings {
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

  /**
   * The ledger's append runs as a named prepared statement on each pooled connection (parsed and
   * planned once there). Off for a pooler in transaction mode that does not keep prepared
   * statements per client (PgBouncer before 1.21, or max_prepared_statements = 0).
   */
  @Transform(toBool)
  @IsBoolean()
  DATABASE_PREPARED_STATEMENTS = true;

  @IsString()
  @MinLength(1)
  DAICHO_DATA_DIR = './.data';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

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

  /**
   * Worker threads that re-hash a large ledger side by side when it is verified (each with a
   * database connection of its own); 0 keeps verification in the request's thread.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(64)
  LEDGER_VERIFY_THREADS = availableParallelism();

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

  /** The key that seals users' authenticator seeds at rest (AES-256-GCM); made when missing. */
  @IsOptional()
  @IsString()
  IDENTITY_MFA_KEY_FILE?: string;

  /** The key that seals webhook signing secrets at rest (AES-256-GCM); made when missing. */
  @IsOptional()
  @IsString()
  INTEGRATIONS_WEBHOOK_KEY_FILE?: string;

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

  /**
   * Milliseconds between SIGTERM and closing the HTTP server, during which /health/ready answers
   * 503 while requests are still served: set it to the load balancer's probe interval or more.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  SHUTDOWN_DELAY_MS = 0;

  /**
   * Milliseconds the server waits, after SHUTDOWN_DELAY_MS, for the requests in flight to finish;
   * past it, it exits with status 1 anyway (an orchestrator kills it soon after in any case). The
   * transactions of requests cut off roll back in PostgreSQL: nothing is half-written.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  SHUTDOWN_TIMEOUT_MS = 25_000;

  /**
   * Milliseconds an idle kept-alive HTTP connection stays open. Longer than the idle timeout of
   * whatever sends to the server (60 s on the common load balancers, and clients' pools), so the
   * server is never the one closing a connection just as the other side sends a request on it:
   * that race is a reset connection (a 502 at a load balancer), not an answer. Node's default is 5 s.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  HTTP_KEEP_ALIVE_MS = 65_000;

  /**
   * Requests a server works on at once (GraphQL and downloads; the health probes are not
   * counted). Beyond it requests wait their turn, at most MAX_QUEUED of them for at most
   * QUEUE_WAIT_MS; the rest are answered 503 with Retry-After at once (THROTTLED), so a burst
   * beyond capacity is refused quickly instead of slowing every request down.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  MAX_IN_FLIGHT = 32;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100_000)
  MAX_QUEUED = 64;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  QUEUE_WAIT_MS = 500;

  /**
   * How long a server waits to hear its own change-feed barrier back before it counts its
   * listening connection as lost (its copies of sessions, keys and the catalog are then unused
   * until it listens again); three times this without hearing its heartbeat, likewise. Short, so
   * that a deaf connection costs a request little; longer on a network or machine that stalls.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(15_000)
  CHANGE_FEED_LOST_MS = 1_000;

  /**
   * How long the health probes wait for the database before they answer it "down": with probes
   * every second, readiness turns 503 within about 2 s of an outage.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  HEALTH_DATABASE_PROBE_MS = 1_000;

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
