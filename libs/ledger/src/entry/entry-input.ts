import { isCatalogCode, isLedgerAction, type LedgerAction, isUuid } from '@daicho/platform';
import { ACTION_PATTERN, ACTOR_KINDS, LEDGER_OUTCOMES, type LedgerOutcome } from './ledger-entry';

/** Who acted, as the ledger records it. RequestContext's actor fits this shape. */
export interface LedgerActor {
  readonly kind: string;
  readonly id: string | null;
  readonly role: string | null;
}

/** A small, non-personal fact about an entry: codes, counts, field names, reasons. */
export type LedgerDetailValue = string | number | boolean | null | readonly string[];
export type LedgerDetails = Readonly<Record<string, LedgerDetailValue>>;

/** What a caller tells the ledger; the actor and request id come from its context. */
export interface LedgerEntryInput {
  readonly action: LedgerAction;
  readonly outcome?: LedgerOutcome;
  /** Overrides the context's actor (a failed login has no user yet). */
  readonly actor?: LedgerActor;
  readonly targetType?: string;
  readonly targetId?: string;
  /** Pseudonymous UUID of the data subject. */
  readonly subjectId?: string;
  readonly categoryCode?: string;
  readonly purposeCode?: string;
  readonly fields?: readonly string[];
  readonly details?: LedgerDetails;
  /** Set by internal systems reporting their own accesses: idempotency key and event time. */
  readonly clientEventId?: string;
  readonly occurredAt?: Date;
}

/** A field an entry names: an item key, or a dotted path into one (up to 100 characters). */
export const LEDGER_FIELD = /^[A-Za-z][A-Za-z0-9_.]{0,99}$/;
const DETAIL_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** Whole identifiers: a UUID, a digest. */
const WHOLE_IDENTIFIERS =
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32,}/gi;

/** A hex token shorter than a digest, with a letter: a device serial, a span id, a key id. */
const SHORT_HEX = /\b(?=[0-9a-f]*[a-f])[0-9a-f]{16,31}\b/gi;
/**
 * Identifiers the server writes (UUIDs, hex digests, 16-hex key ids such as a master key's): their
 * digits are not a phone number. A hex token shorter than a digest counts only when it holds a
 * letter, so a 16-digit card number is still refused.
 */
const OWN_IDENTIFIERS = new RegExp(`${WHOLE_IDENTIFIERS.source}|${SHORT_HEX.source}`, 'gi');
const EMAIL_LIKE = /[^\s@]+@[^\s@]+\.[^\s@]{2,}/u;
/** Ten digits or more, however separated: phone numbers (10–11), My Number (12), card numbers. */
const LONG_NUMBER = /\d(?:[\s\-.()/:_]*\d){9,}/u;
/** Names and addresses are written in kanji and kana; codes, ids and counts never are. */
const JAPANESE_TEXT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * What in a value reads like personal data, or null: an e-mail address, a long number (phone,
 * My Number), Japanese text (a name or an address). Full-width forms count too (NFKC first).
 * A heuristic: the entries are append-only, so it errs towards refusing.
 */
export function personalDataIn(value: string): string | null {
  return plainlyNotPersonal(value) ? null : personalDataScanned(value);
}

/** personalDataIn without its short-cut: every pattern over the NFKC form. */
export function personalDataScanned(value: string): string | null {
  return scanned(value.normalize('NFKC').replace(OWN_IDENTIFIERS, ' '));
}

/**
 * Digit runs inside such a token that are shaped like a person's number: a phone number (0 and
 * 9–10 more), My Number (12), a card number (13–19). Random hex holds a run of ten digits a few
 * times in a hundred, one of these shapes far more rarely.
 */
const PERSONAL_RUN = /^(?:0\d{9,10}|\d{12}|\d{13,19})$/;

/**
 * personalDataIn for a value sent from outside (an integration's reported codes): a short hex
 * token passes as an id of the integration's unless a digit run in it has the shape of a
 * person's number (09012345678ABCDE is a phone number with letters after it). UUIDs and digests
 * are passed over as they are for the server's own values.
 */
export function personalDataFromOutside(value: string): string | null {
  const text = value
    .normalize('NFKC')
    .replace(WHOLE_IDENTIFIERS, ' ')
    .replace(SHORT_HEX, (token) =>
      (token.match(/\d+/g) ?? []).some((run) => PERSONAL_RUN.test(run)) ? token : ' ',
    );
  return scanned(text);
}

function scanned(text: string): string | null {
  if (EMAIL_LIKE.test(text)) return 'an e-mail address';
  if (LONG_NUMBER.test(text)) return 'a phone number or another personal number';
  if (JAPANESE_TEXT.test(text)) return 'a name or an address (Japanese text)';
  return null;
}

/**
 * The common case answered without normalising or scanning three times: printable ASCII (which
 * NFKC leaves as it is, and which holds no kana or kanji) with no '@' and fewer than ten digits
 * can match none of the patterns above, and nor can a UUID. Every entry's ids and codes pass here
 * (the append path).
 */
function plainlyNotPersonal(value: string): boolean {
  // A whole UUID is one of the server's own identifiers (OWN_IDENTIFIERS blanks it out).
  if (value.length === 36 && isUuid(value)) return true;
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x40) return false;
    if (c >= 0x30 && c <= 0x39 && ++digits >= 10) return false;
  }
  return true;
}

/** True for a value that reads like an e-mail address, a telephone or My Number, a name or address. */
export function looksLikePersonalData(value: string): boolean {
  return personalDataIn(value) !== null;
}

/** One thing wrong with an entry: the field it is about (`details.reason`) and what is wrong. */
export interface EntryProblem {
  readonly field: string;
  readonly problem: string;
}

function checkDetails(details: LedgerDetails, problems: EntryProblem[]) {
  const keys = Object.keys(details);
  const add = (field: string, problem: string) => problems.push({ field, problem });
  if (keys.length > 30) add('details', 'details has more than 30 keys');
  for (const key of keys) {
    const field = DETAIL_KEY.test(key) ? `details.${key}` : 'details';
    if (!DETAIL_KEY.test(key)) add(field, 'a details key is not a plain name');
    const value = details[key];
    const strings = Array.isArray(value) ? value : [value];
    if (Array.isArray(value) && value.length > 100) add(field, `${field} is too long`);
    for (const item of strings) {
      if (typeof item === 'number' && !Number.isFinite(item)) {
        add(field, `${field} is not a finite number`);
      } else if (typeof item === 'string') {
        if (item.length > 500) add(field, `${field} is longer than 500 characters`);
        const found = personalDataIn(item);
        if (found) add(field, `${field} looks like personal data (${found})`);
      } else if (item !== null && typeof item !== 'boolean' && typeof item !== 'number') {
        add(field, `${field} must be a string, number, boolean, null or list of strings`);
      } else if (Array.isArray(value) && typeof item !== 'string') {
        add(field, `${field} lists must hold strings only`);
      }
    }
  }
}

/**
 * What is wrong with an entry, in words a developer can act on (never quoting a value); empty
 * when it may be written. The same checks in every NODE_ENV: an entry is kept for ever.
 */
export function problemsWithEntry(
  entry: LedgerEntryInput & { actor: LedgerActor; requestId: string },
): EntryProblem[] {
  const problems: EntryProblem[] = [];
  const add = (field: string, problem: string) => problems.push({ field, problem });
  if (!ACTION_PATTERN.test(entry.action)) add('action', 'action must be UPPER_SNAKE_CASE');
  else if (!isLedgerAction(entry.action)) add('action', 'action is not a known LedgerAction');
  if (entry.outcome && !LEDGER_OUTCOMES.includes(entry.outcome)) add('outcome', 'unknown outcome');
  if (!(ACTOR_KINDS as readonly string[]).includes(entry.actor.kind))
    add('actor', 'unknown actor kind');
  if (entry.subjectId !== undefined && !isUuid(entry.subjectId)) {
    add('subjectId', 'subjectId must be a pseudonymous UUID');
  }
  for (const [name, code] of [
    ['categoryCode', entry.categoryCode],
    ['purposeCode', entry.purposeCode],
  ] as const) {
    if (code !== undefined && !isCatalogCode(code))
      add(name, `${name} must be an UPPER_SNAKE code`);
  }
  if ((entry.fields?.length ?? 0) > 200) add('fields', 'fields lists more than 200 names');
  if ((entry.fields ?? []).some((field) => !LEDGER_FIELD.test(field))) {
    add('fields', 'a field name is not a plain name');
  }
  for (const [name, text, max] of [
    ['targetType', entry.targetType, 100],
    ['targetId', entry.targetId, 200],
    ['clientEventId', entry.clientEventId, 200],
    ['requestId', entry.requestId, 100],
    ['actor', entry.actor.id ?? undefined, 200],
  ] as const) {
    if (text === undefined) continue;
    if (text.length === 0 || text.length > max) {
      add(name, `${name} must be 1–${max} characters`);
      continue;
    }
    const found = personalDataIn(text);
    if (found) add(name, `${name} looks like personal data (${found})`);
  }
  if (entry.occurredAt && Number.isNaN(entry.occurredAt.getTime())) {
    add('occurredAt', 'occurredAt is not a valid time');
  }
  if (entry.details) checkDetails(entry.details, problems);
  return problems;
}
