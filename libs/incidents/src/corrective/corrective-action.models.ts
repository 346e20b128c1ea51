import { Field, ID, ObjectType } from '@nestjs/graphql';
import { CalendarDateScalar, Paginated } from '@daicho/platform';
import { CorrectiveActionSource } from './corrective-action-row';

@ObjectType('CorrectiveAction', {
  description:
    'A corrective action (是正処置, JIS Q 15001): cause, action, owner, due, done, checked',
})
export class CorrectiveActionModel {
  @Field(() => ID)
  id!: string;
  @Field(() => CorrectiveActionSource)
  source!: CorrectiveActionSource;
  @Field(() => ID, { nullable: true })
  incidentId!: string | null;
  @Field(() => ID, { nullable: true })
  complaintId!: string | null;
  @Field(() => ID, { description: 'The user who carries it out' })
  ownerId!: string;
  @Field(() => CalendarDateScalar)
  dueOn!: string;
  @Field(() => CalendarDateScalar, { nullable: true })
  doneOn!: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Null until effectiveness is checked' })
  effective!: boolean | null;
  @Field(() => CalendarDateScalar, { nullable: true })
  effectivenessCheckedOn!: string | null;
  @Field({ description: 'Effectiveness not yet checked' })
  open!: boolean;
  @Field({ description: 'Not done and past its due date (today in Japan)' })
  overdue!: boolean;
  @Field()
  openedAt!: Date;
  @Field(() => String, {
    nullable: true,
    description: 'The cause found (the CPO and the owner; null for the auditor)',
  })
  cause!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'What is to be done (the CPO and the owner; null for the auditor)',
  })
  action!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'What was done, as recorded when done (the CPO and the owner)',
  })
  doneNote!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'What the effectiveness check found (the CPO and the owner)',
  })
  effectivenessNote!: string | null;
}

@ObjectType()
export class CorrectiveActionConnection extends Paginated(
  CorrectiveActionModel,
  'CorrectiveAction',
) {}
