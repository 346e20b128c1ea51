import { registerEnumType } from '@nestjs/graphql';

export enum SubjectType {
  CUSTOMER = 'CUSTOMER',
  SEMINAR_PARTICIPANT = 'SEMINAR_PARTICIPANT',
  PARTNER_CONTACT = 'PARTNER_CONTACT',
  EMPLOYEE = 'EMPLOYEE',
  APPLICANT = 'APPLICANT',
  CLIENT_END_USER = 'CLIENT_END_USER',
  VISITOR = 'VISITOR',
  /** People who make a request for disclosure, etc., and their agents (APPI arts. 32–37). */
  REQUESTER = 'REQUESTER',
  /** People who bring a complaint or consultation about the handling of their data (APPI art. 40). */
  COMPLAINANT = 'COMPLAINANT',
}

/** How the data reaches the company (policy §2.1 directly from the person, §2.2 otherwise). */
export enum AcquisitionMethod {
  WEBSITE = 'WEBSITE',
  DOCUMENT = 'DOCUMENT',
  SEMINAR = 'SEMINAR',
  PHONE = 'PHONE',
  EMAIL = 'EMAIL',
  ENTRUSTED_BY_CLIENT = 'ENTRUSTED_BY_CLIENT',
  CCTV = 'CCTV',
}

/** The event a retention period runs from. */
export enum RetentionTrigger {
  COLLECTION = 'COLLECTION',
  LAST_CONTACT = 'LAST_CONTACT',
  END_OF_EMPLOYMENT = 'END_OF_EMPLOYMENT',
  END_OF_CONTRACT = 'END_OF_CONTRACT',
  END_OF_ENTRUSTED_WORK = 'END_OF_ENTRUSTED_WORK',
  PURPOSE_ACHIEVED = 'PURPOSE_ACHIEVED',
}

export enum Level {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}

export enum Medium {
  ELECTRONIC = 'ELECTRONIC',
  PAPER = 'PAPER',
}

export enum RecipientKind {
  /** A contractor the handling is entrusted to (APPI art. 25, 27(5)(i)): not a third party. */
  CONTRACTOR = 'CONTRACTOR',
  THIRD_PARTY = 'THIRD_PARTY',
  /**
   * A client that entrusted its personal data to the company (the company is its contractor):
   * requests about that data are referred to it, incidents affecting it notified to it.
   */
  CLIENT = 'CLIENT',
}

/** Life-cycle stages of the risk assessment JIS Q 15001 (PrivacyMark) asks for per category. */
export enum LifecycleStage {
  ACQUISITION = 'ACQUISITION',
  USE = 'USE',
  STORAGE = 'STORAGE',
  TRANSFER = 'TRANSFER',
  DISPOSAL = 'DISPOSAL',
}

/** What kind of value a record holds for an item (holdings validates records against it). */
export enum ItemValueType {
  TEXT = 'TEXT',
  DATE = 'DATE',
  DATETIME = 'DATETIME',
  NUMBER = 'NUMBER',
  BINARY = 'BINARY',
}

export enum ProposalStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}

for (const [enumRef, name] of [
  [SubjectType, 'SubjectType'],
  [AcquisitionMethod, 'AcquisitionMethod'],
  [RetentionTrigger, 'RetentionTrigger'],
  [Level, 'Level'],
  [Medium, 'Medium'],
  [RecipientKind, 'RecipientKind'],
  [LifecycleStage, 'LifecycleStage'],
  [ItemValueType, 'ItemValueType'],
  [ProposalStatus, 'ProposalStatus'],
] as const) {
  registerEnumType(enumRef, { name });
}
