import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  rawPublicKey,
  signCheckpoint,
  verifierKey,
} from '../libs/ledger/src/checkpoint/signed-note';
import {
  GENESIS_PREV_HASH,
  entryLeafHash,
  type StoredEntry,
} from '../libs/ledger/src/entry/ledger-entry';
import {
  entryProofDocument,
  type EntryProofDocument,
} from '../libs/ledger/src/evidence/entry-proofs';
import { inclusionProof, nodeHash, splitPoint } from '../libs/ledger/src/merkle/merkle';

const TOOL = join(__dirname, 'verify-ledger.js');
const ORIGIN = 'daicho.example/ledger';
const SIZE = 11;
/** The first leaf, one inside, and the last leaf of a tree that is not a power of two. */
const PROVEN = [2, 7, 11];

const signer = generateKeyPairSync('ed25519');
const KEY = verifierKey(ORIGIN, rawPublicKey(signer.publicKey));

/** A sealed ledger of SIZE entries, chained and hashed as the sequencer does. */
function sealedEntries(): StoredEntry[] {
  const entries: StoredEntry[] = [];
  for (let seq = 1; seq <= SIZE; seq++) {
    const previous = entries.at(-1);
    entries.push({
      seq,
      id: randomUUID(),
      recordedAt: '2026-11-26T11:40:02.123456Z',
      sequencedAt: '2026-11-26T11:40:02.200000Z',
      actorKind: 'USER',
      actorId: randomUUID(),
      actorRole: 'HR',
      action: 'READ',
      outcome: 'ALLOWED',
      targetType: 'PersonalRecord',
      targetId: randomUUID(),
      subjectId: randomUUID(),
      categoryCode: 'EMPLOYEE',
      purposeCode: 'PERSONNEL_ADMIN',
      fields: ['name'],
      requestId: `req-${seq}`,
      clientEventId: null,
      occurredAt: null,
      details: { batch: seq },
      prevHash: previous ? entryLeafHash(previous).toString('hex') : GENESIS_PREV_HASH,
    });
  }
  return entries;
}

/** The document EntryProofs writes, assembled by the same code from an in-memory tree. */
function proofsDocument(): EntryProofDocument {
  const entries = sealedEntries();
  const leaves = entries.map(entryLeafHash);
  const mth = (start: number, end: number): Buffer => {
    if (end - start === 1) return leaves[start] ?? Buffer.alloc(0);
    const k = splitPoint(end - start);
    return nodeHash(mth(start, start + k), mth(start + k, end));
  };
  const root = mth(0, SIZE);
  const time = new Date('2026-11-26T11:40:03.000Z');
  const note = signCheckpoint(
    { origin: ORIGIN, size: SIZE, root, time },
    ORIGIN,
    signer.privateKey,
  );
  const proofs = PROVEN.map((seq) => ({
    seq,
    leafIndex: seq - 1,
    treeSize: SIZE,
    leafHash: leaves[seq - 1] ?? Buffer.alloc(0),
    hashes: inclusionProof(seq - 1, SIZE, mth),
  }));
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  return entryProofDocument(ORIGIN, { treeSize: SIZE, root, note }, proofs, bySeq);
}

/** One hex digit changed: one byte of a hash, as a careless or deliberate edit would. */
const flipped = (h: string) => `${h[0] === '0' ? '1' : '0'}${h.slice(1)}`;

describe('tools/verify-ledger.js --entries', () => {
  const dir = mkdtempSync(join(tmpdir(), 'daicho-verify-entries-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const verify = (doc: unknown, key = KEY, raw?: string) => {
    const file = join(dir, `${randomUUID()}.json`);
    writeFileSync(file, raw ?? JSON.stringify(doc, null, 2));
    const run = spawnSync(process.execPath, [TOOL, '--entries', file, '--public-key', key], {
      encoding: 'utf8',
    });
    return { status: run.status, out: run.stdout };
  };
  const entryOf = (doc: EntryProofDocument, seq: number) => {
    const item = doc.entries.find((e) => e.seq === seq);
    if (!item) throw new Error(`no entry ${seq} in the document`);
    return item;
  };

  it('passes every entry of an untouched document, with the key given as text or as a file', () => {
    const doc = proofsDocument();
    const run = verify(doc);
    expect(run.out).toContain(`Pinned key: ${ORIGIN}`);
    for (const seq of PROVEN) expect(run.out).toContain(`seq ${seq}: OK\n`);
    expect(run.out).toContain('OK: 3 entries are in the signed ledger as shown.');
    expect(run.status).toBe(0);
    const keyFile = join(dir, 'ledger.vkey');
    writeFileSync(keyFile, `${KEY}\n`);
    expect(verify(doc, keyFile).status).toBe(0);
  });

  const attacks: [string, number, RegExp, (doc: EntryProofDocument) => void][] = [
    [
      'one field of an entry changed',
      7,
      /the entry does not hash to its leaf hash \(altered\)/,
      (doc) => {
        entryOf(doc, 7).entry.purposeCode = 'CRIME_PREVENTION';
      },
    ],
    [
      'an entry changed and its leaf hash recomputed to match',
      7,
      /the entry is not in the tree the checkpoint of size 11 signed/,
      (doc) => {
        const item = entryOf(doc, 7);
        item.entry.fields = [];
        item.leafHash = entryLeafHash(item.entry).toString('hex');
      },
    ],
    [
      'one byte of an audit path changed',
      11,
      /the entry is not in the tree the checkpoint of size 11 signed/,
      (doc) => {
        const item = entryOf(doc, 11);
        item.auditPath = item.auditPath.map((h, i) => (i === 0 ? flipped(h) : h));
      },
    ],
    [
      'an audit path cut short',
      2,
      /the entry is not in the tree/,
      (doc) => {
        entryOf(doc, 2).auditPath.pop();
      },
    ],
    [
      'an entry given another leaf index',
      2,
      /leaf index 6 is not 1/,
      (doc) => {
        entryOf(doc, 2).leafIndex = 6;
      },
    ],
    [
      "an entry under another entry's sequence number",
      7,
      /the entry is missing or numbered otherwise/,
      (doc) => {
        entryOf(doc, 7).entry = { ...entryOf(doc, 2).entry };
      },
    ],
  ];

  it.each(attacks)('names the entry when %s', (_attack, seq, reason, tamper) => {
    const doc = proofsDocument();
    tamper(doc);
    const run = verify(doc);
    expect(run.out).toMatch(new RegExp(`seq ${seq}: FAILED: .*${reason.source}`));
    for (const other of PROVEN.filter((s) => s !== seq)) {
      expect(run.out).toContain(`seq ${other}: OK\n`);
    }
    expect(run.out).toContain('FAILED: 1 of 3 entries do not verify.');
    expect(run.status).toBe(1);
  });

  const forged: [string, RegExp, (doc: EntryProofDocument) => void][] = [
    [
      'the signed size changed in the note',
      /signature does not verify with the pinned key/,
      (doc) => {
        doc.checkpoint = doc.checkpoint.replace(`\n${SIZE}\n`, `\n${SIZE + 1}\n`);
      },
    ],
    [
      'a rootHash the checkpoint does not sign',
      /rootHash is not the root the checkpoint signs/,
      (doc) => {
        doc.rootHash = flipped(doc.rootHash);
      },
    ],
    [
      'a treeSize the checkpoint does not sign',
      /the checkpoint signs size 11, the document says 12/,
      (doc) => {
        doc.treeSize = 12;
      },
    ],
  ];

  it.each(forged)('proves no entry when %s', (_attack, reason, tamper) => {
    const doc = proofsDocument();
    tamper(doc);
    const run = verify(doc);
    for (const seq of PROVEN) {
      expect(run.out).toMatch(new RegExp(`seq ${seq}: FAILED: not proven \\(.*${reason.source}`));
    }
    expect(run.status).toBe(1);
  });

  it('proves nothing under a key other than the ledger signed with', () => {
    const other = generateKeyPairSync('ed25519');
    const run = verify(proofsDocument(), verifierKey(ORIGIN, rawPublicKey(other.publicKey)));
    for (const seq of PROVEN) {
      expect(run.out).toContain(
        `seq ${seq}: FAILED: not proven (the checkpoint: not signed by the pinned key)`,
      );
    }
    expect(run.status).toBe(1);
  });

  it('refuses a key that is not a verifier key, and a file that is not JSON', () => {
    const badKey = verify(proofsDocument(), `${ORIGIN}+00000000+AAAA`);
    expect(badKey.out).toMatch(/^FAILED: --public-key/);
    expect(badKey.status).toBe(2);
    const garbled = verify(null, KEY, '{"format": "daicho-entry-proofs/1", ');
    expect(garbled.out).toContain('FAILED: the document is unreadable');
    expect(garbled.status).toBe(1);
  });
});
