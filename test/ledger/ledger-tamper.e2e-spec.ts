import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TestApp, Role } from '../harness/test-app';
import {
  recomputeChainFrom,
  rewriteBundleWithKey,
  signCheckpointForTest,
} from './ledger-recompute';
import {
  appendReads,
  asSuperuserAttacker,
  firstBadSeqIn,
  growTo,
  verifyOffline,
} from './ledger-tamper.helpers';

const VERIFY = `query($trusted: String) { verifyLedger(trustedCheckpoint: $trusted) {
  ok checkedEntries checkedCheckpoints firstInvalidSeq reason } }`;
// The entry under attack and the last one; checkpoints are signed at K-1, K and LAST. They are
// counted from whatever the ledger holds after start-up (the catalog load writes entries too).
let K = 0;
let LAST = 0;

interface Report {
  ok: boolean;
  firstInvalidSeq: number | null;
  reason: string | null;
}

/**
 * Each case is an attacker with SQL superuser rights. Every attack must be caught by verifyLedger
 * (over GraphQL, as an auditor) and by tools/verify-ledger.js on an exported bundle, naming the
 * first bad sequence number where one entry is at fault.
 */
describe('ledger tampering is detected', () => {
  let t: TestApp;
  let auditor: string;
  let trustedNote: string;
  let trustedFile: string;

  const verify = async (trusted?: string): Promise<Report> => {
    const answer = await t.gql<{ verifyLedger: Report }>(VERIFY, { trusted }, auditor);
    if (!answer.data) throw new Error(JSON.stringify(answer.errors));
    return answer.data.verifyLedger;
  };

  const expectCaught = async (seq: number | null, reason: RegExp, attack = '') => {
    const report = await verify();
    expect({ attack, ...report }).toMatchObject({ attack, ok: false, firstInvalidSeq: seq });
    expect(report.reason).toMatch(reason);
    const offline = await verifyOffline(t);
    const outcome = { attack, code: offline.code, seq: firstBadSeqIn(offline.output) };
    if (outcome.seq !== seq) process.stdout.write(offline.output);
    expect(outcome).toEqual({ attack, code: 1, seq });
  };

  beforeEach(async () => {
    t = await TestApp.start();
    auditor = (await t.loginAs(Role.AUDITOR)).token;
    const base = await t.sealLedger();
    K = base + 15;
    LAST = base + 30;
    await growTo(t, K - 1);
    await growTo(t, K);
    await growTo(t, LAST);
    const [row] = await t.dataSource.query<{ note: string }[]>(
      'SELECT note FROM ledger_checkpoints WHERE tree_size = $1',
      [LAST],
    );
    trustedNote = row!.note;
    trustedFile = join(t.dataDir, 'my-checkpoint.txt');
    await writeFile(trustedFile, trustedNote);
    // Untampered: both verifiers agree everything holds.
    expect(await verify(trustedNote)).toMatchObject({ ok: true, firstInvalidSeq: null });
    const offline = await verifyOffline(t, { trustedCheckpointFile: trustedFile });
    expect(offline).toMatchObject({ code: 0 });
    expect(offline.output).toContain('OK: every check holds.');
  });
  afterEach(() => t.close());

  it('refuses UPDATE, DELETE and TRUNCATE in the database, also in replication mode, and DDL outside migrations', async () => {
    const refused = async (sql: string) =>
      expect(t.dataSource.query(sql)).rejects.toThrow(/append-only|refused/);
    await refused(`UPDATE ledger_entries SET action = 'UPDATE' WHERE seq = ${K}`);
    await refused(`DELETE FROM ledger_entries WHERE seq = ${K}`);
    await refused('TRUNCATE ledger_entries');
    await refused('TRUNCATE ledger_checkpoints');
    await refused(`UPDATE ledger_head SET size = 3`);
    await refused(`DELETE FROM ledger_tree_nodes`);
    // The recording hours bound time windows: narrowed or dropped, a window would miss entries.
    await refused(`UPDATE ledger_recorded_hours SET last_seq = first_seq`);
    await refused(`DELETE FROM ledger_recorded_hours`);
    await refused('TRUNCATE ledger_recorded_hours');
    await expect(
      t.dataSource.transaction(async (m) => {
        await m.query('SET LOCAL session_replication_role = replica');
        await m.query(`UPDATE ledger_entries SET outcome = 'DENIED' WHERE seq = ${K}`);
      }),
    ).rejects.toThrow(/append-only/);
    for (const ddl of [
      'ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only',
      'ALTER TABLE ledger_recorded_hours DISABLE TRIGGER ledger_recorded_hours_append_only',
      'DROP TRIGGER ledger_entries_append_only ON ledger_entries',
      'ALTER TABLE ledger_entries ADD COLUMN note text',
      'DROP TABLE ledger_checkpoints',
      'CREATE OR REPLACE FUNCTION ledger_seal_bypass() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$',
    ]) {
      await expect(t.dataSource.query(ddl)).rejects.toThrow(/refused outside migrations/);
    }
    expect(await verify()).toMatchObject({ ok: true });
  });

  const COLUMN_EDITS: [string, string][] = [
    ['id', 'gen_random_uuid()'],
    ['recorded_at', `recorded_at + interval '1 microsecond'`],
    ['sequenced_at', `sequenced_at - interval '1 microsecond'`],
    ['occurred_at', 'now()'],
    ['actor_kind', `'SYSTEM'`],
    ['actor_id', `'someone-else'`],
    ['actor_role', `'CPO'`],
    ['action', `'UPDATE'`],
    ['outcome', `'DENIED'`],
    ['target_type', `'Forged'`],
    ['target_id', `'forged'`],
    ['subject_id', 'gen_random_uuid()'],
    ['category_code', `'CCTV'`],
    ['purpose_code', `'MARKETING'`],
    ['fields', `ARRAY['name']`],
    ['request_id', `'forged-request'`],
    ['client_event_id', `'forged-event'`],
    ['details', `'{"batch": 99}'`],
    ['prev_hash', `sha256('forged'::bytea)`],
    ['leaf_hash', `sha256('forged'::bytea)`],
    ['seq', 'seq + 1000'],
  ];

  it('catches an edit of any stored column of one entry, timestamps included', async () => {
    await t.dataSource.query(
      `CREATE TABLE tamper_backup AS SELECT * FROM ledger_entries WHERE seq = ${K}`,
    );
    for (const [column, value] of COLUMN_EDITS) {
      await asSuperuserAttacker(t, [
        `UPDATE ledger_entries SET ${column} = ${value} WHERE seq = ${K}`,
      ]);
      const reason =
        column === 'seq' ? /missing/ : column === 'prev_hash' ? /chain/ : /stored hash/;
      await expectCaught(K, reason, column);
      await asSuperuserAttacker(t, [
        `DELETE FROM ledger_entries WHERE id = (SELECT id FROM tamper_backup)
            OR seq = ${K} OR seq = ${K + 1000}`,
        'INSERT INTO ledger_entries SELECT * FROM tamper_backup',
      ]);
      expect(await verify()).toMatchObject({ ok: true });
    }
  });

  it('catches a deleted middle entry, with and without renumbering', async () => {
    await asSuperuserAttacker(t, [`DELETE FROM ledger_entries WHERE seq = ${K}`]);
    await expectCaught(K, new RegExp(`entry ${K} is missing`));
    await asSuperuserAttacker(t, [
      `UPDATE ledger_entries SET seq = seq + 100000 WHERE seq > ${K}`,
      `UPDATE ledger_entries SET seq = seq - 100001 WHERE seq > 100000`,
      `UPDATE ledger_head SET size = size - 1`,
    ]);
    await expectCaught(K, /does not chain|stored hash/);
  });

  it('catches two entries swapped', async () => {
    await asSuperuserAttacker(t, [
      `UPDATE ledger_entries SET seq = 999999 WHERE seq = ${K - 1}`,
      `UPDATE ledger_entries SET seq = ${K - 1} WHERE seq = ${K}`,
      `UPDATE ledger_entries SET seq = ${K} WHERE seq = 999999`,
    ]);
    await expectCaught(K - 1, /stored hash|chain/);
  });

  it('catches a forged entry inserted in the middle', async () => {
    await asSuperuserAttacker(t, [
      `UPDATE ledger_entries SET seq = seq + 100000 WHERE seq >= ${K}`,
      `UPDATE ledger_entries SET seq = seq - 99999 WHERE seq >= 100000`,
      `INSERT INTO ledger_entries (actor_kind, action, outcome, request_id, seq, prev_hash, leaf_hash, sequenced_at)
         SELECT 'SYSTEM', 'READ', 'ALLOWED', 'forged', ${K}, leaf_hash, sha256('forged'::bytea), now()
           FROM ledger_entries WHERE seq = ${K - 1}`,
      `UPDATE ledger_head SET size = size + 1`,
    ]);
    await expectCaught(K, /stored hash/);
  });

  it('catches a truncated tail: by the stored checkpoints, and when those go too, by the auditor’s own', async () => {
    // Entries after K deleted, the head and tree nodes rebuilt to match what is left.
    await recomputeChainFrom(t, K + 1, `DELETE FROM ledger_entries WHERE seq > ${K}`);
    const report = await verify();
    expect(report).toMatchObject({ ok: false, firstInvalidSeq: K + 1 });
    expect(report.reason).toMatch(/missing/);

    await asSuperuserAttacker(t, [`DELETE FROM ledger_checkpoints WHERE tree_size > ${K}`]);
    expect(await verify()).toMatchObject({ ok: true }); // consistent with itself…
    const caught = await verify(trustedNote); // …but not with what the auditor kept
    expect(caught).toMatchObject({ ok: false, firstInvalidSeq: K + 1 });
    expect(caught.reason).toMatch(/truncated/);
    const offline = await verifyOffline(t, { trustedCheckpointFile: trustedFile });
    expect(offline.code).toBe(1);
    expect(firstBadSeqIn(offline.output)).toBe(K + 1);
    expect(offline.output).toMatch(/truncated/);
  });

  it('catches an edit with every later hash and the head recomputed: by the checkpoints, or the auditor’s', async () => {
    await recomputeChainFrom(t, K, `UPDATE ledger_entries SET outcome = 'DENIED' WHERE seq = ${K}`);
    // Chain and leaf hashes now hold; only the signed roots disagree.
    await expectCaught(K, new RegExp(`differ from what checkpoint ${K} signed`));

    await asSuperuserAttacker(t, ['DELETE FROM ledger_checkpoints']);
    const caught = await verify(trustedNote);
    expect(caught.ok).toBe(false);
    expect(caught.reason).toMatch(/trusted checkpoint/);
    const offline = await verifyOffline(t, { trustedCheckpointFile: trustedFile, toSeq: LAST });
    expect(offline.code).toBe(1);
    expect(offline.output).toMatch(/FAILED/);
  });

  it('catches an altered, replayed or re-signed checkpoint', async () => {
    const cases: [string, RegExp][] = [
      [
        `UPDATE ledger_checkpoints SET note = replace(note, 'time ', 'time 1') WHERE tree_size = ${K}`,
        /signature does not verify/,
      ],
      [
        `UPDATE ledger_checkpoints c SET note = o.note, root = o.root
           FROM ledger_checkpoints o WHERE c.tree_size = ${LAST} AND o.tree_size = ${K - 1}`,
        /differs from its note|wrong size/,
      ],
    ];
    const other = generateKeyPairSync('ed25519').privateKey;
    const [row] = await t.dataSource.query<{ root: Buffer; issued_at: Date }[]>(
      `SELECT root, issued_at FROM ledger_checkpoints WHERE tree_size = ${LAST}`,
    );
    const resigned = signCheckpointForTest(LAST, row!.root, row!.issued_at, other);
    cases.push([
      `UPDATE ledger_checkpoints SET note = '${resigned}' WHERE tree_size = ${LAST}`,
      /not signed by the pinned key/,
    ]);
    for (const [sql, reason] of cases) {
      await t.dataSource.query('DROP TABLE IF EXISTS tamper_backup');
      await t.dataSource.query('CREATE TABLE tamper_backup AS SELECT * FROM ledger_checkpoints');
      await asSuperuserAttacker(t, [sql]);
      const report = await verify();
      expect(report).toMatchObject({ ok: false, firstInvalidSeq: null });
      expect(report.reason).toMatch(reason);
      const offline = await verifyOffline(t);
      expect(offline.code).toBe(1);
      expect(offline.output).toMatch(/FAILED: checkpoint/);
      await asSuperuserAttacker(t, [
        'DELETE FROM ledger_checkpoints',
        'INSERT INTO ledger_checkpoints SELECT * FROM tamper_backup',
      ]);
    }
  });

  it('the offline verifier pins the key from the command line, whatever key the bundle names', async () => {
    const bundle = join(t.dataDir, 'swapped.tar');
    const attacker = await rewriteBundleWithKey(t, bundle);
    const pinned = await verifyOffline(t, { bundle });
    expect(pinned.code).toBe(1);
    expect(pinned.output).toMatch(/not signed by the pinned key/);
    // The bundle is internally consistent: only pinning the real key exposes it.
    const fooled = await verifyOffline(t, { bundle, publicKey: attacker });
    expect(fooled.code).toBe(0);
  });

  it('a head that moved under the sequencer raises an alarm instead of forking the log', async () => {
    // As if another writer had sealed behind the lease holder's back.
    await asSuperuserAttacker(t, ['UPDATE ledger_head SET size = size + 1']);
    await appendReads(t, 1);
    const deadline = Date.now() + 30_000;
    while (!t.logs.includes('LEDGER_HEAD_MOVED') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(t.logs).toContain('LEDGER_HEAD_MOVED');
    const [{ waiting }] = await t.dataSource.query<[{ waiting: number }]>(
      'SELECT count(*)::int AS waiting FROM ledger_entries WHERE seq IS NULL',
    );
    expect(waiting).toBe(1); // nothing sealed on a head it did not expect
    const [{ max }] = await t.dataSource.query<[{ max: string }]>(
      'SELECT max(seq) AS max FROM ledger_entries',
    );
    expect(Number(max)).toBe(LAST);
  });
});
