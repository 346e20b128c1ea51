import { randomBytes } from 'node:crypto';
import { blindIndex, normalise } from './blind-index';
import { DecryptionFailed, ivOf, open, seal } from './envelope';

describe('value encryption', () => {
  const key = randomBytes(32);
  const plaintext = Buffer.from('AB123456 山田花子', 'utf8');

  it('round-trips, and the ciphertext holds no plaintext', () => {
    const sealed = seal(key, plaintext, 'record:1:nationalId');
    expect(open(key, sealed, 'record:1:nationalId')).toEqual(plaintext);
    expect(sealed.includes(Buffer.from('AB123456'))).toBe(false);
    expect(sealed.length).toBe(1 + 12 + 16 + plaintext.length);
  });

  it('fails with DECRYPTION_FAILED when moved to another place, flipped, truncated or opened with another key', () => {
    const sealed = seal(key, plaintext, 'record:1:nationalId');
    expect(() => open(key, sealed, 'record:2:nationalId')).toThrow(DecryptionFailed);
    for (let i = 0; i < sealed.length; i += 7) {
      const flipped = Buffer.from(sealed);
      flipped[i] = (flipped[i] ?? 0) ^ 0x01;
      expect(() => open(key, flipped, 'record:1:nationalId')).toThrow(DecryptionFailed);
    }
    expect(() => open(key, sealed.subarray(0, 20), 'record:1:nationalId')).toThrow(
      DecryptionFailed,
    );
    expect(() => open(randomBytes(32), sealed, 'record:1:nationalId')).toThrow(DecryptionFailed);
  });

  it('never repeats an IV under one key in 100,000 encryptions', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++)
      seen.add(ivOf(seal(key, Buffer.from('x'), 'a')).toString('hex'));
    expect(seen.size).toBe(100_000);
  });
});

describe('blind indexes', () => {
  const key = randomBytes(32);
  it('matches the same e-mail, phone or name however it was typed', () => {
    expect(blindIndex(key, 'EMAIL', ' Taro.Yamada@Example.JP ')).toEqual(
      blindIndex(key, 'EMAIL', 'taro.yamada@example.jp'),
    );
    expect(blindIndex(key, 'EMAIL', 'ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ')).toEqual(
      blindIndex(key, 'EMAIL', 'taro@example.jp'),
    );
    expect(normalise('PHONE', '+81 90-1234-5678')).toBe('09012345678');
    expect(normalise('PHONE', '０９０－１２３４－５６７８')).toBe('09012345678');
    expect(normalise('PHONE', '(03) 1234 5678')).toBe('0312345678');
    expect(normalise('NAME', '山田　花子')).toBe(normalise('NAME', '山田花子'));
    expect(blindIndex(key, 'NAME', 'Hanako Yamada')).toEqual(
      blindIndex(key, 'NAME', 'hanako  yamada'),
    );
  });
  it('keeps kinds apart, depends on the key, and refuses what is not an address or number', () => {
    expect(blindIndex(key, 'NAME', 'taro@example.jp')).not.toEqual(
      blindIndex(key, 'EMAIL', 'taro@example.jp'),
    );
    expect(blindIndex(randomBytes(32), 'EMAIL', 'taro@example.jp')).not.toEqual(
      blindIndex(key, 'EMAIL', 'taro@example.jp'),
    );
    expect(blindIndex(key, 'EMAIL', 'not an address')).toBeNull();
    expect(blindIndex(key, 'PHONE', '12345')).toBeNull();
  });
});
