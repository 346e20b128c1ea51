#!/usr/bin/env node
// The backup-restore drill of docs/drills/backup-restore.md, end to end on scratch databases:
//   npm run build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node scripts/drill-backup-restore.mjs
// DATABASE_URL: a superuser on the server to drill (any database); pg_dump and pg_restore on PATH
// must match its version. Nothing of an existing Daicho database or ./.data is touched.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';

const require = createRequire(import.meta.url);
const dist = (path) => require(resolve('dist', path));
const { createApiApp } = dist('apps/api/src/create-app.js');
const { ENTITIES } = dist('apps/api/src/entities.js');
const { MIGRATIONS } = dist('migrations/index.js');
const { createDataSource, loadConfig, runMigrations } = dist('libs/platform/src/index.js');
const { PasswordHasher, UserEntity, UserStatus } = dist('libs/identity/src/index.js');

const server = process.env.DATABASE_URL;
if (!server) throw new Error('Set DATABASE_URL to a superuser connection on the server to drill.');
const urlOf = (name) => Object.assign(new URL(server), { pathname: `/${name}` }).toString();
const suffix = `${process.pid}`;
const LIVE = `daicho_drill_live_${suffix}`;
const RESTORED = `daicho_drill_restored_${suffix}`;
const PASSWORD = 'drill-Password-2026-backup!';
const step = (text) => console.log(`\n▶ ${text}`);
const run = (cmd, args, env = process.env) => {
  const out = spawnSync(cmd, args, { encoding: 'utf8', env });
  if (out.status !== 0) throw new Error(`${cmd} failed: ${out.stderr}`);
  return out.stdout;
};

/** Starts the API on a database with the drill's data directory; returns a small client. */
async function start(database, dataDir) {
  const dataSource = createDataSource({
    url: urlOf(database),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    poolSize: 4,
  });
  await dataSource.initialize();
  await runMigrations(dataSource);
  const config = loadConfig({
    DAICHO_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  });
  const app = await createApiApp({ config, dataSource });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${app.getHttpServer().address().port}/graphql`;
  const gql = async (query, variables = {}, token) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return res.json();
  };
  const userToken = async (role) => {
    const users = dataSource.getRepository(UserEntity);
    const email = `drill-${role.toLowerCase()}@example.test`;
    if (!(await users.findOneBy({ email }))) {
      await users.save(
        users.create({
          email,
          displayName: `drill ${role}`,
          role,
          department: 'Privacy office',
          status: UserStatus.ACTIVE,
          passwordHash: await app.get(PasswordHasher).hash(PASSWORD),
          mustChangePassword: false,
          passwordChangedAt: new Date(),
        }),
      );
    }
    const login = await gql('mutation($i: LoginInput!) { login(input: $i) { token } }', {
      i: { email, password: PASSWORD },
    });
    return login.data.login.token;
  };
  return { gql, userToken, stop: () => app.close() };
}

const READ = `query($id: ID!) { record(id: $id, purpose: "DATA_SUBJECT_REQUEST") { values { key } } }`;
const admin = new pg.Client({ connectionString: server });
const dataDir = await mkdtemp(join(tmpdir(), 'daicho-drill-'));
await admin.connect();
try {
  await admin.query(`CREATE DATABASE ${LIVE}`);
  await admin.query(`CREATE DATABASE ${RESTORED}`);

  step('1. two people on the live system (X will be erased, Y stays)');
  let live = await start(LIVE, dataDir);
  const hr = await live.userToken('HR');
  const people = {};
  for (const [who, email] of [
    ['X', 'drill-x@example.jp'],
    ['Y', 'drill-y@example.jp'],
  ]) {
    const created = await live.gql(
      `mutation($i: CreateRecordInput!) { createRecord(input: $i) { id subjectId } }`,
      {
        i: {
          categoryCode: 'APPLICANT',
          collectedAt: new Date().toISOString(),
          source: 'drill',
          values: [
            { key: 'name', value: `drill ${who}` },
            { key: 'email', value: email },
          ],
        },
      },
      hr,
    );
    people[who] = created.data.createRecord;
  }
  console.log(`  X subject ${people.X.subjectId}, Y subject ${people.Y.subjectId}`);
  await live.stop();

  step('2. backup: pg_dump --format=custom');
  const dump = join(dataDir, 'backup.dump');
  run('pg_dump', ['--format=custom', `--file=${dump}`, urlOf(LIVE)]);
  console.log(`  ${dump}`);

  step('3. X is erased after the backup');
  live = await start(LIVE, dataDir);
  const erased = await live.gql(
    `mutation($id: ID!) { eraseSubject(subjectId: $id, reason: "drill") { erasedAt } }`,
    { id: people.X.subjectId },
    await live.userToken('CPO'),
  );
  if (erased.errors) throw new Error(JSON.stringify(erased.errors));
  await live.stop();
  console.log(
    `  journal: ${(await readFile(join(dataDir, 'erasure-journal.jsonl'), 'utf8')).trim()}`,
  );

  step('4. restore the backup into a scratch database; Daicho starts on it (replays the journal)');
  run('pg_restore', ['--no-owner', `--dbname=${urlOf(RESTORED)}`, dump]);
  const restored = await start(RESTORED, dataDir);

  step('5. checks on the restored database');
  const cpo = await restored.userToken('CPO');
  const x = await restored.gql(READ, { id: people.X.id }, cpo);
  const y = await restored.gql(READ, { id: people.Y.id }, cpo);
  const verified = await restored.gql(
    '{ verifyLedger { ok checkedEntries } }',
    {},
    await restored.userToken('AUDITOR'),
  );
  await restored.stop();
  const checks = [
    ['X unreadable (SUBJECT_ERASED)', /^SUBJECT_ERASED/.test(x.errors?.[0]?.message ?? '')],
    ['Y readable', Array.isArray(y.data?.record?.values)],
    [
      `ledger verifies (${verified.data?.verifyLedger?.checkedEntries} entries)`,
      verified.data?.verifyLedger?.ok === true,
    ],
  ];
  for (const [what, ok] of checks) console.log(`  ${ok ? '✔' : '✘'} ${what}`);
  const cliEnv = {
    ...process.env,
    DATABASE_URL: urlOf(RESTORED),
    DAICHO_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  console.log('  npm run cli -- erasures:replay:');
  console.log(
    run(process.execPath, ['dist/apps/cli/src/main.js', 'erasures:replay'], cliEnv).replace(
      /^/gm,
      '    ',
    ),
  );
  if (checks.some(([, ok]) => !ok)) throw new Error('Drill FAILED.');
  console.log('Drill passed.');
} finally {
  for (const name of [LIVE, RESTORED])
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  await rm(dataDir, { recursive: true, force: true });
}
