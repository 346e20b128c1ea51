import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ContactModel } from '@daicho/holdings';
import { LocalizedTextModel } from '@daicho/inventory';
import { CalendarDateScalar, Paginated } from '@daicho/platform';
import {
  AgentKind,
  AuthorityDocumentType,
  DisclosureExemption,
  DisclosureMethod,
  FeePaymentMethod,
  IdentityCheckResult,
  IdentityCheckSubject,
  IdentityDocumentType,
  RefusalGround,
  RequestChannel,
  RequestKind,
  RequestOutcome,
  RequestStatus,
  ResponseMethod,
} from '../request-enums';
import { MissingItem } from './request-row';
import { SuspensionMeasure } from './request.inputs';

registerEnumType(MissingItem, { name: 'MissingItem' });

@ObjectType('RequestIdentityCheck', {
  description: 'What was seen to confirm a requester or agent; copies are not kept (APPI art. 37)',
})
export class IdentityCheckModel {
  @Field(() => ID)
  id!: string;
  @Field(() => IdentityCheckSubject)
  subject!: IdentityCheckSubject;
  @Field(() => IdentityDocumentType)
  documentType!: IdentityDocumentType;
  @Field()
  domicileBlackedOut!: boolean;
  @Field(() => AuthorityDocumentType, { nullable: true })
  authorityDocument!: AuthorityDocumentType | null;
  @Field(() => IdentityCheckResult)
  result!: IdentityCheckResult;
  @Field()
  checkedBy!: string;
  @Field()
  checkedAt!: Date;
}

@ObjectType('RequestFeePayment')
export class FeePaymentModel {
  @Field(() => ID)
  id!: string;
  @Field(() => Int)
  amount!: number;
  @Field(() => FeePaymentMethod)
  method!: FeePaymentMethod;
  @Field(() => CalendarDateScalar)
  receivedOn!: string;
  /** Resolved by FeePaymentReferenceResolver: sealed under the requester's record key. */
  @Field(() => String, {
    nullable: true,
    description:
      "The money order's number (the CPO only, a READ entry; null for others, and once the requester's record is disposed of)",
  })
  reference!: string | null;
}

@ObjectType('RequestPause', { description: 'A time the request waited for the requester' })
export class PauseModel {
  @Field(() => [MissingItem])
  missing!: MissingItem[];
  @Field(() => CalendarDateScalar)
  pausedOn!: string;
  @Field(() => CalendarDateScalar, { nullable: true })
  resumedOn!: string | null;
  @Field(() => Int, { nullable: true, description: 'Business days the internal target moved' })
  businessDays!: number | null;
}

@ObjectType('RequestReferral', {
  description: "A request about a client's entrusted data, referred to the client (policy §5)",
})
export class ReferralModel {
  @Field(() => ID)
  id!: string;
  @Field()
  recipientCode!: string;
  @Field(() => CalendarDateScalar)
  sentOn!: string;
  @Field(() => CalendarDateScalar, { nullable: true })
  instructionReceivedOn!: string | null;
  @Field()
  hasInstruction!: boolean;
}

@ObjectType('WithheldItem')
export class WithheldItemModel {
  @Field()
  categoryCode!: string;
  @Field()
  itemKey!: string;
}

@ObjectType('WithheldPart', { description: 'What a PARTIAL decision holds back' })
export class WithheldPartModel {
  @Field(() => [String])
  categoryCodes!: string[];
  @Field(() => [WithheldItemModel])
  items!: WithheldItemModel[];
}

@ObjectType('RequestDecision')
export class DecisionModel {
  @Field(() => RequestOutcome)
  outcome!: RequestOutcome;
  @Field(() => [RefusalGround], { description: 'Why not (fully) complied with (APPI art. 36)' })
  grounds!: RefusalGround[];
  @Field(() => DisclosureExemption, { nullable: true })
  exemption!: DisclosureExemption | null;
  @Field(() => WithheldPartModel, { nullable: true, description: 'PARTIAL: the part held back' })
  withheld!: WithheldPartModel | null;
  @Field(() => SuspensionMeasure, { nullable: true, description: 'SUSPENSION_OR_ERASURE' })
  measure!: SuspensionMeasure | null;
  @Field()
  decidedBy!: string;
  @Field()
  decidedAt!: Date;
}

@ObjectType('RequestResponse', { description: 'How and when the answer went out' })
export class ResponseModel {
  @Field(() => CalendarDateScalar)
  sentOn!: string;
  @Field(() => ResponseMethod)
  method!: ResponseMethod;
}

@ObjectType('RequestExecution', { description: 'What carrying out the request did (counts)' })
export class ExecutionModel {
  @Field()
  executedAt!: Date;
  @Field()
  executedBy!: string;
  @Field(() => Int)
  persons!: number;
  @Field(() => Int)
  records!: number;
  @Field(() => [String], { description: 'Categories involved (codes)' })
  categoryCodes!: string[];
  @Field(() => [String], { description: 'What was done, e.g. SUSPENDED, ERASED, CORRECTED' })
  measures!: string[];
}

@ObjectType('RequestParty', { description: "The requester's or agent's data (CPO only)" })
export class RequestPartyModel extends ContactModel {}

@ObjectType('DataSubjectRequest', {
  description: 'A request from the person for disclosure, etc. (APPI arts. 32–39)',
})
export class DataSubjectRequestModel {
  @Field(() => ID)
  id!: string;
  @Field({ description: 'Human-readable and unique, e.g. R-2026-0001' })
  number!: string;
  @Field(() => RequestKind)
  kind!: RequestKind;
  @Field(() => LocalizedTextModel, { description: 'The kind in words, with its article' })
  kindLabel!: LocalizedTextModel;
  @Field(() => RequestStatus)
  status!: RequestStatus;
  @Field(() => LocalizedTextModel, { description: 'The status in words' })
  statusLabel!: LocalizedTextModel;
  @Field(() => RequestChannel)
  channel!: RequestChannel;
  @Field()
  receivedAt!: Date;
  @Field(() => CalendarDateScalar, { description: 'The business day handling starts (JST)' })
  handlingStartsOn!: string;
  @Field(() => CalendarDateScalar, { description: 'The internal target (business days)' })
  dueOn!: string;
  @Field(() => CalendarDateScalar, {
    description: 'Arrival + 14 days: from then the person may sue (APPI art. 39)',
  })
  art39On!: string;
  @Field(() => Int, { description: 'To dueOn; negative when overdue; frozen while paused' })
  businessDaysLeft!: number;
  @Field(() => CalendarDateScalar, { nullable: true })
  pausedOn!: string | null;
  @Field(() => [MissingItem])
  missing!: MissingItem[];
  @Field(() => DisclosureMethod, { nullable: true })
  disclosureMethod!: DisclosureMethod | null;
  @Field(() => AgentKind, { nullable: true })
  agentKind!: AgentKind | null;
  @Field()
  feeRequired!: boolean;
  @Field(() => Int)
  feeAmount!: number;
  @Field(() => Int, { description: 'Yen received so far' })
  feePaid!: number;
  @Field()
  identityConfirmed!: boolean;
  @Field(() => Boolean, { nullable: true, description: 'Null when no agent acts' })
  agencyConfirmed!: boolean | null;
  @Field(() => [ID], { description: 'The persons held who were matched to the request' })
  subjectIds!: string[];
  @Field(() => [IdentityCheckModel])
  identityChecks!: IdentityCheckModel[];
  @Field(() => [FeePaymentModel])
  feePayments!: FeePaymentModel[];
  @Field(() => [PauseModel])
  pauses!: PauseModel[];
  @Field(() => [ReferralModel])
  referrals!: ReferralModel[];
  @Field(() => DecisionModel, { nullable: true })
  decision!: DecisionModel | null;
  @Field(() => ExecutionModel, { nullable: true })
  execution!: ExecutionModel | null;
  @Field(() => ResponseModel, { nullable: true })
  response!: ResponseModel | null;
  @Field(() => [String], { description: 'Letters that can be downloaded now' })
  letters!: string[];
  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;
}

@ObjectType()
export class DataSubjectRequestConnection extends Paginated(
  DataSubjectRequestModel,
  'DataSubjectRequest',
) {}
