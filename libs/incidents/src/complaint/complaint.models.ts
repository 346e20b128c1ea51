import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ContactModel } from '@daicho/holdings';
import { CalendarDateScalar, Paginated } from '@daicho/platform';
import {
  ComplaintAction,
  ComplaintChannel,
  ComplaintOutcome,
  ComplaintStatus,
  ComplaintSubject,
} from './complaint-enums';

@ObjectType('Complainant', { description: "The complainant's data (the CPO only; a READ entry)" })
export class ComplainantModel extends ContactModel {}

@ObjectType('ComplaintStep', { description: 'A response step on a complaint' })
export class ComplaintStepModel {
  @Field(() => ID)
  id!: string;
  @Field(() => ComplaintAction)
  action!: ComplaintAction;
  @Field(() => CalendarDateScalar)
  actedOn!: string;
  @Field()
  recordedAt!: Date;
  @Field(() => String, {
    nullable: true,
    description: 'What was done or said (the CPO only; null for others and once disposed of)',
  })
  note!: string | null;
}

@ObjectType('Complaint', {
  description: 'A complaint or consultation about the handling of personal data (APPI art. 40)',
})
export class ComplaintModel {
  @Field(() => ID)
  id!: string;
  @Field({ description: 'C-YYYY-NNNN' })
  number!: string;
  @Field()
  receivedAt!: Date;
  @Field(() => ComplaintChannel)
  channel!: ComplaintChannel;
  @Field(() => ComplaintSubject)
  subject!: ComplaintSubject;
  @Field(() => ComplaintStatus)
  status!: ComplaintStatus;
  @Field(() => CalendarDateScalar, {
    description:
      'The target date: COMPLAINT_TARGET_BUSINESS_DAYS business days from handling start',
  })
  targetOn!: string;
  @Field({ description: 'Not closed and past its target date (today in Japan)' })
  overdue!: boolean;
  @Field(() => Int, { description: 'Business days left to the target date; negative once overdue' })
  businessDaysLeft!: number;
  @Field(() => ID, { nullable: true })
  incidentId!: string | null;
  @Field(() => CalendarDateScalar, {
    nullable: true,
    description: "When it was referred to JIPDEC's counselling office (policy §8)",
  })
  referredToJipdecOn!: string | null;
  @Field(() => ComplaintOutcome, { nullable: true })
  outcome!: ComplaintOutcome | null;
  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;
  /** Resolved by ComplaintFieldsResolver (sealed: the CPO only). */
  @Field(() => ComplainantModel, { nullable: true })
  complainant!: ComplainantModel | null;
  @Field(() => String, {
    nullable: true,
    description: 'What the complainant says (the CPO only; null for others and once disposed of)',
  })
  content!: string | null;
  @Field(() => [ComplaintStepModel])
  steps!: ComplaintStepModel[];
  @Field(() => String, { nullable: true, description: 'How it ended (the CPO only)' })
  outcomeNote!: string | null;
}

@ObjectType()
export class ComplaintConnection extends Paginated(ComplaintModel, 'Complaint') {}
