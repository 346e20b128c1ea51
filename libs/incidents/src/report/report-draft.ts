import { dateTimeText, type LocalizedText } from '@daicho/documents';
import type { IncidentCause, IncidentKind } from '../incident-enums';
import { INCIDENT_LABELS, REPORT_ITEMS, type ReportItem } from './report-labels';

/**
 * The report to the PPC as the CPO writes it: the nine items of PPC Rule 8(1), each a text but
 * the number of persons. Sealed as one JSON in the incident's key file (the texts may name
 * people); the ledger sees which items changed, never what they say.
 */
export interface ReportDraft {
  overview: string;
  items: string;
  persons: number;
  cause: string;
  secondaryDamage: string;
  responseToPersons: string;
  publication: string;
  prevention: string;
  other: string;
}

/** The nine items in the order of Rule 8(1). */
export const DRAFT_ITEMS = Object.keys(REPORT_ITEMS) as ReportItem[];

/** A category in the scope and the items of it that were affected, as the catalog names them. */
export interface ScopeItems {
  category: LocalizedText;
  items: LocalizedText[];
}

/** What a draft is prefilled from: the incident (its texts opened) and its scope. */
export interface DraftSources {
  kind: IncidentKind;
  cause: IncidentCause;
  discoveredAt: Date;
  awareAt: Date;
  title: string;
  description: string;
  persons: number;
  scopeItems: readonly ScopeItems[];
}

/**
 * The draft before the CPO has saved one: what the register already knows, in Japanese (the
 * report goes to the PPC in Japanese). The overview says what happened and when the company
 * became aware; the items list the catalog's names per category; the cause is the cause's label
 * and the description as reported; the rest waits for the CPO.
 */
export function prefilledDraft(from: DraftSources): ReportDraft {
  const kind = INCIDENT_LABELS.kind[from.kind].ja;
  const cause = INCIDENT_LABELS.cause[from.cause].ja;
  const overview = [
    `${dateTimeText(from.awareAt, 'ja')}、${cause}により、当社が取り扱う個人データの${kind}が発生し、又は発生したおそれがあることを認識しました（発見：${dateTimeText(from.discoveredAt, 'ja')}）。`,
    `件名：${from.title}`,
  ].join('\n');
  const items = from.scopeItems
    .map((s) => `${s.category.ja}：${s.items.map((i) => i.ja).join('、')}`)
    .join('\n');
  return {
    overview,
    items,
    persons: from.persons,
    cause: `${cause}\n${from.description}`,
    secondaryDamage: '',
    responseToPersons: '',
    publication: '',
    prevention: '',
    other: '',
  };
}

/** The draft as stored: exactly the nine items (an input class or a parsed JSON alike). */
export function draftOf(input: ReportDraft): ReportDraft {
  return {
    overview: input.overview,
    items: input.items,
    persons: input.persons,
    cause: input.cause,
    secondaryDamage: input.secondaryDamage,
    responseToPersons: input.responseToPersons,
    publication: input.publication,
    prevention: input.prevention,
    other: input.other,
  };
}

/** A sealed draft opened: the JSON checked item by item (a wrong shape is a fault, not a draft). */
export function parseDraft(json: string): ReportDraft {
  const value = JSON.parse(json) as Record<string, unknown>;
  for (const item of DRAFT_ITEMS) {
    const expected = item === 'persons' ? 'number' : 'string';
    if (typeof value[item] !== expected)
      throw new Error(`a sealed report draft without its ${item} (${expected})`);
  }
  return draftOf(value as unknown as ReportDraft);
}

/** The items an edit changed, in Rule 8(1) order (what the ledger entry names). */
export const changedItems = (before: ReportDraft, after: ReportDraft): ReportItem[] =>
  DRAFT_ITEMS.filter((item) => before[item] !== after[item]);
