/** A JSON value as the ledger stores it (jsonb in, JSON.parse out). */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * RFC 8785 (JSON Canonicalization Scheme): object keys sorted by UTF-16 code units, no
 * whitespace, ECMAScript number and string serialisation (which JSON.stringify already does).
 * The same bytes come out whatever order the database or a client returned the keys in.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new TypeError('canonical JSON has no representation for NaN or Infinity');
    }
    return JSON.stringify(value);
  }
  // Loops rather than entries/map/join: the sequencer and the verifier run this once an entry.
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canonicalJson(value[i] as JsonValue);
    }
    return out + ']';
  }
  // The default sort compares UTF-16 code units, the order RFC 8785 §3.2.3 asks for.
  const keys = Object.keys(value).sort();
  out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (i > 0) out += ',';
    out += JSON.stringify(key) + ':' + canonicalJson(value[key] as JsonValue);
  }
  return out + '}';
}
