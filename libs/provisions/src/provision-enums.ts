import { registerEnumType } from '@nestjs/graphql';

/**
 * The legal route of a hand-off (APPI art. 27). CONSENT and the four art. 27(1) exceptions are
 * provision to a third party; BUSINESS_SUCCESSION and JOINT_USE (art. 27(5)) are not.
 * Entrustment (also 27(5)) has its own records: contracts and entrustments.
 */
export enum ProvisionRoute {
  CONSENT = 'CONSENT',
  LAWS = 'LAWS',
  LIFE_BODY_PROPERTY = 'LIFE_BODY_PROPERTY',
  PUBLIC_HEALTH_CHILDREN = 'PUBLIC_HEALTH_CHILDREN',
  STATE_COOPERATION = 'STATE_COOPERATION',
  BUSINESS_SUCCESSION = 'BUSINESS_SUCCESSION',
  JOINT_USE = 'JOINT_USE',
}

/** Art. 29 records are required for consent-based provision only (not for exceptions or 27(5)). */
export const needsArt29Record = (route: ProvisionRoute) => route === ProvisionRoute.CONSENT;

/** Every route but consent needs the CPO's approval before the hand-off counts as done. */
export const needsApproval = (route: ProvisionRoute) => route !== ProvisionRoute.CONSENT;

export enum HandOffMethod {
  HAND_DELIVERY = 'HAND_DELIVERY',
  POST = 'POST',
  EMAIL = 'EMAIL',
  SYSTEM_TRANSFER = 'SYSTEM_TRANSFER',
}

export enum PartyKind {
  THIRD_PARTY = 'THIRD_PARTY',
  CONTRACTOR = 'CONTRACTOR',
}

export enum ProvisionStatus {
  /** Consent route: done when recorded. */
  RECORDED = 'RECORDED',
  PENDING_APPROVAL = 'PENDING_APPROVAL',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}

export enum EndHandling {
  RETURN = 'RETURN',
  DELETION = 'DELETION',
}

export enum ReviewResult {
  SATISFACTORY = 'SATISFACTORY',
  IMPROVEMENT_REQUIRED = 'IMPROVEMENT_REQUIRED',
  UNSATISFACTORY = 'UNSATISFACTORY',
}

registerEnumType(ProvisionRoute, { name: 'ProvisionRoute' });
registerEnumType(HandOffMethod, { name: 'HandOffMethod' });
registerEnumType(PartyKind, { name: 'PartyKind' });
registerEnumType(ProvisionStatus, { name: 'ProvisionStatus' });
registerEnumType(EndHandling, { name: 'EndHandling' });
registerEnumType(ReviewResult, { name: 'ReviewResult' });
