import { registerEnumType } from '@nestjs/graphql';

/** What the person asks for (APPI arts. 32–35; privacy policy §5). */
export enum RequestKind {
  /** Notification of the purposes of use (art. 32(2)). */
  PURPOSE_NOTICE = 'PURPOSE_NOTICE',
  /** Disclosure of the retained personal data, by the method the person asks (art. 33(1)). */
  DISCLOSURE = 'DISCLOSURE',
  /** Disclosure of the art. 29/30 provision and receipt records about the person (art. 33(5)). */
  PROVISION_RECORDS = 'PROVISION_RECORDS',
  /** Correction, addition or deletion of contents, per item (art. 34). */
  CORRECTION = 'CORRECTION',
  /** Suspension of use or erasure (art. 35(1), (5)). */
  SUSPENSION_OR_ERASURE = 'SUSPENSION_OR_ERASURE',
  /** Suspension of provision to third parties (art. 35(3), (5)). */
  STOP_PROVISION = 'STOP_PROVISION',
}

/** Art. 38 and policy "Procedures" §4: a fee only for notification of purposes and disclosure. */
export const FEE_KINDS: readonly RequestKind[] = [
  RequestKind.PURPOSE_NOTICE,
  RequestKind.DISCLOSURE,
  RequestKind.PROVISION_RECORDS,
];
export const isFeeCharged = (kind: RequestKind): boolean => FEE_KINDS.includes(kind);

/** How the request reached the company. */
export enum RequestChannel {
  MAIL = 'MAIL',
  IN_PERSON = 'IN_PERSON',
  EMAIL = 'EMAIL',
}

/** How the person wants the disclosure (art. 33(1)): a letter, or electronic records too. */
export enum DisclosureMethod {
  WRITTEN = 'WRITTEN',
  ELECTRONIC = 'ELECTRONIC',
}

/** Who acts for the person (art. 37; policy "Procedures" §3). */
export enum AgentKind {
  /** Statutory agent of a minor (親権者等). */
  MINOR_STATUTORY = 'MINOR_STATUTORY',
  /** Guardian of an adult ward (成年後見人). */
  ADULT_WARD_GUARDIAN = 'ADULT_WARD_GUARDIAN',
  /** Agent by power of attorney (任意代理人). */
  ATTORNEY = 'ATTORNEY',
}

/**
 * Where a request is: RECEIVED → (INCOMPLETE ↔) IN_PROGRESS → DECIDED → RESPONDED → CLOSED.
 * INCOMPLETE pauses the internal clock while the company waits for the requester.
 */
export enum RequestStatus {
  RECEIVED = 'RECEIVED',
  INCOMPLETE = 'INCOMPLETE',
  IN_PROGRESS = 'IN_PROGRESS',
  DECIDED = 'DECIDED',
  RESPONDED = 'RESPONDED',
  CLOSED = 'CLOSED',
}

/** Whose identity a check is about. */
export enum IdentityCheckSubject {
  REQUESTER = 'REQUESTER',
  AGENT = 'AGENT',
}

/** The identity documents the policy accepts (a copy, domicile of origin blacked out). */
export enum IdentityDocumentType {
  DRIVERS_LICENSE = 'DRIVERS_LICENSE',
  PASSPORT = 'PASSPORT',
  BASIC_RESIDENT_CARD = 'BASIC_RESIDENT_CARD',
  HEALTH_INSURANCE_CARD = 'HEALTH_INSURANCE_CARD',
  OTHER_OFFICIAL = 'OTHER_OFFICIAL',
}

/** The documents that prove an agent's authority (policy "Procedures" §3(1)). */
export enum AuthorityDocumentType {
  /** Power of attorney from the person, the original (attorney). */
  POWER_OF_ATTORNEY = 'POWER_OF_ATTORNEY',
  /** Copy of the family register (minor). */
  FAMILY_REGISTER = 'FAMILY_REGISTER',
  /** Certified copy of the resident register with the family relationship (minor). */
  RESIDENT_REGISTER_WITH_RELATIONSHIP = 'RESIDENT_REGISTER_WITH_RELATIONSHIP',
  /** Certificate of registered matters of the guardianship registry (adult ward). */
  GUARDIANSHIP_CERTIFICATE = 'GUARDIANSHIP_CERTIFICATE',
  /** Another official document confirming the authority (minor or adult ward). */
  OTHER_OFFICIAL_AUTHORITY = 'OTHER_OFFICIAL_AUTHORITY',
}

/** Which authority documents prove which kind of agency. */
export const AUTHORITY_DOCUMENTS: Record<AgentKind, readonly AuthorityDocumentType[]> = {
  [AgentKind.ATTORNEY]: [AuthorityDocumentType.POWER_OF_ATTORNEY],
  [AgentKind.MINOR_STATUTORY]: [
    AuthorityDocumentType.FAMILY_REGISTER,
    AuthorityDocumentType.RESIDENT_REGISTER_WITH_RELATIONSHIP,
    AuthorityDocumentType.OTHER_OFFICIAL_AUTHORITY,
  ],
  [AgentKind.ADULT_WARD_GUARDIAN]: [
    AuthorityDocumentType.GUARDIANSHIP_CERTIFICATE,
    AuthorityDocumentType.OTHER_OFFICIAL_AUTHORITY,
  ],
};

export enum IdentityCheckResult {
  CONFIRMED = 'CONFIRMED',
  NOT_CONFIRMED = 'NOT_CONFIRMED',
}

/** How a fee was paid: the policy asks for a postal money order (定額小為替). */
export enum FeePaymentMethod {
  POSTAL_MONEY_ORDER = 'POSTAL_MONEY_ORDER',
}

export enum RequestOutcome {
  COMPLY = 'COMPLY',
  PARTIAL = 'PARTIAL',
  REFUSE = 'REFUSE',
}

/** Why the company does not (fully) comply (art. 33(2), policy "Procedures" §5); art. 36 asks for them. */
export enum RefusalGround {
  IDENTITY_NOT_CONFIRMED = 'IDENTITY_NOT_CONFIRMED',
  AGENCY_NOT_CONFIRMED = 'AGENCY_NOT_CONFIRMED',
  DEFECTIVE_DOCUMENTS = 'DEFECTIVE_DOCUMENTS',
  NOT_DISCLOSURE_TARGET = 'NOT_DISCLOSURE_TARGET',
  /** Art. 33(2)(i). */
  HARM_TO_PERSON_OR_THIRD_PARTY = 'HARM_TO_PERSON_OR_THIRD_PARTY',
  /** Art. 33(2)(ii). */
  SERIOUS_BUSINESS_IMPEDIMENT = 'SERIOUS_BUSINESS_IMPEDIMENT',
  /** Art. 33(2)(iii). */
  VIOLATES_LAWS = 'VIOLATES_LAWS',
}

/**
 * Not a disclosure target because revealing that the data exists would (policy a)–d); APPI
 * Enforcement Order art. 5).
 */
export enum DisclosureExemption {
  /** a) threaten the life, body or property of the person or a third party. */
  THREAT_TO_LIFE_BODY_PROPERTY = 'THREAT_TO_LIFE_BODY_PROPERTY',
  /** b) encourage or induce illegal or unjust acts. */
  ENCOURAGE_ILLEGAL_ACTS = 'ENCOURAGE_ILLEGAL_ACTS',
  /** c) undermine national security or international trust. */
  NATIONAL_SECURITY = 'NATIONAL_SECURITY',
  /** d) impede crime prevention or investigation. */
  CRIME_PREVENTION = 'CRIME_PREVENTION',
}

/** How the answer went out (policy "Procedures" §5: a sealed letter as a rule). */
export enum ResponseMethod {
  SEALED_LETTER = 'SEALED_LETTER',
  ELECTRONIC = 'ELECTRONIC',
}

/** The letters a request produces. */
export enum RequestLetter {
  ACKNOWLEDGEMENT = 'acknowledgement',
  MISSING_ITEMS = 'missing-items',
  RESPONSE = 'response',
  REFUSAL = 'refusal',
}

/** The blank request forms the policy tells people to download. */
export enum RequestForm {
  PURPOSE_NOTICE = 'purpose-notice',
  DISCLOSURE = 'disclosure',
  DELETION_SUSPENSION = 'deletion-suspension',
}

const ENUMS = {
  RequestKind,
  RequestChannel,
  DisclosureMethod,
  AgentKind,
  RequestStatus,
  IdentityCheckSubject,
  IdentityDocumentType,
  AuthorityDocumentType,
  IdentityCheckResult,
  FeePaymentMethod,
  RequestOutcome,
  RefusalGround,
  DisclosureExemption,
  ResponseMethod,
};
for (const [name, enumRef] of Object.entries(ENUMS)) registerEnumType(enumRef, { name });
