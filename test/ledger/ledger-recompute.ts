import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { EvidenceExporter } from '@daicho/ledger';
import { extract, pack } from 'tar-stream';
import type { TestApp } from '../harness/test-app';
import {
  ENTRY_SELECT,
  storedEntryOf,
  type EntryRow,
} from '../../libs/ledger/src/entry/entry-columns';
import { entryLeafHash } from '../../libs/ledger/src/entry/ledger-entry';
import { MerkleFrontier } from '../../libs/ledger/src/merkle/merkle-frontier';
import {
  checkpointBody,
  rawPublicKey,
  signCheckpoint,
  verifierKey,
} from '../../libs/ledger/src/checkpoint/signed-note';
import { asSuperuserAttacker } from './ledger-tamper.helpers';

const ORIGIN = 'daicho.local/ledger';

/**
 * The strongest attacker without the signing key: changes entry `fromSeq` with `edit`, then
 * recomputes every later prev_hash and leaf_hash, the tree nodes and the head, using our own code.
 */
export async function recomputeChainFrom(t: TestApp, fromSeq: number, edit: string): Promise<void> {
  await asSuperuserAttacker(t, [edit]);
  const rows = await t.dataSource.query<EntryRow[]>(
    `SELECT ${ENTRY_SELECT} FROM ledger_entries e WHERE e.seq IS NOT NULL ORDER BY e.seq`,
  );
  const frontier = MerkleFrontier.empty();
  const updates: string[] = ['DELETE FROM ledger_tree_nodes'];
  const nodes: string[] = [];
  let prev = '0'.repeat(64);
  for (const row of rows) {
    const { entry } = storedEntryOf(row);
    const rewritten = { ...entry, prevHash: prev };
    const leaf = entryLeafHash(rewritten);
    if (entry.seq >= fromSeq) {
      updates.push(
        `UPDATE ledger_entries SET prev_hash = '\\x${prev}', leaf_hash = '\\x${leaf.toString('hex')}' WHERE seq = ${entry.seq}`,
      );
    }
    for (const n of frontier.append(leaf)) {
      nodes.push(`(${n.level}, ${n.index}, '\\x${n.hash.toString('hex')}')`);
    }
    prev = leaf.toString('hex');
  }
  updates.push(`INSERT INTO ledger_tree_nodes (level, index, hash) VALUES ${nodes.join(', ')}`);
  const frontierSql = `ARRAY[${frontier.hashes.map((h) => `'\\x${h.toString('hex')}'::bytea`).join(', ')}]`;
  updates.push(
    `UPDATE ledger_head SET size = ${frontier.size}, last_hash = '\\x${prev}',
       frontier = ${frontierSql}, root = '\\x${frontier.root().toString('hex')}'`,
  );
  await asSuperuserAttacker(t, updates);
}

export function signCheckpointForTest(
  size: number,
  root: Buffer,
  time: Date,
  key: KeyObject,
): string {
  return signCheckpoint({ origin: ORIGIN, size, root, time }, ORIGIN, key);
}

/**
 * Exports a genuine bundle, then re-signs every checkpoint with a key of the attacker's own and
 * names that key in the manifest, fixing up every hash. Returns the attacker's verifier key.
 */
export async function rewriteBundleWithKey(t: TestApp, out: string): Promise<string> {
  const attacker = generateKeyPairSync('ed25519').privateKey;
  const genuine = join(t.dataDir, 'genuine.tar');
  await t.app.get(EvidenceExporter).export(genuine, {});
  const files = new Map<string, Buffer>();
  const reader = extract();
  reader.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => {
      files.set(header.name, Buffer.concat(chunks));
      next();
    });
  });
  await pipeline(createReadStream(genuine), reader);

  const resigned = (files.get('checkpoints.jsonl') as Buffer)
    .toString('utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const c = JSON.parse(line) as { treeSize: number; note: string };
      const body = c.note.slice(0, c.note.indexOf('\n\n') + 1);
      const [, size, root, time] = body.slice(0, -1).split('\n');
      const note = signCheckpoint(
        {
          origin: ORIGIN,
          size: Number(size),
          root: Buffer.from(root!, 'base64'),
          time: new Date(time!.slice(5)),
        },
        ORIGIN,
        attacker,
      );
      if (
        !note.startsWith(
          checkpointBody({
            origin: ORIGIN,
            size: Number(size),
            root: Buffer.from(root!, 'base64'),
            time: new Date(time!.slice(5)),
          }),
        )
      ) {
        throw new Error('body changed');
      }
      return JSON.stringify({ treeSize: c.treeSize, note });
    });
  files.set('checkpoints.jsonl', Buffer.from(`${resigned.join('\n')}\n`));
  const key = verifierKey(ORIGIN, rawPublicKey(createPublicKey(attacker)));
  const manifest = JSON.parse((files.get('manifest.json') as Buffer).toString('utf8')) as {
    signerVerifierKey: string;
    files: Record<string, { sha256: string; bytes: number }>;
  };
  manifest.signerVerifierKey = key;
  for (const name of Object.keys(manifest.files)) {
    const data = files.get(name) as Buffer;
    manifest.files[name] = {
      sha256: createHash('sha256').update(data).digest('hex'),
      bytes: data.length,
    };
  }
  files.set('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
  const archive = pack();
  const written = pipeline(archive, createWriteStream(out));
  for (const name of ['manifest.json', 'entries.jsonl', 'checkpoints.jsonl', 'proofs.json']) {
    archive.entry({ name }, files.get(name) as Buffer);
  }
  archive.finalize();
  await written;
  return key;
}
