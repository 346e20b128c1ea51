import { canonicalJson } from './canonical-json';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
    // RFC 8785 §3.2.3: "\u20ac" (€) sorts before "\ud83d\ude00" (😀) by code unit, not code point.
    expect(canonicalJson({ '😀': 2, '€': 1, '\r': 0 })).toBe('{"\\r":0,"€":1,"😀":2}');
  });

  it('serialises numbers and strings as ECMAScript does', () => {
    expect(canonicalJson([1e21, 1e-7, -0, 0.1, 333333333.3333333])).toBe(
      '[1e+21,1e-7,0,0.1,333333333.3333333]',
    );
    expect(canonicalJson('\u2028"\\\u0007')).toBe('"\u2028\\"\\\\\\u0007"');
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
  });

  it('gives the same bytes for the same value built in another key order', () => {
    const a = canonicalJson({ x: 1, y: [1, 2], z: { q: 'a', p: 'b' } });
    const b = canonicalJson({ z: { p: 'b', q: 'a' }, y: [1, 2], x: 1 });
    expect(a).toBe(b);
  });
});
