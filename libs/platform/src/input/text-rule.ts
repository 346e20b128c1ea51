/**
 * The one text rule for everything a client sends: no C0 control characters except tab and line
 * breaks (LF, and the CR of a CRLF a Windows client or a saved note brings), and no DEL. NUL
 * cannot be stored by PostgreSQL at all; the others have no business in names, codes, notes or
 * cursors and only hide what a text says.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Lone UTF-16 surrogates ("\uD800" in JSON) are no text at all: no encoding can store them. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);

export const TEXT_RULE =
  'text may not contain control characters (such as NUL) or broken Unicode (a lone surrogate); tabs and line breaks are fine';

export const breaksTextRule = (text: string): boolean => CONTROL.test(text) || !wellFormed(text);

/** The path (`input.events[0].name`) of the first string, or object key, that breaks the rule. */
export function firstControlCharacter(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return breaksTextRule(value) ? path : null;
  // Parsed JSON and query strings only: plain objects and arrays, as deep as a document can nest.
  if (depth > 32) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstControlCharacter(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  const prototype: unknown =
    value !== null && typeof value === 'object' && Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (breaksTextRule(key)) return `${path} (a field name)`;
      const found = firstControlCharacter(inner, `${path}.${key}`, depth + 1);
      if (found) return found;
    }
  }
  return null;
}
