import { randomBytes } from 'node:crypto';
import { MIGRATIONS } from '@daicho/migrations';
import { createDataSource, runMigrations } from '@daicho/platform';
import { AccessRollup } from '@daicho/reports';
import { Client } from 'pg';
import { Role, TestApp } from '../harness/test-app';

/**
 * the server runs as daicho_app, which may only insert and read
 * ledger rows, owns nothing, and cannot switch the protections off; a failing ledger write fails
 * the operation it records.
 */
describe('the daicho_app database role', () => {
  const password = randomBytes(18).toString('base64url');
  let t: TestApp;
  let admin: Client;
  let app: Client;

  beforeAll(async () => {
    t = await TestApp.start({}, { databaseUser: { name: 'daicho_app', password } });
    admin = new Client({ connectionString: t.adminUrl });
    await admin.connect();
    const appUrl = new URL(t.adminUrl);
    appUrl.username = 'daicho_app';
    appUrl.password = password;
    app = new Client({ connectionString: appUrl.toString() });
    await app.connect();
  });
  afterAll(async () => {
    await app.end();
    await admin.query('ALTER ROLE daicho_app NOLOGIN');
    await admin.end();
    await t.close();
  });

  it('is no superuser, owns nothing, and holds exactly the committed grants', async () => {
    const { rows: role } = await admin.query(
      `SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolreplication
         FROM pg_roles WHERE rolname = 'daicho_app'`,
    );
    expect(role).toEqual([
      {
        rolsuper: false,
        rolbypassrls: false,
        rolcreaterole: false,
        rolcreatedb: false,
        rolreplication: false,
      },
    ]);
    const { rows: owned } = await admin.query(
      `SELECT c.relname, r.rolname AS owner FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`,
    );
    expect(owned.every((r: { owner: string }) => r.owner === 'daicho_owner')).toBe(true);
    const { rows: owner } = await admin.query(
      `SELECT rolcanlogin FROM pg_roles WHERE rolname = 'daicho_owner'`,
    );
    expect(owner).toEqual([{ rolcanlogin: false }]);
    const { rows: grants } = await admin.query(
      `SELECT table_name, string_agg(privilege_type, ',' ORDER BY privilege_type) AS privileges
         FROM information_schema.role_table_grants
        WHERE grantee = 'daicho_app' AND table_schema = 'public'
        GROUP BY table_name ORDER BY table_name`,
    );
    // The committed snapshot: change it only together with a migration that changes the grants.
    expect(grants).toEqual([
      { table_name: 'access_grants', privileges: 'INSERT,SELECT' },
      // Written only through access_rollup_fold (migration 1765020000000).
      { table_name: 'access_rollup', privileges: 'SELECT' },
      { table_name: 'access_rollup_mark', privileges: 'SELECT' },
      { table_name: 'access_rollup_sums', privileges: 'SELECT' },
      { table_name: 'api_key_operations', privileges: 'DELETE,INSERT,SELECT' },
      { table_name: 'api_keys', privileges: 'DELETE,INSERT,SELECT,UPDATE' },
      { table_name: 'catalog_versions', privileges: 'INSERT,SELECT' },
      { table_name: 'category_change_proposals', privileges: 'INSERT,SELECT,UPDATE' },
      { table_name: 'complaint_numbers', privileges: 'INSERT,SELECT' },
      { table_name: 'complaint_steps', privileges: 'INSERT,SELECT' },
      { table_name: 'complaints', privileges: 'INSERT,SELECT' },
      { table_name: 'consents', privileges: 'INSERT,SELECT' },
      { table_name: 'corrective_actions', privileges: 'INSERT,SELECT' },
      { table_name: 'data_categories', privileges: 'INSERT,SELECT,UPDATE' },
      { table_name: 'data_subject_requests', privileges: 'INSERT,SELECT' },
      { table_name: 'data_subjects', privileges: 'INSERT,SELECT,UPDATE' },
      { table_name: 'entrustment_contracts', privileges: 'INSERT,SELECT' },
      { table_name: 'entrustment_subjects', privileges: 'INSERT,SELECT' },
      { table_name: 'entrustments', privileges: 'INSERT,SELECT' },
      { table_name: 'hand_offs', privileges: 'INSERT,SELECT' },
      { table_name: 'holdings_keyring', privileges: 'SELECT,UPDATE' },
      { table_name: 'idempotency_keys', privileges: 'DELETE,INSERT,SELECT,UPDATE' },
      { table_name: 'incident_client_notices', privileges: 'INSERT,SELECT' },
      { table_name: 'incident_evidence', privileges: 'INSERT,SELECT' },
      { table_name: 'incident_numbers', privileges: 'INSERT,SELECT' },
      { table_name: 'incident_report_drafts', privileges: 'INSERT,SELECT' },
      { table_name: 'incident_reportable_marks', privileges: 'INSERT,SELECT' },
      { table_name: 'incident_reports', privileges: 'INSERT,SELECT' },
      { table_name: 'incident_scope', privileges: 'INSERT,SELECT' },
      { table_name: 'incident_steps', privileges: 'INSERT,SELECT' },
      { table_name: 'incidents', privileges: 'INSERT,SELECT' },
      // Checkpoints through ledger_record_checkpoint, tree and head through ledger_seal only.
      { table_name: 'ledger_checkpoints', privileges: 'SELECT' },
      { table_name: 'ledger_entries', privileges: 'INSERT,SELECT' },
      { table_name: 'ledger_head', privileges: 'SELECT' },
      { table_name: 'ledger_recorded_hours', privileges: 'SELECT' },
      { table_name: 'ledger_tree_nodes', privileges: 'SELECT' },
      { table_name: 'ledger_verifications', privileges: 'INSERT,SELECT' },
      { table_name: 'login_throttle', privileges: 'DELETE,INSERT,SELECT,UPDATE' },
      { table_name: 'outbox_events', privileges: 'DELETE,INSERT,SELECT' },
      { table_name: 'parties', privileges: 'INSERT,SELECT' },
      { table_name: 'personal_records', privileges: 'INSERT,SELECT,UPDATE' },
      { table_name: 'provision_approvals', privileges: 'INSERT,SELECT' },
      { table_name: 'provision_rules', privileges: 'INSERT,SELECT' },
      { table_name: 'provision_subjects', privileges: 'INSERT,SELECT' },
      { table_name: 'provisions', privileges: 'INSERT,SELECT' },
      { table_name: 'purposes', privileges: 'INSERT,SELECT,UPDATE' },
      { table_name: 'receipts', privileges: 'INSERT,SELECT' },
      { table_name: 'recipients', privileges: 'INSERT,SELECT,UPDATE' },
      { table_name: 'record_binaries', privileges: 'INSERT,SELECT,UPDATE' },
      { table_name: 'request_decisions', privileges: 'INSERT,SELECT' },
      { table_name: 'request_execution_claims', privileges: 'INSERT,SELECT' },
      { table_name: 'request_executions', privileges: 'INSERT,SELECT' },
      { table_name: 'request_fee_payments', privileges: 'INSERT,SELECT' },
      { table_name: 'request_identity_checks', privileges: 'INSERT,SELECT' },
      { table_name: 'request_numbers', privileges: 'INSERT,SELECT' },
      { table_name: 'request_pauses', privileges: 'INSERT,SELECT' },
      { table_name: 'request_referrals', privileges: 'INSERT,SELECT' },
      { table_name: 'request_responses', privileges: 'INSERT,SELECT' },
      { table_name: 'request_subjects', privileges: 'INSERT,SELECT' },
      { table_name: 'retention_sweep_lease', privileges: 'SELECT,UPDATE' },
      { table_name: 'schema_migrations', privileges: 'SELECT' },
      { table_name: 'sessions', privileges: 'DELETE,INSERT,SELECT,UPDATE' },
      { table_name: 'sso_attempts', privileges: 'DELETE,INSERT,SELECT' },
      { table_name: 'storage_systems', privileges: 'INSERT,SELECT,UPDATE' },
      { table_name: 'subject_blind_indexes', privileges: 'DELETE,INSERT,SELECT' },
      { table_name: 'subject_legal_holds', privileges: 'DELETE,INSERT,SELECT' },
      { table_name: 'supervision_reviews', privileges: 'INSERT,SELECT' },
      { table_name: 'user_recovery_codes', privileges: 'DELETE,INSERT,SELECT,UPDATE' },
      { table_name: 'user_totp', privileges: 'DELETE,INSERT,SELECT,UPDATE' },
      { table_name: 'users', privileges: 'DELETE,INSERT,SELECT,UPDATE' },
      { table_name: 'webhook_deliveries', privileges: 'DELETE,INSERT,SELECT,UPDATE' },
      { table_name: 'webhooks', privileges: 'INSERT,SELECT,UPDATE' },
    ]);
    // The job engine's schema (pg-boss, installed by a migration): rows only, no DDL, so the
    // server starts it with migrate: false and creates no queue of its own.
    const { rows: jobs } = await admin.query(
      `SELECT bool_and(privilege_type IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE')) AS rows_only,
              bool_or(has_schema_privilege('daicho_app', 'pgboss', 'CREATE')) AS can_create
         FROM information_schema.role_table_grants
        WHERE grantee = 'daicho_app' AND table_schema = 'pgboss'`,
    );
    expect(jobs).toEqual([{ rows_only: true, can_create: false }]);
    // Records of hand-offs are never changed; only a consent's withdrawal and a contract's end
    // may be written later, column by column (and a consent's clear evidence sealed once, which
    // a trigger holds to that one change).
    const { rows: columns } = await admin.query(
      `SELECT table_name, string_agg(column_name, ',' ORDER BY column_name) AS columns
         FROM information_schema.column_privileges
        WHERE grantee = 'daicho_app' AND privilege_type = 'UPDATE'
          AND table_name IN ('access_grants', 'consents', 'entrustment_contracts', 'provision_rules', 'provisions', 'hand_offs',
                             'provision_subjects', 'provision_approvals', 'receipts', 'entrustments',
                             'data_subject_requests', 'request_numbers', 'request_pauses', 'request_referrals',
                             'request_identity_checks', 'request_fee_payments', 'request_decisions',
                             'incidents', 'incident_scope', 'incident_steps', 'incident_reports',
                             'complaints', 'complaint_steps', 'corrective_actions')
        GROUP BY table_name ORDER BY table_name`,
    );
    expect(columns).toEqual([
      { table_name: 'access_grants', columns: 'decided_at,decided_by,reason,status' },
      {
        table_name: 'complaints',
        columns:
          'closed_at,outcome,referred_to_jipdec_on,sealed_outcome_note,status,updated_at,version',
      },
      {
        table_name: 'consents',
        columns: 'evidence,evidence_sealed,withdrawal_recorded_by,withdrawn_at',
      },
      {
        table_name: 'corrective_actions',
        columns:
          'done_by,done_on,effective,effectiveness_checked_on,sealed_done_note,sealed_effectiveness_note,updated_at,version',
      },
      {
        table_name: 'data_subject_requests',
        columns: 'closed_at,due_on,fee_paid,missing,paused_on,status,updated_at,version',
      },
      { table_name: 'entrustment_contracts', columns: 'end_confirmation,ended_by,ended_on' },
      // An incident's steps, reports and notices are evidence; its stage, exemption and the
      // items and sources of a record already in scope are written later.
      { table_name: 'incident_scope', columns: 'item_keys,sources' },
      {
        table_name: 'incidents',
        columns:
          'aware_at,cause,closed_at,encryption_exempt,final_due_on,no_personal_data_found_on,preliminary_due_on,preliminary_overdue_on,sealed_exemption_note,stage,updated_at,version,wrongful_purpose',
      },
      { table_name: 'provision_rules', columns: 'retired_at' },
      // A request's checks, fees and decision are evidence; only its progress, a pause's end and
      // a referral's answer are written later.
      {
        table_name: 'request_numbers',
        columns: 'last',
      },
      { table_name: 'request_pauses', columns: 'business_days,resumed_on' },
      {
        table_name: 'request_referrals',
        columns: 'instruction_received_on,instruction_recorded_by,sealed_instruction',
      },
    ]);
  });

  it('starts on a current schema without needing to migrate', async () => {
    const appUrl = new URL(t.adminUrl);
    appUrl.username = 'daicho_app';
    appUrl.password = password;
    const asApp = createDataSource({
      url: appUrl.toString(),
      entities: [],
      migrations: MIGRATIONS,
      poolSize: 1,
    });
    await asApp.initialize();
    try {
      expect(await runMigrations(asApp)).toEqual([]);
    } finally {
      await asApp.destroy();
    }
  });

  it('serves requests and seals the ledger through ledger_seal alone', async () => {
    const { token } = await t.loginAs(Role.AUDITOR);
    const size = await t.sealLedger();
    expect(size).toBeGreaterThanOrEqual(1);
    const answer = await t.gql<{ verifyLedger: { ok: boolean; checkedEntries: number } }>(
      '{ verifyLedger { ok checkedEntries } }',
      {},
      token,
    );
    expect(answer.data?.verifyLedger).toEqual({ ok: true, checkedEntries: size });
  });

  it('seals through a ledger_seal that sets its own search path and planner settings', async () => {
    // CREATE OR REPLACE of a function drops its SET clauses: a later migration that replaces
    // ledger_seal must set them again (the sequencer no longer restores the planner settings).
    const [row] = await admin
      .query<{ settings: string[] }>(
        `SELECT proconfig AS settings FROM pg_proc WHERE proname = 'ledger_seal'`,
      )
      .then((r) => r.rows);
    expect(row!.settings).toEqual(
      expect.arrayContaining([
        'search_path=pg_catalog, public, pg_temp',
        'enable_bitmapscan=on',
        'enable_sort=on',
        'enable_seqscan=off',
        'jit=off',
      ]) as unknown,
    );
  });

  it('keeps pg_temp last in the rollup functions, whichever migration replaced them last', async () => {
    const { rows } = await admin.query<{ name: string; settings: string[] | null }>(
      `SELECT proname AS name, proconfig AS settings FROM pg_proc
        WHERE proname IN ('access_rollup_fold', 'access_rollup_refresh_sums') ORDER BY proname`,
    );
    expect(rows.map((r) => [r.name, r.settings])).toEqual([
      ['access_rollup_fold', ['search_path=pg_catalog, public, pg_temp']],
      ['access_rollup_refresh_sums', ['search_path=pg_catalog, public, pg_temp']],
    ]);
  });

  it('cannot update, delete, truncate or unprotect the ledger', async () => {
    const count = async () =>
      Number(
        (await admin.query<{ n: string }>('SELECT count(*) AS n FROM ledger_entries')).rows[0]!.n,
      );
    const before = await count();
    const attempts = [
      `UPDATE ledger_entries SET outcome = 'DENIED'`,
      'DELETE FROM ledger_entries',
      'TRUNCATE ledger_entries',
      `UPDATE ledger_head SET size = 0`,
      'DELETE FROM ledger_checkpoints',
      'ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only',
      'DROP TRIGGER ledger_entries_append_only ON ledger_entries',
      'ALTER EVENT TRIGGER ledger_refuse_ddl_end DISABLE',
      `SELECT ledger_seal(0, ARRAY[gen_random_uuid()], ARRAY[sha256('a'::bytea)], ARRAY[sha256('b'::bytea)],
          now(), '{}', '{}', '{}', '{}', sha256('c'::bytea))`,
      // A node for a position not sealed yet would stop every later seal; a checkpoint for a size
      // and root of one's choosing would read as a fork for ever.
      `INSERT INTO ledger_tree_nodes (level, index, hash) VALUES (1, 1000000000, sha256('n'::bytea))`,
      `INSERT INTO ledger_checkpoints (tree_size, root, issued_at, note)
         VALUES (1000000000, sha256('r'::bytea), now(), 'x')`,
      `SELECT ledger_record_checkpoint(1000000000, sha256('r'::bytea), now(), 'x')`,
      `SELECT ledger_record_checkpoint(h.size, sha256('r'::bytea), now(), 'x') FROM ledger_head h`,
      `SELECT ledger_record_checkpoint(h.size, h.root, now(), 'x') FROM ledger_head h`,
      `SELECT ledger_record_checkpoint(h.size, h.root, now() + interval '1 day',
          E'o\\n' || h.size || E'\\n' || encode(h.root, 'base64') || E'\\n') FROM ledger_head h`,
      // The head, a note naming it and its time, but dated before the last checkpoint.
      `SELECT ledger_record_checkpoint(h.size, h.root, timestamptz '2000-01-01 00:00:00Z',
          E'o\\n' || h.size || E'\\n' || encode(h.root, 'base64')
          || E'\\ntime 2000-01-01T00:00:00.000Z\\n') FROM ledger_head h`,
    ];
    for (const sql of attempts) {
      const error = await app.query(sql).then(
        () => null,
        (e: { code?: string }) => e,
      );
      expect({ sql, code: error?.code }).toEqual({
        sql,
        code: expect.stringMatching(/^(42501|DL001|DL002|DL003)$/) as unknown,
      });
    }
    expect(await count()).toBe(before);
  });

  it('cannot lower the access report’s counts: the rollup moves only by access_rollup_fold', async () => {
    // A refusal the report counts (HR asking for the auditor's verification).
    const { token: hr } = await t.loginAs(Role.HR);
    const refused = await t.gql('{ verifyLedger { ok } }', {}, hr);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await t.sealLedger();
    const rollup = t.app.get(AccessRollup);
    const [{ signed } = { signed: '0' }] = (
      await admin.query<{ signed: string }>(
        'SELECT max(tree_size)::text AS signed FROM ledger_checkpoints',
      )
    ).rows;
    // The server's own fold, as daicho_app, through the function: up to the signed checkpoint
    // and no further, however far it is asked to go.
    expect(await rollup.catchUp(Number(signed) + 1000)).toBe(Number(signed));
    const snapshot = async () =>
      (
        await admin.query<{ rollup: string; sums: string; mark: string }>(
          `SELECT (SELECT COALESCE(sum(entries), 0) FROM access_rollup)::text AS rollup,
                  (SELECT count(*) FROM access_rollup_sums)::text AS sums,
                  (SELECT through_seq FROM access_rollup_mark)::text AS mark`,
        )
      ).rows[0];
    const before = await snapshot();
    expect(Number(before?.rollup)).toBeGreaterThan(0);
    for (const sql of [
      'UPDATE access_rollup SET entries = 0',
      'DELETE FROM access_rollup',
      'TRUNCATE access_rollup',
      `INSERT INTO access_rollup (actor_id, actor_kind, action, outcome, day, hour, entries,
         after_hours, first_seq, last_seq) VALUES ('x', 'USER', 'READ', 'ALLOWED', current_date, 1,
         -100, 0, 1, 1)`,
      `UPDATE access_rollup_sums SET sums = '{"d":[],"c":[],"p":[]}'`,
      'DELETE FROM access_rollup_sums',
      'UPDATE access_rollup_mark SET through_seq = 0',
      `SELECT access_rollup_refresh_sums(ARRAY[current_date])`,
    ]) {
      const error = await app.query(sql).then(
        () => null,
        (e: { code?: string }) => e,
      );
      expect({ sql, code: error?.code }).toEqual({ sql, code: '42501' });
    }
    // Asked to fold with a batch of nothing, it refuses; asked again, it has nothing to add.
    const noBatch = await app.query('SELECT access_rollup_fold(1000000, 0)').then(
      () => null,
      (e: { code?: string }) => e,
    );
    expect(noBatch?.code).toBe('22023');
    await app.query('SELECT access_rollup_fold(1000000, 1000000)');
    expect(await snapshot()).toEqual(before);

    // Temporary tables of the same names, granted to the owner, do not stand in for the real
    // ones inside the definer functions (pg_temp is searched last there): the fold would
    // otherwise refold an entry into a rollup of the caller's and remake the day's real sums
    // from it.
    const [counted] = (
      await admin.query<{ seq: string }>(
        `SELECT seq::text FROM ledger_entries WHERE outcome = 'DENIED' AND actor_kind = 'USER'
          ORDER BY seq DESC LIMIT 1`,
      )
    ).rows;
    const sums = async () =>
      (
        await admin.query<{ sums: string }>(
          'SELECT sums::text FROM access_rollup_sums ORDER BY day, hour',
        )
      ).rows;
    const sumsBefore = await sums();
    await app.query(`CREATE TEMP TABLE access_rollup (LIKE public.access_rollup INCLUDING DEFAULTS,
      CONSTRAINT access_rollup_key UNIQUE NULLS NOT DISTINCT
        (day, hour, actor_kind, actor_id, category_code, purpose_code, action, outcome))`);
    await app.query(
      'CREATE TEMP TABLE access_rollup_mark (LIKE public.access_rollup_mark INCLUDING DEFAULTS)',
    );
    await app.query('INSERT INTO pg_temp.access_rollup_mark (through_seq) VALUES ($1)', [
      Number(counted!.seq) - 1,
    ]);
    await app.query(
      'GRANT ALL ON pg_temp.access_rollup, pg_temp.access_rollup_mark TO daicho_owner',
    );
    await app.query('SELECT access_rollup_fold($1, 1)', [Number(counted!.seq)]);
    expect(await sums()).toEqual(sumsBefore);
    expect(await snapshot()).toEqual(before);
    expect((await app.query('SELECT count(*)::int AS n FROM pg_temp.access_rollup')).rows).toEqual([
      { n: 0 },
    ]);
    await app.query('DROP TABLE pg_temp.access_rollup, pg_temp.access_rollup_mark');

    // A checkpoint row claiming more than the sealed ledger holds (a superuser's: the role can no
    // longer write one) is no basis to fold up to: the mark stays within the head.
    const [{ head } = { head: '0' }] = (
      await admin.query<{ head: string }>('SELECT size::text AS head FROM ledger_head')
    ).rows;
    await admin.query(
      `INSERT INTO ledger_checkpoints (tree_size, root, issued_at, note)
       SELECT tree_size + 100000, root, issued_at + interval '1 second', note
         FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1`,
    );
    await app.query('SELECT access_rollup_fold($1, 1000000000)', [Number(head) + 100000]);
    expect(Number((await snapshot())?.mark)).toBeLessThanOrEqual(Number(head));
    // Nor is it a basis for a report: its note signs another size, so no document is issued.
    const { token: cpo } = await t.loginAs(Role.CPO);
    const report = await t.gql(
      `query($from: DateTime!, $to: DateTime!) { accessReport(from: $from, to: $to) { basis { treeSize } } }`,
      { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() },
      cpo,
    );
    expect(report.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(report.errors?.[0]?.message).toMatch(/^The latest checkpoint is not signed/);
  });

  it('when the ledger write fails, the operation fails and leaves nothing behind', async () => {
    const user = await t.createUser(Role.HR);
    const sessions = await t.count('sessions');
    await admin.query('REVOKE INSERT ON ledger_entries FROM daicho_app');
    try {
      const answer = await t.gql('mutation($i: LoginInput!) { login(input: $i) { token } }', {
        i: { email: user.email, password: 'a long enough test passphrase' },
      });
      expect(answer.errors?.[0]!.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(answer.data ?? null).toBeNull();
      expect(JSON.stringify(answer)).not.toMatch(/ledger_entries|permission denied/);
      expect(await t.count('sessions')).toBe(sessions);
    } finally {
      await admin.query('GRANT INSERT ON ledger_entries TO daicho_app');
    }
  });
});
