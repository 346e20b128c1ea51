#!/usr/bin/env node
'use strict';
/*
 * Offline verifier for Daicho ledger evidence bundles. Node's standard library only, one file, so
 * an auditor can read all of it and run it on a machine that has never seen Daicho.
 *
 *   node tools/verify-ledger.js BUNDLE.tar --public-key 'origin+keyid+base64key'
 *                               [--trusted-checkpoint FILE]
 *   node tools/verify-ledger.js --entries PROOFS.json --public-key 'origin+keyid+base64key'
 *
 * The second form checks single entries, as a disclosure hands them to the person they are about
 * (ledger-proofs.json in the disclosure package): the signed checkpoint, each entry's leaf hash
 * over its canonical form, and its RFC 9162 inclusion proof against that checkpoint's root.
 *
 * The public key is pinned by the auditor (from the start-up banner, the ledgerPublicKey query or
 * an earlier visit); a key inside the bundle is never trusted. Exit 0 only when every check holds.
 *
 * Checks: manifest file hashes; every checkpoint's Ed25519 signature (C2SP signed note), strictly
 * increasing time and size; gapless sequence numbers; the hash chain; each entry's RFC 9162 leaf
 * hash over its RFC 8785 canonical form; the Merkle root at every checkpoint in the range;
 * consistency proofs between checkpoints; the last entry's inclusion in the covering checkpoint;
 * and, given one, that the log extends the auditor's own earlier checkpoint.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');

const ENTRY_FORMAT = 1;
const BUNDLE_FORMAT = 'daicho-ledger-evidence/1';
const GENESIS = '0'.repeat(64);

// ---- RFC 9162 hashing and proofs ------------------------------------------------------------
const sha256 = (...parts) => {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const leafHash = (data) => sha256(Buffer.from([0]), data);
const nodeHash = (l, r) => sha256(Buffer.from([1]), l, r);
const EMPTY_ROOT = sha256();
const odd = (x) => x % 2 === 1;
const half = (x) => Math.floor(x / 2);
const isHash = (b) => Buffer.isBuffer(b) && b.length === 32;
const isPowerOfTwo = (n) => {
  while (n > 1 && n % 2 === 0) n /= 2;
  return n === 1;
};

/** The right edge of the tree: enough to append leaves and compute the root. */
class Frontier {
  constructor(size, roots) {
    this.size = size;
    this.roots = roots;
  }
  append(leaf) {
    let node = leaf;
    for (let s = this.size; odd(s); s = half(s)) node = nodeHash(this.roots.pop(), node);
    this.roots.push(node);
    this.size += 1;
  }
  root() {
    if (this.roots.length === 0) return EMPTY_ROOT;
    let r = this.roots[this.roots.length - 1];
    for (let i = this.roots.length - 2; i >= 0; i--) r = nodeHash(this.roots[i], r);
    return r;
  }
}

function verifyInclusion(leaf, index, size, proof, root) {
  if (!isHash(leaf) || !isHash(root) || !proof.every(isHash) || index < 0 || index >= size) {
    return false;
  }
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

function verifyConsistency(first, second, firstRoot, secondRoot, proof) {
  if (!isHash(firstRoot) || !isHash(secondRoot) || !proof.every(isHash)) return false;
  if (first < 0 || first > second) return false;
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (first === 0) return proof.length === 0 && EMPTY_ROOT.equals(firstRoot);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : proof.slice();
  let fn = first - 1;
  let sn = second - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}

// ---- RFC 8785 canonical JSON -----------------------------------------------------------------
function canonicalJson(value) {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('not finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}

// ---- C2SP signed notes -----------------------------------------------------------------------
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
const keyId = (name, raw) =>
  sha256(Buffer.from(name, 'utf8'), Buffer.from([0x0a, 0x01]), raw).subarray(0, 4);

function parseVerifierKey(text) {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(text.trim());
  if (!m) throw new Error('--public-key is not a verifier key (origin+keyid+base64key)');
  const bytes = Buffer.from(m[3], 'base64');
  if (bytes.length !== 33 || bytes[0] !== 1) throw new Error('--public-key is not an Ed25519 key');
  const raw = bytes.subarray(1);
  if (keyId(m[1], raw).toString('hex') !== m[2]) throw new Error('--public-key: key id mismatch');
  const key = crypto.createPublicKey({
    key: Buffer.concat([SPKI_ED25519, raw]),
    format: 'der',
    type: 'spki',
  });
  return { name: m[1], raw, key };
}

/** Returns { size, root, time } or throws with the reason. */
function openCheckpoint(note, pinned) {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new Error('not a signed note');
  const body = note.slice(0, split + 1);
  const wantId = keyId(pinned.name, pinned.raw);
  let signed = false;
  for (const line of note.slice(split + 2, -1).split('\n')) {
    if (!line.startsWith('\u2014 ')) throw new Error('malformed signature line');
    const [name, blob = ''] = line.slice(2).split(' ');
    const bytes = Buffer.from(blob, 'base64');
    if (name !== pinned.name || bytes.length !== 68 || !bytes.subarray(0, 4).equals(wantId))
      continue;
    if (!crypto.verify(null, Buffer.from(body, 'utf8'), pinned.key, bytes.subarray(4))) {
      throw new Error('signature does not verify with the pinned key');
    }
    signed = true;
  }
  if (!signed) throw new Error('not signed by the pinned key');
  const [origin, sizeText, rootText, ...ext] = body.slice(0, -1).split('\n');
  if (origin !== pinned.name) throw new Error(`origin ${origin} is not ${pinned.name}`);
  const time = (ext.find((l) => l.startsWith('time ')) || '').slice(5);
  const root = Buffer.from(rootText || '', 'base64');
  if (!/^(0|[1-9]\d{0,15})$/.test(sizeText || '') || root.length !== 32 || !time) {
    throw new Error('malformed checkpoint body');
  }
  const t = Date.parse(time);
  if (Number.isNaN(t)) throw new Error('malformed checkpoint time');
  return { size: Number(sizeText), root, time: t };
}

// ---- single entries and their inclusion proofs -------------------------------------------------
const ENTRY_PROOFS_FORMAT = 'daicho-entry-proofs/1';

/**
 * Opens the document's checkpoint with the pinned key and checks that what the document says
 * about it for people to read (origin, size, root) is what the signature covers. Returns the
 * signed { size, root }; throws with the reason, and then no entry in the document is proven.
 */
function openEntryProofs(doc, pinned) {
  if (!doc || doc.format !== ENTRY_PROOFS_FORMAT)
    throw new Error(`not a ${ENTRY_PROOFS_FORMAT} document`);
  if (!Array.isArray(doc.entries)) throw new Error('the document has no list of entries');
  let checkpoint;
  try {
    checkpoint = openCheckpoint(String(doc.checkpoint || ''), pinned);
  } catch (error) {
    throw new Error(`the checkpoint: ${error.message}`);
  }
  if (doc.origin !== pinned.name)
    throw new Error(`the document names log ${doc.origin}, the pinned key is ${pinned.name}'s`);
  if (checkpoint.size !== doc.treeSize)
    throw new Error(
      `the checkpoint signs size ${checkpoint.size}, the document says ${doc.treeSize}`,
    );
  if (doc.rootHash !== checkpoint.root.toString('hex'))
    throw new Error("the document's rootHash is not the root the checkpoint signs");
  return checkpoint;
}

/** Each entry's verdict, in order: `{ seq, ok, reason }`. Throws when the checkpoint fails. */
function verifyEntryProofs(doc, pinned) {
  const checkpoint = openEntryProofs(doc, pinned);
  const hex = (h) =>
    typeof h === 'string' && /^[0-9a-f]{64}$/.test(h) ? Buffer.from(h, 'hex') : null;
  return doc.entries.map((item) => {
    const seq = item && item.seq;
    const fail = (reason) => ({ seq, ok: false, reason });
    if (!Number.isSafeInteger(seq) || seq < 1) return fail('no valid sequence number');
    if (!item.entry || item.entry.seq !== seq)
      return fail('the entry is missing or numbered otherwise');
    // Sequence numbers are gapless from 1, so entry N is leaf N − 1 (RFC 9162 indexes from 0).
    if (item.leafIndex !== seq - 1) return fail(`leaf index ${item.leafIndex} is not ${seq - 1}`);
    // RFC 9162 §2.1.1: the leaf hash is recomputed from the entry, never taken from the document.
    const leaf = leafHash(
      Buffer.from(canonicalJson({ format: ENTRY_FORMAT, ...item.entry }), 'utf8'),
    );
    if (leaf.toString('hex') !== item.leafHash)
      return fail('the entry does not hash to its leaf hash (altered)');
    const path = Array.isArray(item.auditPath) ? item.auditPath.map(hex) : [null];
    if (path.some((h) => h === null)) return fail('the audit path is malformed');
    // RFC 9162 §2.1.3.2: the path must lead from this leaf to the root the checkpoint signs.
    if (!verifyInclusion(leaf, seq - 1, checkpoint.size, path, checkpoint.root))
      return fail(`the entry is not in the tree the checkpoint of size ${checkpoint.size} signed`);
    return { seq, ok: true, reason: null };
  });
}

// ---- the bundle (ustar) ----------------------------------------------------------------------
function readTar(buffer) {
  const files = new Map();
  for (let at = 0; at + 512 <= buffer.length;) {
    const header = buffer.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start, len) =>
      header
        .subarray(start, start + len)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const name = (field(345, 155) ? `${field(345, 155)}/` : '') + field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const start = at + 512;
    if (type === '0' || type === '') files.set(name, buffer.subarray(start, start + size));
    at = start + Math.ceil(size / 512) * 512;
  }
  return files;
}

class Failure extends Error {
  constructor(seq, reason) {
    super(reason);
    this.seq = seq;
  }
}

function verifyBundle(bundle, pinned, trustedNote) {
  const files = readTar(bundle);
  const file = (name) => {
    const data = files.get(name);
    if (!data) throw new Failure(null, `the bundle has no ${name}`);
    return data;
  };
  const manifest = JSON.parse(file('manifest.json').toString('utf8'));
  if (manifest.format !== BUNDLE_FORMAT)
    throw new Failure(null, `unknown bundle format ${manifest.format}`);
  for (const [name, meta] of Object.entries(manifest.files || {})) {
    if (sha256(file(name)).toString('hex') !== meta.sha256) {
      throw new Failure(null, `${name} does not match the manifest's hash`);
    }
  }
  const report = { entries: 0, checkpoints: 0, fromSeq: manifest.fromSeq, toSeq: manifest.toSeq };
  // Line by line from the bytes: a million entries (~700 MB) outgrow the longest string V8 holds.
  const lines = function* (name) {
    const data = file(name);
    for (let at = 0; at < data.length;) {
      const end = data.indexOf(10, at);
      const stop = end < 0 ? data.length : end;
      if (stop > at) yield JSON.parse(data.toString('utf8', at, stop));
      at = stop + 1;
    }
  };

  // Checkpoints first: only signatures under the pinned key count.
  const checkpoints = [...lines('checkpoints.jsonl')].map((c) => {
    let opened;
    try {
      opened = openCheckpoint(c.note, pinned);
    } catch (error) {
      throw new Failure(null, `checkpoint at size ${c.treeSize}: ${error.message}`);
    }
    if (opened.size !== c.treeSize)
      throw new Failure(null, `checkpoint at size ${c.treeSize}: listed under the wrong size`);
    return opened;
  });
  checkpoints.forEach((c, i) => {
    const before = checkpoints[i - 1];
    if (before && (c.size <= before.size || c.time <= before.time)) {
      throw new Failure(
        null,
        `checkpoint at size ${c.size}: not after the one before it (replayed or reordered)`,
      );
    }
  });
  if (checkpoints.length === 0)
    throw new Failure(null, 'no signed checkpoint covers these entries');
  report.checkpoints = checkpoints.length;

  const proofs = JSON.parse(file('proofs.json').toString('utf8'));
  const hex = (list) => list.map((h) => Buffer.from(h, 'hex'));

  let trusted = null;
  if (trustedNote !== undefined) {
    try {
      trusted = openCheckpoint(trustedNote, pinned);
    } catch (error) {
      // A saved note may have gained a final line break or CRLF: the signature covers LF text.
      const normalised = `${trustedNote
        .replace(/^\uFEFF/, '')
        .replace(/\r\n/g, '\n')
        .trimEnd()}\n`;
      try {
        trusted = openCheckpoint(normalised, pinned);
        report.notice = `your trusted checkpoint was read without its ${trustedNote.includes('\r\n') ? 'Windows line endings (CRLF)' : 'trailing whitespace'}; otherwise it is the signed note`;
      } catch {
        throw new Failure(null, `your trusted checkpoint: ${error.message}`);
      }
    }
    if (trusted.size > manifest.toSeq) {
      throw new Failure(
        manifest.toSeq + 1,
        `your trusted checkpoint covers ${trusted.size} entries; this evidence ends at ${manifest.toSeq} (truncated, or export up to ${trusted.size})`,
      );
    }
    if (trusted.size < manifest.fromSeq - 1) {
      throw new Failure(
        null,
        `your trusted checkpoint (size ${trusted.size}) is before this bundle; export from seq ${trusted.size + 1} or earlier`,
      );
    }
  }

  if (!proofs.prefix.hashes)
    throw new Failure(null, 'the bundle lacks the hashes of the entries before its range');
  const frontier = new Frontier(proofs.prefix.size, hex(proofs.prefix.hashes));
  if (frontier.size !== manifest.fromSeq - 1)
    throw new Failure(null, 'the prefix proof does not end where the entries start');
  let lastGood = frontier.size;
  let prev = null;
  let lastLeaf = null;
  const checkRoots = () => {
    if (trusted && trusted.size === frontier.size && !frontier.root().equals(trusted.root)) {
      throw new Failure(
        lastGood + 1,
        `entries ${lastGood + 1}–${trusted.size} differ from your trusted checkpoint (rewritten)`,
      );
    }
    for (const c of checkpoints) {
      if (c.size !== frontier.size) continue;
      if (!frontier.root().equals(c.root)) {
        throw new Failure(
          lastGood + 1,
          `entries ${lastGood + 1}–${c.size} differ from what checkpoint ${c.size} signed`,
        );
      }
      lastGood = c.size;
    }
  };
  checkRoots();
  for (const line of lines('entries.jsonl')) {
    const expected = frontier.size + 1;
    const { leafHash: stored, ...entry } = line;
    if (entry.seq !== expected)
      throw new Failure(expected, `entry ${expected} is missing (the next is ${entry.seq})`);
    if (prev !== null && entry.prevHash !== prev)
      throw new Failure(expected, `entry ${expected} does not chain onto entry ${expected - 1}`);
    if (prev === null && expected === 1 && entry.prevHash !== GENESIS)
      throw new Failure(1, 'entry 1 does not start the chain');
    const leaf = leafHash(Buffer.from(canonicalJson({ format: ENTRY_FORMAT, ...entry }), 'utf8'));
    if (leaf.toString('hex') !== stored)
      throw new Failure(
        expected,
        `entry ${expected} does not match its stored hash (altered after sealing)`,
      );
    frontier.append(leaf);
    prev = stored;
    lastLeaf = leaf;
    report.entries += 1;
    checkRoots();
  }
  if (frontier.size !== manifest.toSeq) {
    throw new Failure(
      frontier.size + 1,
      `the bundle should hold entries up to ${manifest.toSeq} but stops at ${frontier.size}`,
    );
  }
  const covering = checkpoints.find((c) => c.size === proofs.tail.treeSize);
  if (
    !covering ||
    proofs.tail.seq !== manifest.toSeq ||
    !lastLeaf ||
    !verifyInclusion(
      lastLeaf,
      manifest.toSeq - 1,
      covering.size,
      hex(proofs.tail.hashes),
      covering.root,
    )
  ) {
    throw new Failure(
      lastGood + 1,
      `entries ${lastGood + 1}–${manifest.toSeq} are not proven to be in a signed checkpoint`,
    );
  }
  // Proofs between checkpoints last: a fault in an entry is reported by its sequence number first.
  for (const c of proofs.consistency) {
    const a = checkpoints.find((x) => x.size === c.fromSize);
    const b = checkpoints.find((x) => x.size === c.toSize);
    if (
      !a ||
      !b ||
      !c.hashes ||
      !verifyConsistency(a.size, b.size, a.root, b.root, hex(c.hashes))
    ) {
      throw new Failure(
        null,
        `checkpoints ${c.fromSize} and ${c.toSize} are not consistent (the log forked or was rewritten)`,
      );
    }
  }

  return report;
}

function main(argv) {
  const { values, positionals } = require('node:util').parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'public-key': { type: 'string' },
      'trusted-checkpoint': { type: 'string' },
      entries: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.entries !== undefined && values['public-key'] && positionals.length === 0) {
    return mainEntries(values.entries, values['public-key']);
  }
  if (values.help || positionals.length !== 1 || !values['public-key']) {
    process.stdout.write(
      'usage: node tools/verify-ledger.js BUNDLE.tar --public-key KEY [--trusted-checkpoint FILE]\n' +
        '       node tools/verify-ledger.js --entries PROOFS.json --public-key KEY\n',
    );
    return values.help ? 0 : 2;
  }
  let pinned;
  try {
    pinned = pinnedKey(values['public-key']);
  } catch (error) {
    process.stdout.write(`FAILED: ${error.message}\n`);
    return 2;
  }
  const trusted = values['trusted-checkpoint']
    ? fs.readFileSync(values['trusted-checkpoint'], 'utf8')
    : undefined;
  process.stdout.write(
    `Daicho ledger evidence: ${positionals[0]}\nPinned key: ${pinned.name} (key id ${keyId(pinned.name, pinned.raw).toString('hex')})\n`,
  );
  try {
    const r = verifyBundle(fs.readFileSync(positionals[0]), pinned, trusted);
    process.stdout.write(
      `  entries ${r.fromSeq}–${r.toSeq}: ${r.entries} checked (sequence, chain, leaf hashes)\n` +
        `  checkpoints: ${r.checkpoints} signatures and roots checked\n` +
        (r.notice ? `  note: ${r.notice}\n` : '') +
        (trusted ? '  your trusted checkpoint: the ledger extends it\n' : '') +
        'OK: every check holds.\n',
    );
    return 0;
  } catch (error) {
    if (!(error instanceof Failure)) {
      process.stdout.write(`FAILED: the bundle is unreadable (${error.message})\n`);
      return 1;
    }
    const where = error.seq === null ? '' : ` First bad sequence number: ${error.seq}.`;
    process.stdout.write(`FAILED: ${error.message}.${where}\n`);
    return 1;
  }
}

/** The key the reader pins: a verifier key given as text, or a file that holds one. */
function pinnedKey(given) {
  return parseVerifierKey(fs.existsSync(given) ? fs.readFileSync(given, 'utf8') : given);
}

/** `--entries FILE`: every entry of a proofs document, one line each; exit 0 only if all hold. */
function mainEntries(file, key) {
  let pinned;
  try {
    pinned = pinnedKey(key);
  } catch (error) {
    process.stdout.write(`FAILED: ${error.message}\n`);
    return 2;
  }
  process.stdout.write(
    `Daicho ledger entries: ${file}\nPinned key: ${pinned.name} (key id ${keyId(pinned.name, pinned.raw).toString('hex')})\n`,
  );
  let doc;
  let verdicts;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    process.stdout.write(`FAILED: the document is unreadable (${error.message})\n`);
    return 1;
  }
  try {
    verdicts = verifyEntryProofs(doc, pinned);
  } catch (error) {
    // Without a checkpoint that holds, no entry is proven: say so for each one listed.
    const listed = doc && Array.isArray(doc.entries) ? doc.entries : [];
    for (const item of listed) {
      process.stdout.write(`  seq ${item && item.seq}: FAILED: not proven (${error.message})\n`);
    }
    process.stdout.write(`FAILED: ${error.message}.\n`);
    return 1;
  }
  for (const v of verdicts) {
    process.stdout.write(v.ok ? `  seq ${v.seq}: OK\n` : `  seq ${v.seq}: FAILED: ${v.reason}\n`);
  }
  const bad = verdicts.filter((v) => !v.ok).length;
  process.stdout.write(
    bad > 0
      ? `FAILED: ${bad} of ${verdicts.length} entries do not verify.\n`
      : verdicts.length === 0
        ? `OK: the checkpoint of size ${doc.treeSize} verifies; the document lists no entries.\n`
        : `OK: ${verdicts.length} entries are in the signed ledger as shown.\n`,
  );
  return bad === 0 ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
module.exports = { verifyBundle, verifyEntryProofs, parseVerifierKey, main };
