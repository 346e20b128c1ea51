/** What the access report page asks the server for, and the shapes of the answers. */
export interface Counts {
  reads: number;
  exports: number;
  provisions: number;
  denials: number;
}
export interface Actor {
  id: string;
  kind: string;
  name: string | null;
}
export interface Anomaly {
  kind: string;
  actor: Actor;
  day: string;
  reason: string;
  reasonJa: string;
  entries: number;
  from: string;
  to: string;
}
export interface Label {
  ja: string;
  en: string;
}
export interface Report {
  basis: { treeSize: number; rootHash: string };
  totals: Counts;
  byActorCategory: (Counts & {
    actor: Actor;
    categoryCode: string | null;
    categoryName: Label | null;
  })[];
  byPurpose: (Counts & { purposeCode: string | null; purposeName: Label | null })[];
  byDay: (Counts & { day: string })[];
  anomalies: Anomaly[];
}
export interface Entry {
  seq: number;
  action: string;
  outcome: string;
  recordedAt: string;
  categoryCode: string | null;
  purposeCode: string | null;
}

const COUNTS = 'reads exports provisions denials';
export const REPORT = `query($from: DateTime!, $to: DateTime!) { accessReport(from: $from, to: $to) {
  basis { treeSize rootHash } totals { ${COUNTS} }
  byActorCategory { actor { id kind name } categoryCode categoryName { ja en } ${COUNTS} }
  byPurpose { purposeCode purposeName { ja en } ${COUNTS} } byDay { day ${COUNTS} }
  anomalies { kind actor { id kind name } day reason reasonJa entries from to } }
  ledgerActionLabels { action label { ja en } } }`;
export const ENTRIES = `query($filter: LedgerEntryFilter) { ledgerEntries(filter: $filter, first: 100) {
  edges { node { seq action outcome recordedAt categoryCode purposeCode } } } }`;
