import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { LocalizedTextModel } from '@daicho/inventory';
import { CalendarDateScalar, Paginated } from '@daicho/platform';
import {
  IncidentCause,
  IncidentKind,
  IncidentStage,
  NoticeMethod,
  ReportChannel,
  ReportStage,
  Rule7Basis,
  Rule7Ground,
} from '../incident-enums';

@ObjectType('IncidentStep')
export class IncidentStepModel {
  @Field(() => ID)
  id!: string;
  @Field(() => IncidentStage)
  stage!: IncidentStage;
  @Field(() => LocalizedTextModel, { description: 'The stage in words, in Japanese and English' })
  stageLabel!: LocalizedTextModel;
  @Field()
  actedAt!: Date;
  @Field()
  recordedBy!: string;
  @Field(() => String, { nullable: true, description: 'What was done (the CPO and the reporter)' })
  note!: string | null;
}

@ObjectType('IncidentReportSubmission')
export class IncidentReportModel {
  @Field(() => ReportStage)
  stage!: ReportStage;
  @Field(() => CalendarDateScalar)
  submittedOn!: string;
  @Field(() => ReportChannel)
  channel!: ReportChannel;
}

@ObjectType('IncidentClientNotice')
export class ClientNoticeModel {
  @Field()
  recipientCode!: string;
  @Field()
  notifiedAt!: Date;
  @Field(() => NoticeMethod)
  method!: NoticeMethod;
}

@ObjectType('Incident', { description: 'Leakage, loss or damage (APPI art. 26)' })
export class IncidentModel {
  @Field(() => ID)
  id!: string;
  @Field({ description: 'Human-readable and unique, e.g. I-2026-0001' })
  number!: string;
  @Field(() => IncidentKind)
  kind!: IncidentKind;
  @Field(() => IncidentCause)
  cause!: IncidentCause;
  @Field()
  wrongfulPurpose!: boolean;
  @Field(() => IncidentStage)
  stage!: IncidentStage;
  @Field(() => LocalizedTextModel, { description: 'The stage in words, in Japanese and English' })
  stageLabel!: LocalizedTextModel;
  @Field()
  discoveredAt!: Date;
  @Field()
  awareAt!: Date;
  @Field(() => CalendarDateScalar, {
    description:
      'Preliminary report target: day 3, the day of awareness being day 1 (PPC Rule 8(1) "promptly")',
  })
  preliminaryDueOn!: string;
  @Field(() => CalendarDateScalar, { description: 'The preliminary report is overdue after this' })
  preliminaryOverdueOn!: string;
  @Field(() => CalendarDateScalar, {
    description:
      'Final report: day 30, day 60 with a wrongful purpose (Rule 8(2); awareness is day 1)',
  })
  finalDueOn!: string;
  @Field(() => CalendarDateScalar, {
    description: 'When finalDueOn falls on a closed day, the next business day',
  })
  finalDueBusinessDay!: string;
  @Field(() => [String])
  categoryCodes!: string[];
  @Field(() => [String])
  systemCodes!: string[];
  @Field()
  encryptionExempt!: boolean;
  @Field()
  reportedByRole!: string;
  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Sealed: the CPO and the reporter only' })
  title!: string | null;
  @Field(() => String, { nullable: true, description: 'Sealed: the CPO and the reporter only' })
  description!: string | null;
  @Field(() => [IncidentStepModel])
  steps!: IncidentStepModel[];
  @Field(() => [IncidentReportModel])
  reports!: IncidentReportModel[];
  @Field(() => [ClientNoticeModel])
  clientNotices!: ClientNoticeModel[];
}

@ObjectType()
export class IncidentConnection extends Paginated(IncidentModel, 'Incident') {}

@ObjectType('IncidentScope', { description: 'Who and what an incident affected (counts, codes)' })
export class IncidentScopeModel {
  @Field(() => Int)
  persons!: number;
  @Field(() => Int)
  records!: number;
  @Field(() => [String])
  categoryCodes!: string[];
  @Field(() => [String])
  itemKeys!: string[];
  @Field({ description: 'Special-care-required items are among them (APPI art. 2(3))' })
  specialCare!: boolean;
  @Field({ description: 'My Number is among them' })
  myNumber!: boolean;
  @Field({ description: 'Items whose misuse may cause property damage are among them' })
  financialDamageRisk!: boolean;
  @Field(() => [String], { description: "Categories that are a client's entrusted data" })
  entrustedCategoryCodes!: string[];
  @Field(() => [Float], { description: 'The ledger entries a scope from the ledger rests on' })
  evidenceSeqs!: number[];
}

@ObjectType('Rule7Reason')
export class Rule7ReasonModel {
  @Field(() => Rule7Ground)
  rule!: Rule7Ground;
  @Field()
  evidence!: string;
}

@ObjectType('Reportability', { description: 'PPC Rule 7, decided from the scope' })
export class ReportabilityModel {
  @Field(() => Rule7Basis, {
    description: 'What the decision rests on: the scope, the declared categories, or a finding',
  })
  basis!: Rule7Basis;
  @Field()
  reportable!: boolean;
  @Field(() => [Rule7ReasonModel])
  reasons!: Rule7ReasonModel[];
  @Field()
  exempt!: boolean;
  @Field(() => String, { nullable: true })
  exemptionReason!: string | null;
  @Field({
    description:
      "Every affected record is a client's entrusted data: notify the client promptly; the client reports",
  })
  clientReports!: boolean;
}
