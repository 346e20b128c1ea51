import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role, TestApp } from '../harness/test-app';
import { TOOL, appendReads } from './ledger-tamper.helpers';

const LAST = `{ lastLedgerVerification { verifiedAt ok checkedEntries checkedCheckpoints firstInvalidSeq reason withTrustedCheckpoint } }`;
const VERIFY = `{ verifyLedger { ok checkedEntries checkedCheckpoints } }`;

/**
 * The auditor's evidence from the console: the bundle downloaded over HTTP is the one the command
 * line writes (checked by tools/verify-ledger.js with the public key alone), its download an
 * EXPORT entry with its SHA-256; and each full verification is kept, so "last verified" is a fact.
 */
describe('ledger: evidence bundle download and the record of verifications', () => {
  let t: TestApp;
  let auditor: string;
  let hr: string;
  let dir: string;

  beforeAll(async () => {
    t = await TestApp.start();
    auditor = (await t.loginAs(Role.AUDITOR)).token;
    hr = (await t.loginAs(Role.HR)).token;
    await appendReads(t, 30);
    await t.sealLedger();
    dir = await mkdtemp(join(tmpdir(), 'daicho-evidence-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await t.close();
  });

  it('keeps each verification: none before the first, then who found what, and when', async () => {
    const none = await t.gql<{ lastLedgerVerification: unknown }>(LAST, {}, auditor);
    expect(none.errors).toBeUndefined();
    expect(none.data?.lastLedgerVerification).toBeNull();
    const before = Date.now();
    const run = await t.gql<{ verifyLedger: { ok: boolean; checkedEntries: number } }>(
      VERIFY,
      {},
      auditor,
    );
    expect(run.data?.verifyLedger.ok).toBe(true);
    const last = await t.gql<{
      lastLedgerVerification: { verifiedAt: string; ok: boolean; checkedEntries: number };
    }>(LAST, {}, auditor);
    expect(last.data?.lastLedgerVerification).toMatchObject({
      ok: true,
      checkedEntries: run.data!.verifyLedger.checkedEntries,
      firstInvalidSeq: null,
      reason: null,
      withTrustedCheckpoint: false,
    });
    expect(Date.parse(last.data!.lastLedgerVerification.verifiedAt)).toBeGreaterThanOrEqual(
      before - 1000,
    );
    const [row] = await t.dataSource.query<{ actor_kind: string }[]>(
      `SELECT actor_kind FROM ledger_verifications ORDER BY id DESC LIMIT 1`,
    );
    expect(row?.actor_kind).toBe('USER');
    // The department sees neither.
    const refused = await t.gql(LAST, {}, hr);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('verifies a ledger that grows while it is replayed: entries sealed meanwhile are no tampering', async () => {
    for (let round = 0; round < 10; round++) {
      const [run] = await Promise.all([
        t.gql<{ verifyLedger: { ok: boolean; reason: string | null } }>(
          '{ verifyLedger { ok reason } }',
          {},
          auditor,
        ),
        appendReads(t, 20).then(() => t.sealLedger()),
      ]);
      expect([round, run.data?.verifyLedger]).toEqual([round, { ok: true, reason: null }]);
    }
  });

  it('downloads a bundle the offline verifier accepts with the public key alone, recorded with its digest', async () => {
    const res = await t.download('/ledger/evidence.tar', auditor);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-tar');
    expect(res.headers['cache-control']).toBe('no-store');
    const file = join(dir, 'bundle.tar');
    await writeFile(file, res.body);
    const key = (
      await t.gql<{ ledgerPublicKey: { verifierKey: string } }>(
        `{ ledgerPublicKey { verifierKey } }`,
        {},
        auditor,
      )
    ).data!.ledgerPublicKey.verifierKey;
    const ok = spawnSync(process.execPath, [TOOL, file, '--public-key', key], { encoding: 'utf8' });
    expect([ok.status, ok.stderr]).toEqual([0, '']);
    // One byte changed: the same tool refuses it.
    const bad = Buffer.from(res.body);
    const at = bad.indexOf('"action"');
    bad[at + 11]! ^= 1;
    await writeFile(file, bad);
    const refused = spawnSync(process.execPath, [TOOL, file, '--public-key', key], {
      encoding: 'utf8',
    });
    expect(refused.status).not.toBe(0);

    await t.sealLedger();
    const [entry] = await t.ledgerRows(`action = 'EXPORT' AND target_type = 'LedgerEvidence'`);
    expect(entry?.details).toMatchObject({
      format: 'tar',
      fromSeq: 1,
      sha256: createHash('sha256').update(res.body).digest('hex'),
    });
  });

  it('refuses the department and bad or oversized ranges by name, writing nothing', async () => {
    const count = async () =>
      (
        await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ledger_entries`)
      )[0]!.n;
    const denied = await t.http.get('/ledger/evidence.tar').set('authorization', `Bearer ${hr}`);
    expect(denied.status).toBe(403);
    const before = await count();
    for (const [query, field] of [
      ['fromSeq=0', 'fromSeq'],
      ['fromSeq=abc', 'fromSeq'],
      ['toSeq=1e3', 'toSeq'],
      ['fromSeq=1&toSeq=300000', 'fromSeq'],
      ['fromSeq=5&toSeq=2', 'from'],
      ['toSeq=99999', 'to'],
    ]) {
      const res = await t.http
        .get(`/ledger/evidence.tar?${query}`)
        .set('authorization', `Bearer ${auditor}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(JSON.stringify(res.body)).toContain(field);
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts|SELECT/);
    }
    expect(await count()).toBe(before);
  });
});
