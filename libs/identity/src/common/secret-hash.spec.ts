import { API_KEY_PREFIX, sessionToken } from './secret-hash';

describe('session tokens', () => {
  it('never begin as an API key does, so none is looked up as a key and refused', () => {
    // A random source whose first draws begin with the key prefix, as one in 64³ do.
    const draws = [`${API_KEY_PREFIX}AAAA`, `${API_KEY_PREFIX}BBBB`, 'dkAAAA'];
    const token = sessionToken(() => draws.shift() ?? 'unexpected');
    expect(token).toBe('dkAAAA');
    expect(draws).toHaveLength(0);
  });

  it('are 256 random bits, URL-safe, different each time', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => sessionToken()));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(token.startsWith(API_KEY_PREFIX)).toBe(false);
    }
  });
});
