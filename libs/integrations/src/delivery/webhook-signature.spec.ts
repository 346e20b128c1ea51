import { createHmac } from 'node:crypto';
import { signatureHeader, verifySignature } from './webhook-signature';

describe('Daicho-Signature', () => {
  const secret = 'whsec_test';
  const body = '{"id":"e1","type":"record.created"}';

  it('is t=<seconds>,v1=<hex HMAC-SHA256 of "t.body"> keyed with the secret text', () => {
    const header = signatureHeader(secret, body, 1_780_000_000.9);
    const expected = createHmac('sha256', secret).update(`1780000000.${body}`).digest('hex');
    expect(header).toBe(`t=1780000000,v1=${expected}`);
  });

  it('verifies over the raw body within the tolerance, and nothing else', () => {
    const header = signatureHeader(secret, body, 1_000);
    expect(verifySignature(secret, body, header, 1_100)).toBe(true);
    expect(verifySignature(secret, body, header, 1_400)).toBe(false); // too old: a replay
    expect(verifySignature('whsec_other', body, header, 1_100)).toBe(false);
    expect(verifySignature(secret, body.replace('e1', 'e2'), header, 1_100)).toBe(false);
    expect(verifySignature(secret, body, header.replace('t=1000', 't=1001'), 1_100)).toBe(false);
    expect(verifySignature(secret, body, 'v1=00', 1_100)).toBe(false);
    expect(verifySignature(secret, body, `${header},v1=abcd`, 1_100)).toBe(true);
  });
});
