import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Role } from '@daicho/access';
import { PasswordHasher, UserEntity, UserStatus } from '@daicho/identity';
import { LedgerSequencer } from '@daicho/ledger';
import { MIGRATIONS } from '@daicho/migrations';
import { ChangeFeed, createDataSource, loadConfig } from '@daicho/platform';
import { __resetOutOfContextForTests } from 'nestjs-pino/PinoLogger';
import { Client } from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/create-app';
import { ENTITIES } from '../../apps/api/src/entities';
import { createTestDatabase, type TestDatabase } from './test-database';

export const TEST_PASSWORD = 'a long enough test passphrase';

export interface GraphqlAnswer<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: {
    message: string;
    path?: string[];
    extensions?: { code?: string; [k: string]: unknown };
  }[];
}

/** A running API on its own database, driven over HTTP as a client would, with captured logs. */
export class TestApp {
  private constructor(
    readonly app: NestExpressApplication,
    readonly dataSource: DataSource,
    private readonly database: TestDatabase,
    private readonly logLines: string[],
    /** This app's own data directory (ledger keys, checkpoint file). */
    readonly dataDir: string,
  ) {}

  /**
   * `databaseUser` runs the server as that PostgreSQL role (e.g. daicho_app, as a deployment
   * would); the test's own `adminUrl` stays a superuser's.
   */
  static async start(
    env: Record<string, string> = {},
    options: {
      databaseUser?: { name: string; password: string };
      /** Start on this database (e.g. one restored from a backup) instead of a fresh one. */
      database?: TestDatabase;
    } = {},
  ): Promise<TestApp> {
    const database = options.database ?? (await createTestDatabase());
    const appUrl = new URL(database.url);
    if (options.databaseUser) {
      const { name, password } = options.databaseUser;
      // Roles are created by the migration (NOLOGIN); a deployment gives the runtime role a login.
      const admin = new Client({ connectionString: database.url });
      await admin.connect();
      await admin.query(`ALTER ROLE "${name}" LOGIN PASSWORD '${password.replace(/'/g, "''")}'`);
      await admin.end();
      appUrl.username = name;
      appUrl.password = password;
    }
    const dataDir = env.DAICHO_DATA_DIR ?? (await mkdtemp(join(tmpdir(), 'daicho-test-')));
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DAICHO_DATA_DIR: dataDir,
      // The race tests send 40–60 calls at once to a server with 5 connections; on a slow or busy
      // machine some wait longer than the 500 ms a deployment's queue allows and would be refused
      // THROTTLED before the race they test is run. The refusal itself is the overload test's
      // subject, which sets its own (short) wait.
      QUEUE_WAIT_MS: '30000',
      // Tests count how often copies are used: a stall of a second must not count the change
      // feed as lost (no test here makes a feed deaf; those that cut it end its connection).
      CHANGE_FEED_LOST_MS: '15000',
      // Likewise the health probes (the outage test runs its server with the deployment's 1 s).
      HEALTH_DATABASE_PROBE_MS: '15000',
      ...env,
    });
    const dataSource = createDataSource({
      url: appUrl.toString(),
      entities: ENTITIES,
      migrations: MIGRATIONS,
      poolSize: 5,
    });
    await dataSource.initialize();
    const logLines: string[] = [];
    const logDestination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    // nestjs-pino keeps its logger for code outside a request in a module variable, set by the
    // first app; each test app needs its own, or later apps' service logs go to the first one.
    __resetOutOfContextForTests();
    const app = await createApiApp({ config, dataSource, logDestination });
    return new TestApp(app, dataSource, database, logLines, dataDir);
  }

  /**
   * A change made in the database behind the servers' back (as an operator with psql would),
   * returned once this server has heard of it: copies of sessions, keys and the catalog end when
   * PostgreSQL's notification arrives, not in the same instant.
   */
  async changedBySql(query: string, params: unknown[] = []): Promise<void> {
    await this.dataSource.query(query, params);
    await this.app.get(ChangeFeed).settled();
  }

  /** A superuser URL of this test's database, for looking behind the application's back. */
  get adminUrl(): string {
    return this.database.url;
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  /** A file download (PDF, spreadsheet) as bytes, with the bearer token when given. */
  async download(path: string, token?: string) {
    let call = this.http.get(path);
    if (token) call = call.set('authorization', `Bearer ${token}`);
    const res = await call.buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    return { status: res.status, headers: res.headers, body: res.body as Buffer };
  }

  /** Everything the server logged so far, as one string. */
  get logs(): string {
    return this.logLines.join('');
  }

  async gql<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<GraphqlAnswer<T>> {
    let call = this.http.post('/graphql').set('content-type', 'application/json');
    if (token) call = call.set('authorization', `Bearer ${token}`);
    // An integration sends a fresh Idempotency-Key with each change, as its client library would.
    if (token?.startsWith('dk_') && /^\s*mutation\b/.test(query))
      call = call.set('idempotency-key', randomUUID());
    const res = await call.send({ query, variables });
    const body = res.body as Omit<GraphqlAnswer<T>, 'status'>;
    return { status: res.status, data: body.data, errors: body.errors };
  }

  /** Inserts an active user directly; `mustChangePassword` false unless asked. */
  async createUser(
    role: Role,
    options: { email?: string; mustChangePassword?: boolean; password?: string } = {},
  ): Promise<UserEntity> {
    const hasher = this.app.get(PasswordHasher);
    const repository = this.dataSource.getRepository(UserEntity);
    return repository.save(
      repository.create({
        email:
          options.email ??
          `${role.toLowerCase()}-${Math.random().toString(36).slice(2)}@example.test`,
        displayName: `${role} user`,
        role,
        department: 'Test',
        status: UserStatus.ACTIVE,
        passwordHash: await hasher.hash(options.password ?? TEST_PASSWORD),
        mustChangePassword: options.mustChangePassword ?? false,
        passwordChangedAt: new Date(),
      }),
    );
  }

  async login(email: string, password = TEST_PASSWORD): Promise<string> {
    const answer = await this.gql<{ login: { token: string } }>(
      'mutation($input: LoginInput!) { login(input: $input) { token } }',
      { input: { email, password } },
    );
    if (!answer.data?.login) throw new Error(`login failed: ${JSON.stringify(answer.errors)}`);
    return answer.data.login.token;
  }

  /** A user of the role, logged in; returns the user and its bearer token. */
  async loginAs(role: Role): Promise<{ user: UserEntity; token: string }> {
    const user = await this.createUser(role);
    return { user, token: await this.login(user.email) };
  }

  /**
   * An integration's API key, made by an administrator and, where its scopes reach beyond the
   * administrator's rights (access-events:write), approved by a CPO: its secret and id.
   */
  async integrationKey(name: string, scopes: string[]): Promise<{ secret: string; id: string }> {
    const admin = (await this.loginAs(Role.ADMIN)).token;
    const created = await this.gql<{
      createApiKey: { secret: string; apiKey: { id: string; approvedAt: string | null } };
    }>(
      'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id approvedAt } } }',
      { input: { name, scopes } },
      admin,
    );
    if (!created.data) throw new Error(JSON.stringify(created.errors));
    const { secret, apiKey } = created.data.createApiKey;
    if (apiKey.approvedAt === null) {
      const cpo = (await this.loginAs(Role.CPO)).token;
      const approved = await this.gql(
        'mutation($id: ID!) { approveApiKey(id: $id) { approvedAt } }',
        { id: apiKey.id },
        cpo,
      );
      if (approved.errors) throw new Error(JSON.stringify(approved.errors));
    }
    return { secret, id: apiKey.id };
  }

  async count(table: string): Promise<number> {
    const [row] = await this.dataSource.query<
      {
        n: number;
      }[]
    >(`SELECT count(*)::int AS n FROM ${table}`);
    return row?.n ?? 0;
  }

  /** Seals every committed ledger entry and signs a checkpoint now; returns the ledger's size. */
  async sealLedger(): Promise<number> {
    // A sequencer that failed (say, a deadlock victim of a test's superuser DDL) releases its
    // lease and takes it again after a pause: wait for that, as a restarted writer would.
    for (let attempt = 0; attempt < 50; attempt++) {
      const size = await this.app.get(LedgerSequencer).flush();
      if (size !== null) return size;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('this app does not hold the sequencer lease');
  }

  /** Ledger rows (sealed or waiting) matching a SQL condition, oldest first. */
  async ledgerRows(where = 'true', params: unknown[] = []): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT * FROM ledger_entries WHERE ${where} ORDER BY seq NULLS LAST, recorded_at`,
      params,
    );
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.database.drop();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  /**
   * A second server on this one's database and keys, as behind a load balancer. Stop it with
   * `stop()` (its database is this one's, dropped by this one's `close()`).
   */
  async peer(env: Record<string, string> = {}): Promise<TestApp> {
    return TestApp.start({ ...env, DAICHO_DATA_DIR: this.dataDir }, { database: this.database });
  }

  /** Stops the server but keeps its database and data directory (to restart, back up, restore). */
  async stop(): Promise<{ database: TestDatabase; dataDir: string }> {
    await this.app.close();
    return { database: this.database, dataDir: this.dataDir };
  }
}

export { Role };
