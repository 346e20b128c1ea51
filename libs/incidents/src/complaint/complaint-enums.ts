import { registerEnumType } from '@nestjs/graphql';

/** How a complaint or consultation reached the Personal Information Center (policy §8). */
export enum ComplaintChannel {
  MAIL = 'MAIL',
  IN_PERSON = 'IN_PERSON',
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
}

/** What the complaint is about. */
export enum ComplaintSubject {
  /** The handling of personal information in general (APPI art. 40). */
  HANDLING = 'HANDLING',
  /** A request for disclosure, etc. and how it was answered. */
  REQUEST = 'REQUEST',
  /** Leakage, loss or damage. */
  INCIDENT = 'INCIDENT',
  OTHER = 'OTHER',
}

/** Received, being answered (a first step was taken), closed with an outcome. */
export enum ComplaintStatus {
  RECEIVED = 'RECEIVED',
  IN_PROGRESS = 'IN_PROGRESS',
  CLOSED = 'CLOSED',
}

/** A response step on a complaint. */
export enum ComplaintAction {
  CONTACTED = 'CONTACTED',
  INVESTIGATED = 'INVESTIGATED',
  ANSWERED = 'ANSWERED',
  /**
   * Referred to the counselling office of the accredited personal information protection
   * organisation the company belongs to, JIPDEC (APPI art. 47 ff.; policy §8).
   */
  REFERRED_TO_JIPDEC = 'REFERRED_TO_JIPDEC',
}

/** How a complaint ended. */
export enum ComplaintOutcome {
  /** What was complained about was put right. */
  RESOLVED = 'RESOLVED',
  /** The handling was explained and the complainant accepted it. */
  EXPLAINED = 'EXPLAINED',
  /** Left to JIPDEC's counselling office (only after a REFERRED_TO_JIPDEC step). */
  REFERRED = 'REFERRED',
  /** The complainant withdrew it. */
  WITHDRAWN = 'WITHDRAWN',
}

for (const [e, name] of [
  [ComplaintChannel, 'ComplaintChannel'],
  [ComplaintSubject, 'ComplaintSubject'],
  [ComplaintStatus, 'ComplaintStatus'],
  [ComplaintAction, 'ComplaintAction'],
  [ComplaintOutcome, 'ComplaintOutcome'],
] as const) {
  registerEnumType(e, { name });
}
