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
  readonly action: string;
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE = /^[A-Z][A-Z0-9_]{0,99}$/;
const FIELD = /^[A-Za-z][A-Za-z0-9_.]{0,99}$/;
const DETAIL_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const EMAIL_LIKE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const PHONE_CHARACTERS = /^[\d\s()+.-]+$/;

/** True for a value that reads like an e-mail address or a telephone number. */
export function looksLikePersonalData(value: string): boolean {
  if (EMAIL_LIKE.test(value)) return true;
  if (!PHONE_CHARACTERS.test(value)) return false;
  return /^\+?\d{10,15}$/.test(value.replace(/[\s().-]/g, ''));
}

function checkDetails(details: LedgerDetails, refusePersonalData: boolean, problems: string[]) {
  const keys = Object.keys(details);
  if (keys.length > 30) problems.push('details has more than 30 keys');
  for (const key of keys) {
    if (!DETAIL_KEY.test(key))
      problems.push(`details key "${key.slice(0, 64)}" is not a plain name`);
    const value = details[key];
    const strings = Array.isArray(value) ? value : [value];
    if (Array.isArray(value) && value.length > 100) problems.push(`details.${key} is too long`);
    for (const item of strings) {
      if (typeof item === 'number' && !Number.isFinite(item)) {
        problems.push(`details.${key} is not a finite number`);
      } else if (typeof item === 'string') {
        if (item.length > 500) problems.push(`details.${key} is longer than 500 characters`);
        if (refusePersonalData && looksLikePersonalData(item)) {
          problems.push(
            `details.${key} looks like personal data (an e-mail address or phone number)`,
          );
        }
      } else if (item !== null && typeof item !== 'boolean' && typeof item !== 'number') {
        problems.push(`details.${key} must be a string, number, boolean, null or list of strings`);
      } else if (Array.isArray(value) && typeof item !== 'string') {
        problems.push(`details.${key} lists must hold strings only`);
      }
    }
  }
}

/**
 * What is wrong with an entry, in words a developer can act on; empty when it may be written.
 * `refusePersonalData` turns on the heuristic that keeps values like e-mail addresses out.
 */
export function problemsWithEntry(
  entry: LedgerEntryInput & { actor: LedgerActor; requestId: string },
  refusePersonalData: boolean,
): string[] {
  const problems: string[] = [];
  if (!ACTION_PATTERN.test(entry.action)) problems.push('action must be UPPER_SNAKE_CASE');
  if (entry.outcome && !LEDGER_OUTCOMES.includes(entry.outcome)) problems.push('unknown outcome');
  if (!(ACTOR_KINDS as readonly string[]).includes(entry.actor.kind))
    problems.push('unknown actor kind');
  if (entry.subjectId !== undefined && !UUID.test(entry.subjectId)) {
    problems.push('subjectId must be a pseudonymous UUID');
  }
  for (const [name, code] of [
    ['categoryCode', entry.categoryCode],
    ['purposeCode', entry.purposeCode],
  ] as const) {
    if (code !== undefined && !CODE.test(code))
      problems.push(`${name} must be an UPPER_SNAKE code`);
  }
  if ((entry.fields?.length ?? 0) > 200) problems.push('fields lists more than 200 names');
  for (const field of entry.fields ?? []) {
    if (!FIELD.test(field))
      problems.push(`field name "${field.slice(0, 100)}" is not a plain name`);
  }
  for (const [name, text, max] of [
    ['targetType', entry.targetType, 100],
    ['targetId', entry.targetId, 200],
    ['clientEventId', entry.clientEventId, 200],
    ['requestId', entry.requestId, 100],
  ] as const) {
    if (text === undefined) continue;
    if (text.length === 0 || text.length > max)
      problems.push(`${name} must be 1–${max} characters`);
    else if (refusePersonalData && looksLikePersonalData(text)) {
      problems.push(`${name} looks like personal data`);
    }
  }
  if (entry.occurredAt && Number.isNaN(entry.occurredAt.getTime())) {
    problems.push('occurredAt is not a valid time');
  }
  if (entry.details) checkDetails(entry.details, refusePersonalData, problems);
  return problems;
}
