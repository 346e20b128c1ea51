import fc from 'fast-check';
import { canonicalJson, type JsonValue } from './canonical-json';

/** RFC 8785 written plainly (the form canonicalJson had before its loops): the reference. */
function plainCanonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(plainCanonicalJson).join(',')}]`;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${plainCanonicalJson(v)}`).join(',')}}`;
}

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

  it('sorts integer-like keys as strings, not in the order objects keep them', () => {
    expect(canonicalJson({ b: 0, 10: 1, 2: 2, a: 3 })).toBe('{"10":1,"2":2,"a":3,"b":0}');
    expect(canonicalJson(JSON.parse('{"__proto__":{"x":1},"a":[]}') as JsonValue)).toBe(
      '{"__proto__":{"x":1},"a":[]}',
    );
  });

  it('writes what the plain definition writes, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const json = value as JsonValue;
        expect(canonicalJson(json)).toBe(plainCanonicalJson(json));
      }),
      { numRuns: 5_000 },
    );
  });
});
