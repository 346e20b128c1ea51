import { generateKeyPairSync } from 'node:crypto';
import { rawPublicKey, signCheckpoint } from '../checkpoint/signed-note';
import { fromBulkTuple, storedEntryOf, type BulkEntryTuple } from '../entry/entry-columns';
import { GENESIS_PREV_HASH, entryLeafHash } from '../entry/ledger-entry';
import { MerkleFrontier } from '../merkle/merkle-frontier';
import { copyOfTuples } from './entry-copy.fixture';
import { checkEntryPage } from './entry-page';
import { LedgerAudit, type CheckpointRow } from './ledger-audit';

const ORIGIN = 'daicho.example/ledger';
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const SIZE = 10;

/** A sealed ledger of SIZE entries as the bulk query returns it, hashes and chain in place. */
function sealedLedger(): BulkEntryTuple[] {
  const rows: BulkEntryTuple[] = [];
  let prev = GENESIS_PREV_HASH;
  for (let seq = 1; seq <= SIZE; seq++) {
    const time = `2026-12-01 09:00:${String(seq).padStart(2, '0')}.1234`;
    const row: BulkEntryTuple = [
      `00000000-0000-4000-8000-0000000000${String(seq).padStart(2, '0')}`,
      time,
      'USER',
      `user-${seq % 3}`,
      'HR',
      'READ',
      'ALLOWED',
      null,
      null,
      null,
      'EMPLOYEE',
      'PERSONNEL_ADMIN',
      '["name","住所"]',
      `req-${seq}`,
      null,
      null,
      `{"n": ${seq}, "note": "a\\"b"}`,
      String(seq),
      prev,
      '',
      time,
    ];
    row[19] = entryLeafHash(storedEntryOf(fromBulkTuple(row)).entry).toString('hex');
    prev = row[19];
    rows.push(row);
  }
  return rows;
}

/** Signed checkpoints at these sizes over the rows' own leaves, one second apart. */
function checkpointsAt(rows: BulkEntryTuple[], sizes: number[]): CheckpointRow[] {
  const frontier = MerkleFrontier.empty();
  const out: CheckpointRow[] = [];
  for (const row of rows) {
    frontier.append(Buffer.from(row[19] ?? '', 'hex'));
    if (!sizes.includes(frontier.size)) continue;
    const time = new Date(Date.UTC(2026, 11, 1, 10, 0, frontier.size));
    const checkpoint = { origin: ORIGIN, size: frontier.size, root: frontier.root(), time };
    out.push({
      treeSize: checkpoint.size,
      root: checkpoint.root,
      issuedAt: time,
      note: signCheckpoint(checkpoint, ORIGIN, privateKey),
    });
  }
  return out;
}

/** The verifier's replay: pages of `pageSize` sequence numbers, each checked on its own. */
function replay(
  rows: BulkEntryTuple[],
  pageSize: number,
  checkpoints: CheckpointRow[],
  trusted?: { size: number; root: Buffer },
) {
  const audit = new LedgerAudit(ORIGIN, rawPublicKey(publicKey), trusted);
  for (let from = 1; from <= SIZE; from += pageSize) {
    const to = Math.min(from + pageSize - 1, SIZE);
    const inPage = rows.filter((r) => Number(r[17]) >= from && Number(r[17]) <= to);
    const page = checkEntryPage(copyOfTuples(inPage));
    audit.addPage(
      page,
      checkpoints.filter((c) => c.treeSize >= from && c.treeSize <= to),
    );
    if (audit.failed) break;
  }
  const head = MerkleFrontier.empty();
  for (const row of sealedLedger()) head.append(Buffer.from(row[19] ?? '', 'hex'));
  return audit.finish({ size: SIZE, root: head.root() });
}

// 8: a page the replay appends by subtrees (8, then 2 leaves), checkpoints or not.
const PAGE_SIZES = [1, 3, 4, 8, 10];

describe('LedgerAudit over pages checked on their own (as worker threads check them)', () => {
  it.each(PAGE_SIZES)('verifies an intact ledger with checkpoints, in pages of %i', (size) => {
    const rows = sealedLedger();
    const report = replay(rows, size, checkpointsAt(rows, [3, 4, 7, 10]));
    expect(report).toEqual({
      ok: true,
      checkedEntries: SIZE,
      checkedCheckpoints: 4,
      firstInvalidSeq: null,
      reason: null,
    });
  });

  // Each fault lands on a page's first row, its last row and mid-page for one page size or another.
  const faults: [string, (rows: BulkEntryTuple[]) => BulkEntryTuple[], number, RegExp][] = [
    [
      'a deleted entry',
      (rows) => rows.filter((r) => r[17] !== '4'),
      4,
      /^entry 4 is missing \(the next stored is 5\)$/,
    ],
    [
      'a deleted first entry',
      (rows) => rows.filter((r) => r[17] !== '1'),
      1,
      /^entry 1 is missing \(the next stored is 2\)$/,
    ],
    [
      'a changed column',
      (rows) => rows.map((r) => (r[17] === '4' ? withColumn(r, 5, 'DISCLOSE') : r)),
      4,
      /^entry 4 does not match its stored hash/,
    ],
    [
      'a rewritten entry with its leaf recomputed',
      (rows) => rows.map((r) => (r[17] === '5' ? resealed(withColumn(r, 3, 'someone')) : r)),
      6,
      /^entry 6 does not chain onto entry 5$/,
    ],
    [
      'details JSON cannot hold',
      (rows) => rows.map((r) => (r[17] === '6' ? withColumn(r, 16, '{"x": 1e400}') : r)),
      6,
      /^entry 6 has no canonical form/,
    ],
    [
      'a broken chain column',
      (rows) => rows.map((r) => (r[17] === '7' ? withColumn(r, 18, 'f'.repeat(64)) : r)),
      7,
      /^entry 7 does not chain onto entry 6$/,
    ],
  ];

  describe.each(faults)('finds %s', (_what, tamper, seq, reason) => {
    it.each(PAGE_SIZES)('at the same entry in pages of %i', (size) => {
      const rows = tamper(sealedLedger());
      const report = replay(rows, size, []);
      expect(report.ok).toBe(false);
      expect(report.firstInvalidSeq).toBe(seq);
      expect(report.reason).toMatch(reason);
    });
  });

  it.each(PAGE_SIZES)(
    'reports a checkpoint that signed other entries before a later fault, in pages of %i',
    (size) => {
      const rows = sealedLedger();
      const checkpoints = checkpointsAt(rows, [5]);
      // Entry 2 rewritten and its chain repaired up to the checkpoint: every row checks alone,
      // only the signed root (and entry 6's chain) can tell.
      const forged = rows.map((r) => (r[17] === '2' ? resealed(withColumn(r, 3, 'x')) : r));
      for (let i = 2; i < 5; i++) {
        forged[i] = resealed(
          withColumn(forged[i] as BulkEntryTuple, 18, forged[i - 1]?.[19] ?? ''),
        );
      }
      const report = replay(forged, size, checkpoints);
      expect(report).toMatchObject({
        ok: false,
        firstInvalidSeq: 1,
        reason: 'entries 1–5 differ from what checkpoint 5 signed',
      });
    },
  );
});

describe('LedgerAudit against a checkpoint the auditor kept', () => {
  /** Entry 2 rewritten and the chain repaired up to entry 5: every row checks alone. */
  const forgedUpTo5 = () => {
    const forged = sealedLedger().map((r) => (r[17] === '2' ? resealed(withColumn(r, 3, 'x')) : r));
    for (let i = 2; i < 5; i++) {
      forged[i] = resealed(withColumn(forged[i] as BulkEntryTuple, 18, forged[i - 1]?.[19] ?? ''));
    }
    return forged;
  };

  it.each(PAGE_SIZES)('accepts the intact ledger, in pages of %i', (size) => {
    const rows = sealedLedger();
    const [kept] = checkpointsAt(rows, [7]);
    const trusted = { size: 7, root: (kept as CheckpointRow).root };
    expect(replay(rows, size, checkpointsAt(rows, [3, 8]), trusted)).toMatchObject({
      ok: true,
      checkedCheckpoints: 2,
    });
  });

  it.each(PAGE_SIZES)('finds the first 5 entries rewritten, in pages of %i', (size) => {
    const [kept] = checkpointsAt(sealedLedger(), [5]);
    const trusted = { size: 5, root: (kept as CheckpointRow).root };
    // The forger's own checkpoint at 5 is fed after the trusted one: that one reports first.
    const report = replay(forgedUpTo5(), size, checkpointsAt(forgedUpTo5(), [5]), trusted);
    expect(report).toMatchObject({
      ok: false,
      firstInvalidSeq: 1,
      reason: "the ledger's first 5 entries differ from your trusted checkpoint (rewritten)",
    });
  });
});

function withColumn(row: BulkEntryTuple, column: number, value: string): BulkEntryTuple {
  const copy = [...row] as BulkEntryTuple;
  copy[column] = value;
  return copy;
}

/** The row with its stored leaf hash recomputed (a forger who knows the format). */
function resealed(row: BulkEntryTuple): BulkEntryTuple {
  return withColumn(
    row,
    19,
    entryLeafHash(storedEntryOf(fromBulkTuple(row)).entry).toString('hex'),
  );
}
