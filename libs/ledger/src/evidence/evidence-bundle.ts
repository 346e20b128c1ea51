import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import { BadUserInputError } from '@daicho/platform';
import { pack } from 'tar-stream';
import { storedEntryOf } from '../entry/entry-columns';
import { LedgerKeys } from '../keys/ledger-keys';
import { consistencyProof, inclusionProof } from '../merkle/merkle';
import {
  MissingTreeNodeError,
  perfectSubtreesOf,
  withStoredSubtrees,
} from '../merkle/subtree-resolver';
import { LedgerStore } from '../reading/ledger-store';

export const BUNDLE_FORMAT = 'daicho-ledger-evidence/1';
const PAGE = 5000;

export interface ExportRange {
  fromSeq?: number;
  toSeq?: number;
}

export interface ExportSummary {
  fromSeq: number;
  toSeq: number;
  entries: number;
  checkpoints: number;
  bytes: number;
}

/**
 * Writes an evidence bundle (an uncompressed tar) an outsider can check with
 * tools/verify-ledger.js and nothing else: a manifest with the SHA-256 of each file, the entries
 * as JSON Lines (every stored column, as hashed), the signed checkpoints that cover them, and the
 * proofs that tie a partial range to those checkpoints.
 */
@Injectable()
export class EvidenceExporter {
  constructor(
    private readonly store: LedgerStore,
    private readonly keys: LedgerKeys,
  ) {}

  /** Writes the bundle to a file only its owner can read (it holds every stored column). */
  async export(
    out: string,
    range: ExportRange,
    progress: (done: number, total: number) => void = () => undefined,
  ): Promise<ExportSummary> {
    const { tar, summary } = await this.bundle(range, progress);
    await writeFile(out, tar, { mode: 0o600 });
    return summary;
  }

  /** The bundle as one tar in memory (the entries are held in memory to be hashed anyway). */
  async bundle(
    range: ExportRange,
    progress: (done: number, total: number) => void = () => undefined,
  ): Promise<{ tar: Buffer; summary: ExportSummary }> {
    const latest = await this.store.latestCheckpoint();
    const head = await this.store.head();
    // By default up to the latest checkpoint: what is signed is what can be proven.
    const fromSeq = range.fromSeq ?? 1;
    const toSeq = range.toSeq ?? latest?.treeSize;
    if (toSeq === undefined) {
      throw new BadUserInputError('The ledger has no signed checkpoint yet; give --to.', ['to']);
    }
    if (
      !Number.isSafeInteger(fromSeq) ||
      fromSeq < 1 ||
      !Number.isSafeInteger(toSeq) ||
      toSeq < fromSeq
    ) {
      throw new BadUserInputError('--from and --to must be sequence numbers with from ≤ to.', [
        'from',
      ]);
    }
    // The head and the checkpoints could disagree on a damaged ledger; export what either claims.
    const end = Math.max(head.size, latest?.treeSize ?? 0);
    if (toSeq > end) {
      throw new BadUserInputError(`--to ${toSeq} is beyond the sealed ledger (${end}).`, ['to']);
    }
    // The first checkpoint at or after the last entry proves the range; absent, the verifier says so.
    const covering = (await this.store.checkpoints(toSeq - 1, 1))[0];
    const checkpoints = await this.store.checkpointsBetween(fromSeq, covering?.treeSize ?? toSeq);
    const total = toSeq - fromSeq + 1;

    // One buffer per page: a million entries (~700 MB) outgrow the longest string V8 can hold.
    const entryPages: Buffer[] = [];
    let entryCount = 0;
    for (let at = fromSeq; at <= toSeq; at += PAGE) {
      const rows = await this.store.entryRange(at, Math.min(at + PAGE - 1, toSeq));
      let lines = '';
      for (const row of rows) {
        const { entry, leafHash } = storedEntryOf(row);
        lines += `${JSON.stringify({ ...entry, leafHash })}\n`;
      }
      entryPages.push(Buffer.from(lines, 'utf8'));
      entryCount += rows.length;
      progress(Math.min(at + PAGE - 1, toSeq) - fromSeq + 1, total);
    }

    const load = (needed: Parameters<LedgerStore['nodes']>[0]) => this.store.nodes(needed);
    // A damaged store may lack nodes: the proof is then left out and the verifier says so. Any
    // other failure (the database gone) fails the export rather than leaving a proof out.
    const orNull = <T>(work: Promise<T>): Promise<T | null> =>
      work.catch((error: unknown) => {
        if (error instanceof MissingTreeNodeError) return null;
        throw error;
      });
    const prefix =
      fromSeq > 1
        ? await orNull(
            withStoredSubtrees(
              (mth) =>
                perfectSubtreesOf(0, fromSeq - 1).map((c) =>
                  mth(c.index * 2 ** c.level, (c.index + 1) * 2 ** c.level),
                ),
              load,
            ),
          )
        : [];
    const consistency = [];
    for (const [i, later] of checkpoints.entries()) {
      const earlier = checkpoints[i - 1];
      if (!earlier) continue;
      const [a, b] = [earlier.treeSize, later.treeSize];
      const hashes = await orNull(withStoredSubtrees((mth) => consistencyProof(a, b, mth), load));
      consistency.push({
        fromSize: a,
        toSize: b,
        hashes: hashes?.map((h) => h.toString('hex')) ?? null,
      });
    }
    const tail = covering
      ? await orNull(
          withStoredSubtrees((mth) => inclusionProof(toSeq - 1, covering.treeSize, mth), load),
        )
      : null;

    const files: Record<string, Buffer> = {
      'entries.jsonl': Buffer.concat(entryPages),
      'checkpoints.jsonl': Buffer.from(
        checkpoints
          .map((c) => `${JSON.stringify({ treeSize: c.treeSize, note: c.note })}\n`)
          .join(''),
        'utf8',
      ),
      'proofs.json': Buffer.from(
        JSON.stringify(
          {
            prefix: { size: fromSeq - 1, hashes: prefix?.map((h) => h.toString('hex')) ?? null },
            consistency,
            tail: {
              seq: toSeq,
              treeSize: covering?.treeSize ?? null,
              hashes: tail?.map((h) => h.toString('hex')) ?? null,
            },
          },
          null,
          2,
        ),
        'utf8',
      ),
    };
    const manifest = {
      format: BUNDLE_FORMAT,
      origin: this.keys.origin,
      // Informational only: the verifier takes the key from the auditor, never from here.
      signerVerifierKey: this.keys.verifierKey,
      exportedAt: new Date().toISOString(),
      fromSeq,
      toSeq,
      entries: entryCount,
      checkpoints: checkpoints.length,
      files: Object.fromEntries(
        Object.entries(files).map(([name, data]) => [
          name,
          { sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length },
        ]),
      ),
    };
    const archive = pack();
    const chunks: Buffer[] = [];
    const done = new Promise<void>((resolve, reject) => {
      archive.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
      archive.on('end', resolve);
      archive.on('error', reject);
    });
    archive.entry({ name: 'manifest.json' }, `${JSON.stringify(manifest, null, 2)}\n`);
    for (const [name, data] of Object.entries(files)) archive.entry({ name }, data);
    archive.finalize();
    await done;
    const bytes = Object.values(files).reduce((n, d) => n + d.length, 0);
    return {
      tar: Buffer.concat(chunks),
      summary: {
        fromSeq,
        toSeq,
        entries: entryCount,
        checkpoints: checkpoints.length,
        bytes,
      },
    };
  }
}
