import { generateKeyPairSync } from 'node:crypto';
import { EMPTY_ROOT } from '../merkle/merkle';
import {
  noteKeyId,
  openCheckpoint,
  parseVerifierKey,
  rawPublicKey,
  signCheckpoint,
  verifierKey,
} from './signed-note';

const ORIGIN = 'daicho.example/ledger';
const pair = () => generateKeyPairSync('ed25519');

describe('checkpoint signed notes (C2SP)', () => {
  const { privateKey, publicKey } = pair();
  const raw = rawPublicKey(publicKey);
  const checkpoint = { origin: ORIGIN, size: 42, root: EMPTY_ROOT, time: new Date(1_000) };
  const note = signCheckpoint(checkpoint, ORIGIN, privateKey);

  it('writes the tlog-checkpoint layout with an em-dash signature line', () => {
    const [body = '', signatures = ''] = note.split('\n\n');
    expect(body.split('\n')).toEqual([
      ORIGIN,
      '42',
      EMPTY_ROOT.toString('base64'),
      'time 1970-01-01T00:00:01.000Z',
    ]);
    expect(signatures).toMatch(new RegExp(`^\u2014 ${ORIGIN} [A-Za-z0-9+/]{91}=\n$`));
    const blob = Buffer.from(signatures.trim().split(' ')[2] ?? '', 'base64');
    expect(blob.subarray(0, 4).equals(noteKeyId(ORIGIN, raw))).toBe(true);
  });

  it('opens with the pinned key and yields the checkpoint', () => {
    const opened = openCheckpoint(note, ORIGIN, raw);
    expect(opened).toEqual({ ok: true, checkpoint });
  });

  it('rejects an altered body, another key, another origin and garbage', () => {
    const altered = note.replace('\n42\n', '\n43\n');
    expect(openCheckpoint(altered, ORIGIN, raw)).toEqual({
      ok: false,
      reason: 'signature does not verify with the pinned key',
    });
    const other = pair();
    const resigned = signCheckpoint(checkpoint, ORIGIN, other.privateKey);
    expect(openCheckpoint(resigned, ORIGIN, raw)).toEqual({
      ok: false,
      reason: 'not signed by the pinned key',
    });
    expect(openCheckpoint(note, 'elsewhere/log', raw).ok).toBe(false);
    expect(openCheckpoint('hello\n', ORIGIN, raw).ok).toBe(false);
  });

  it('round-trips the verifier key and refuses a wrong key id', () => {
    const vkey = verifierKey(ORIGIN, raw);
    expect(parseVerifierKey(vkey)).toEqual({ name: ORIGIN, raw });
    // base64 may itself contain '+': replace the key id field only.
    const wrongId = vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+');
    expect(wrongId).not.toBe(vkey);
    expect(() => parseVerifierKey(wrongId)).toThrow(/key id/);
  });
});
