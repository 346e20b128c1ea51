import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadUserInputError, ConflictError, NotFoundError } from '@daicho/platform';
import { openCheckpoint, signCheckpoint } from '../checkpoint/signed-note';
import type { EntryRow } from '../entry/entry-columns';
import { GENESIS_PREV_HASH, entryLeafHash, type StoredEntry } from '../entry/ledger-entry';
import { LedgerKeys } from '../keys/ledger-keys';
import { EMPTY_ROOT, nodeHash, splitPoint, verifyInclusion } from '../merkle/merkle';
import { nodeKey, type NodeCoordinate } from '../merkle/subtree-resolver';
import { LedgerProofs } from '../reading/ledger-proofs';
import type { LedgerStore } from '../reading/ledger-store';
import type { CheckpointRow } from '../verification/ledger-audit';
import { ENTRY_PROOFS_FORMAT, EntryProofs } from './entry-proofs';

const ORIGIN = 'daicho.example/ledger';

const rowOf = (e: StoredEntry, leaf: Buffer): EntryRow => ({
  id: e.id,
  recorded_at: e.recordedAt,
  actor_kind: e.actorKind,
  actor_id: e.actorId,
  actor_role: e.actorRole,
  action: e.action,
  outcome: e.outcome,
  target_type: e.targetType,
  target_id: e.targetId,
  subject_id: e.subjectId,
  category_code: e.categoryCode,
  purpose_code: e.purposeCode,
  fields: e.fields,
  request_id: e.requestId,
  client_event_id: e.clientEventId,
  occurred_at: e.occurredAt,
  details: e.details,
  seq: String(e.seq),
  prev_hash: e.prevHash,
  leaf_hash: leaf.toString('hex'),
  sequenced_at: e.sequencedAt,
});

/**
 * The sealed ledger as LedgerStore reads it, kept in memory: entries chained and hashed as the
 * sequencer does, completed subtrees as ledger_tree_nodes holds them, checkpoints signed for real.
 */
class InMemoryLedger implements Pick<
  LedgerStore,
  'head' | 'nodes' | 'latestCheckpoint' | 'checkpointAt' | 'entriesAt'
> {
  readonly entries: StoredEntry[] = [];
  readonly leaves: Buffer[] = [];
  readonly signed: CheckpointRow[] = [];

  constructor(private readonly keys: LedgerKeys) {}

  seal(count: number): void {
    for (let i = 0; i < count; i++) {
      const seq = this.entries.length + 1;
      const entry: StoredEntry = {
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
        fields: ['name', 'address'],
        requestId: `req-${seq}`,
        clientEventId: null,
        occurredAt: null,
        details: { batch: seq, note: '台帳' },
        prevHash: this.leaves.at(-1)?.toString('hex') ?? GENESIS_PREV_HASH,
      };
      this.entries.push(entry);
      this.leaves.push(entryLeafHash(entry));
    }
  }

  /** RFC 9162 §2.1.1 MTH over the leaves, recomputed (the reference the stored nodes stand in for). */
  mth(start: number, end: number): Buffer {
    if (end - start === 0) return EMPTY_ROOT;
    if (end - start === 1) return this.leaves[start] ?? Buffer.alloc(0);
    const k = splitPoint(end - start);
    return nodeHash(this.mth(start, start + k), this.mth(start + k, end));
  }

  sign(): CheckpointRow {
    const size = this.entries.length;
    const time = new Date(Date.UTC(2026, 10, 26, 11, 40, size));
    const root = this.mth(0, size);
    const note = signCheckpoint({ origin: ORIGIN, size, root, time }, ORIGIN, this.keys.signingKey);
    const row = { treeSize: size, root, issuedAt: time, note };
    this.signed.push(row);
    return row;
  }

  head(): Promise<{ size: number; root: Buffer }> {
    return Promise.resolve({ size: this.entries.length, root: this.mth(0, this.entries.length) });
  }

  nodes(needed: NodeCoordinate[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    for (const c of needed) {
      const [start, end] = [c.index * 2 ** c.level, (c.index + 1) * 2 ** c.level];
      // Only completed subtrees are stored, as in ledger_tree_nodes.
      if (end <= this.entries.length) found.set(nodeKey(c), this.mth(start, end));
    }
    return Promise.resolve(found);
  }

  latestCheckpoint(): Promise<CheckpointRow | null> {
    return Promise.resolve(this.signed.at(-1) ?? null);
  }

  checkpointAt(size: number): Promise<CheckpointRow | null> {
    return Promise.resolve(this.signed.find((c) => c.treeSize === size) ?? null);
  }

  entriesAt(seqs: readonly number[]): Promise<EntryRow[]> {
    return Promise.resolve(
      this.entries
        .filter((e) => seqs.includes(e.seq))
        .map((e) => rowOf(e, this.leaves[e.seq - 1] ?? Buffer.alloc(0))),
    );
  }
}

describe('EntryProofs', () => {
  let dir: string;
  let keys: LedgerKeys;
  let ledger: InMemoryLedger;
  let service: EntryProofs;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'daicho-entry-proofs-'));
    keys = await LedgerKeys.load({
      origin: ORIGIN,
      signingKeyFile: join(dir, 'signing.pem'),
      pseudonymKeyFile: join(dir, 'pseudonym.key'),
    });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  beforeEach(() => {
    ledger = new InMemoryLedger(keys);
    // The store is LedgerStore's read surface; EntryProofs and LedgerProofs use nothing else.
    const store = ledger as unknown as LedgerStore;
    service = new EntryProofs(store, new LedgerProofs(store), keys);
  });

  it('proves each entry once, in sequence order, against the latest signed checkpoint', async () => {
    ledger.seal(8);
    ledger.sign();
    ledger.seal(5);
    const latest = ledger.sign();

    const doc = await service.forEntries([11, 3, 11, 1]);

    expect(doc).toMatchObject({
      format: ENTRY_PROOFS_FORMAT,
      origin: ORIGIN,
      checkpoint: latest.note,
      treeSize: 13,
      rootHash: latest.root.toString('hex'),
    });
    expect(doc.entries.map((e) => [e.seq, e.leafIndex])).toEqual([
      [1, 0],
      [3, 2],
      [11, 10],
    ]);
    const opened = openCheckpoint(doc.checkpoint, ORIGIN, keys.publicKey);
    expect(opened.ok && opened.checkpoint.root.equals(latest.root)).toBe(true);
    // What the person gets is JSON: after a round trip each entry still hashes to its leaf, and
    // the leaf with its audit path gives the signed root (RFC 9162 §2.1.3.2).
    const read = JSON.parse(JSON.stringify(doc)) as typeof doc;
    for (const item of read.entries) {
      expect(item.entry).toEqual(ledger.entries[item.seq - 1]);
      const leaf = entryLeafHash(item.entry);
      expect(leaf.toString('hex')).toBe(item.leafHash);
      const path = item.auditPath.map((h) => Buffer.from(h, 'hex'));
      expect(verifyInclusion(leaf, item.leafIndex, doc.treeSize, path, latest.root)).toBe(true);
    }
  });

  it('proves against the checkpoint the caller pins, and refuses entries it does not cover', async () => {
    ledger.seal(6);
    const pinned = ledger.sign();
    ledger.seal(4);
    ledger.sign();

    const doc = await service.forEntries([2, 6], { treeSize: 6 });
    expect(doc).toMatchObject({ treeSize: 6, checkpoint: pinned.note });
    const [first] = doc.entries;
    const path = (first?.auditPath ?? []).map((h) => Buffer.from(h, 'hex'));
    expect(verifyInclusion(ledger.leaves[1] ?? EMPTY_ROOT, 1, 6, path, pinned.root)).toBe(true);

    const refused = service.forEntries([2, 9], { treeSize: 6 });
    await expect(refused).rejects.toThrow(ConflictError);
    await expect(refused).rejects.toThrow(
      /Entry 9 is not covered by the signed checkpoint of size 6/,
    );
    await expect(service.forEntries([2], { treeSize: 5 })).rejects.toThrow(NotFoundError);
  });

  it('refuses an entry sealed after the latest checkpoint, and a ledger with none', async () => {
    ledger.seal(3);
    await expect(service.forEntries([1])).rejects.toThrow(/signed no checkpoint yet/);
    ledger.sign();
    ledger.seal(2);
    await expect(service.forEntries([1, 4, 5])).rejects.toThrow(
      /Entries 4, 5 are not covered by the signed checkpoint of size 3/,
    );
    // Not a sequence number at all: the caller's mistake, named as such.
    await expect(service.forEntries([0])).rejects.toThrow(BadUserInputError);
    await expect(service.forEntries([1.5])).rejects.toThrow(BadUserInputError);
  });

  it('gives the checkpoint alone when asked for no entries', async () => {
    ledger.seal(2);
    const latest = ledger.sign();
    expect(await service.forEntries([])).toMatchObject({
      treeSize: 2,
      checkpoint: latest.note,
      entries: [],
    });
  });
});
