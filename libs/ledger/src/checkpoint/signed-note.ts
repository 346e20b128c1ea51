import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * C2SP signed-note and tlog-checkpoint (https://c2sp.org/signed-note, /tlog-checkpoint):
 * the format transparency logs use for signed tree heads, so any standard tool can read ours.
 */
const ED25519_ALGORITHM = 0x01;
const SIGNATURE_PREFIX = '\u2014 ';
/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
  /** Extension line `time <ISO-8601>`: when the log issued it; strictly increasing. */
  time: Date;
}

export function rawPublicKey(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'spki' });
  return Buffer.from(der.subarray(der.length - 32));
}

export function publicKeyFromRaw(raw: Buffer): KeyObject {
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, raw]),
    format: 'der',
    type: 'spki',
  });
}

/** Key ID: the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key). */
export function noteKeyId(name: string, raw: Buffer): Buffer {
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, ED25519_ALGORITHM]))
    .update(raw)
    .digest()
    .subarray(0, 4);
}

/** The verifier key string `name+hexid+base64(0x01 ‖ key)` that note tools take. */
export function verifierKey(name: string, raw: Buffer): string {
  const encoded = Buffer.concat([Buffer.from([ED25519_ALGORITHM]), raw]).toString('base64');
  return `${name}+${noteKeyId(name, raw).toString('hex')}+${encoded}`;
}

export function parseVerifierKey(vkey: string): { name: string; raw: Buffer } {
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(vkey.trim());
  const [, name, keyId, key] = match ?? [];
  if (name === undefined || keyId === undefined || key === undefined) {
    throw new Error('not a verifier key (name+keyid+base64)');
  }
  const bytes = Buffer.from(key, 'base64');
  if (bytes.length !== 33 || bytes[0] !== ED25519_ALGORITHM) {
    throw new Error('not an Ed25519 verifier key');
  }
  const raw = bytes.subarray(1);
  if (noteKeyId(name, raw).toString('hex') !== keyId) {
    throw new Error('the key id does not match the key');
  }
  return { name, raw: Buffer.from(raw) };
}

export function checkpointBody(c: Checkpoint): string {
  return `${c.origin}\n${c.size}\n${c.root.toString('base64')}\ntime ${c.time.toISOString()}\n`;
}

export function signCheckpoint(c: Checkpoint, keyName: string, privateKey: KeyObject): string {
  const body = checkpointBody(c);
  const raw = rawPublicKey(createPublicKey(privateKey));
  const signature = sign(null, Buffer.from(body, 'utf8'), privateKey);
  const blob = Buffer.concat([noteKeyId(keyName, raw), signature]).toString('base64');
  return `${body}\n${SIGNATURE_PREFIX}${keyName} ${blob}\n`;
}

/**
 * A note as a person saved it: an editor may add a final line break or write CRLF. Signatures
 * cover the exact LF body, so those are undone (trailing whitespace to one LF, CRLF to LF).
 */
export function normaliseNoteText(note: string): string {
  return `${note
    .replace(/^\uFEFF/, '')
    .replace(/\r\n/g, '\n')
    .trimEnd()}\n`;
}

/** Why a trusted note only opened once normalised, for the report; null when it opened as given. */
export function normalisationNotice(note: string): string | null {
  const normalised = normaliseNoteText(note);
  if (normalised === note) return null;
  const what = note.includes('\r\n') ? 'Windows line endings (CRLF)' : 'trailing whitespace';
  return `your trusted checkpoint was read without its ${what}; otherwise it is the signed note`;
}

export type NoteCheck = { ok: true; checkpoint: Checkpoint } | { ok: false; reason: string };

/** Verifies a checkpoint note against one pinned key; never trusts a key named in the note. */
export function openCheckpoint(note: string, keyName: string, raw: Buffer): NoteCheck {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return { ok: false, reason: 'not a signed note' };
  const body = note.slice(0, split + 1);
  const wantId = noteKeyId(keyName, raw);
  const key = publicKeyFromRaw(raw);
  let signed = false;
  for (const line of note.slice(split + 2, -1).split('\n')) {
    if (!line.startsWith(SIGNATURE_PREFIX))
      return { ok: false, reason: 'malformed signature line' };
    const [name, blob = ''] = line.slice(SIGNATURE_PREFIX.length).split(' ');
    const bytes = Buffer.from(blob, 'base64');
    if (name !== keyName || bytes.length !== 68 || !bytes.subarray(0, 4).equals(wantId)) continue;
    signed = verify(null, Buffer.from(body, 'utf8'), key, bytes.subarray(4));
    if (!signed) return { ok: false, reason: 'signature does not verify with the pinned key' };
  }
  if (!signed) return { ok: false, reason: 'not signed by the pinned key' };
  const lines = body.slice(0, -1).split('\n');
  const [origin, sizeText, rootText, ...extensions] = lines;
  const time = extensions.find((l) => l.startsWith('time '))?.slice(5);
  const root = Buffer.from(rootText ?? '', 'base64');
  if (origin !== keyName) return { ok: false, reason: `origin ${origin} is not ${keyName}` };
  if (!/^(0|[1-9]\d{0,15})$/.test(sizeText ?? '') || root.length !== 32 || !time) {
    return { ok: false, reason: 'malformed checkpoint body' };
  }
  const parsedTime = new Date(time);
  if (Number.isNaN(parsedTime.getTime())) return { ok: false, reason: 'malformed checkpoint time' };
  return { ok: true, checkpoint: { origin, size: Number(sizeText), root, time: parsedTime } };
}

/**
 * A stored checkpoint row checked against its own note: the note opens under the pinned key and
 * signs the row's size and root. The runtime role may insert rows (the issuer runs as it), so the
 * verifier and every document that prints a checkpoint ask this before trusting one.
 */
export function openStoredCheckpoint(
  row: { treeSize: number; root: Buffer; note: string },
  keyName: string,
  raw: Buffer,
): NoteCheck {
  const opened = openCheckpoint(row.note, keyName, raw);
  if (!opened.ok) return opened;
  if (opened.checkpoint.size !== row.treeSize || !opened.checkpoint.root.equals(row.root)) {
    return { ok: false, reason: 'the stored row differs from its note' };
  }
  return opened;
}
