import { registerEnumType } from '@nestjs/graphql';

/** 漏えい・滅失・毀損 (APPI art. 26). */
export enum IncidentKind {
  LEAKAGE = 'LEAKAGE',
  LOSS = 'LOSS',
  DAMAGE = 'DAMAGE',
}

export enum IncidentCause {
  MISDELIVERY = 'MISDELIVERY',
  LOSS_OF_MEDIUM = 'LOSS_OF_MEDIUM',
  UNAUTHORIZED_ACCESS = 'UNAUTHORIZED_ACCESS',
  INSIDER_MISUSE = 'INSIDER_MISUSE',
  MALWARE = 'MALWARE',
  SYSTEM_FAULT = 'SYSTEM_FAULT',
  OTHER = 'OTHER',
}

/** Where an incident stands: found, stopped from spreading, understood, done. */
export enum IncidentStage {
  DETECTED = 'DETECTED',
  CONTAINED = 'CONTAINED',
  INVESTIGATED = 'INVESTIGATED',
  CLOSED = 'CLOSED',
}

/** How a record came into an incident's scope. */
export enum ScopeSource {
  EXPLICIT = 'EXPLICIT',
  HOLDING = 'HOLDING',
  LEDGER = 'LEDGER',
}

/** The two reports PPC Rule 8 asks for. */
export enum ReportStage {
  PRELIMINARY = 'PRELIMINARY',
  FINAL = 'FINAL',
}

export enum ReportChannel {
  PPC_ONLINE_FORM = 'PPC_ONLINE_FORM',
  PPC_EMAIL = 'PPC_EMAIL',
  PPC_MAIL = 'PPC_MAIL',
  /** Where the PPC delegated its authority (a ministry for the sector). */
  SECTOR_MINISTRY = 'SECTOR_MINISTRY',
}

export enum NoticeMethod {
  EMAIL = 'EMAIL',
  LETTER = 'LETTER',
  PHONE = 'PHONE',
  IN_PERSON = 'IN_PERSON',
}

/** The four grounds of PPC Rule 7 (APPI art. 26(1)). */
export enum Rule7Ground {
  /** Rule 7(i): special-care-required personal data. */
  SPECIAL_CARE = 'SPECIAL_CARE',
  /** Rule 7(ii): data whose misuse may cause property damage. */
  FINANCIAL_DAMAGE = 'FINANCIAL_DAMAGE',
  /** Rule 7(iii): a wrongful purpose (unauthorised access, theft by an insider). */
  WRONGFUL_PURPOSE = 'WRONGFUL_PURPOSE',
  /** Rule 7(iv): more than 1,000 persons. */
  OVER_1000_PERSONS = 'OVER_1000_PERSONS',
  /**
   * Not Rule 7: My Number data (specific personal information) with more than 100 persons or a
   * wrongful purpose, reportable under the My Number Act (art. 29-4 and the PPC rule on its
   * reports, art. 2) on top of any APPI report.
   */
  MY_NUMBER_ACT = 'MY_NUMBER_ACT',
}

/**
 * Causes that are wrongful by nature: the PPC guidelines (通則編 3-5-3-1 (3)) give unauthorised
 * access, theft by an insider and ransomware as the wrongful-purpose cases.
 */
export const WRONGFUL_CAUSES: readonly IncidentCause[] = [
  IncidentCause.UNAUTHORIZED_ACCESS,
  IncidentCause.INSIDER_MISUSE,
  IncidentCause.MALWARE,
];

/** What a reportability decision rests on. */
export enum Rule7Basis {
  /** The scope: the records, persons and items found affected. */
  SCOPE = 'SCOPE',
  /**
   * No scope yet: the categories the incident concerns "may have" been involved (Rule 7 counts
   * what may have leaked), so their items decide until the scope is established.
   */
  DECLARED_CATEGORIES = 'DECLARED_CATEGORIES',
  /** The CPO found, after investigation, that no personal data was affected. */
  NO_PERSONAL_DATA = 'NO_PERSONAL_DATA',
}

for (const [e, name] of [
  [IncidentKind, 'IncidentKind'],
  [IncidentCause, 'IncidentCause'],
  [IncidentStage, 'IncidentStage'],
  [ScopeSource, 'ScopeSource'],
  [ReportStage, 'ReportStage'],
  [ReportChannel, 'ReportChannel'],
  [NoticeMethod, 'NoticeMethod'],
  [Rule7Ground, 'Rule7Ground'],
  [Rule7Basis, 'Rule7Basis'],
] as const) {
  registerEnumType(e, { name });
}
