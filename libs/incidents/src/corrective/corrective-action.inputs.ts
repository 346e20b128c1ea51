import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { CalendarDateScalar, PageArgs, IsId } from '@daicho/platform';
import { DateField } from '@daicho/provisions';
import { CorrectiveActionSource } from './corrective-action-row';

@InputType()
export class OpenCorrectiveActionInput {
  @Field(() => CorrectiveActionSource)
  @IsEnum(CorrectiveActionSource)
  source!: CorrectiveActionSource;
  @Field(() => ID, { nullable: true, description: 'For source INCIDENT: the incident' })
  @IsOptional()
  @IsId({ message: 'incidentId must be an ID' })
  incidentId?: string;
  @Field(() => ID, { nullable: true, description: 'For source COMPLAINT: the complaint' })
  @IsOptional()
  @IsId({ message: 'complaintId must be an ID' })
  complaintId?: string;
  @Field({ description: 'The cause found (kept sealed: it may name people)' })
  @IsString()
  @Length(1, 5000)
  cause!: string;
  @Field({ description: 'What is to be done so that it does not happen again (kept sealed)' })
  @IsString()
  @Length(1, 5000)
  action!: string;
  @Field(() => ID, { description: 'The user who carries it out (an active user)' })
  @IsId({ message: 'ownerId must be an ID' })
  ownerId!: string;
  @Field(() => CalendarDateScalar, { description: 'When it is to be done by (YYYY-MM-DD)' })
  @DateField()
  dueOn!: string;
}

@InputType()
export class RecordCorrectiveActionDoneInput {
  @Field(() => CalendarDateScalar, {
    description: 'When it was done: not in the future, not before it was opened',
  })
  @DateField()
  doneOn!: string;
  @Field({ nullable: true, description: 'What was done (kept sealed)' })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  note?: string;
}

@InputType()
export class CheckCorrectiveActionEffectivenessInput {
  @Field({ description: 'Whether it worked: the cause is removed and it did not happen again' })
  @IsBoolean()
  effective!: boolean;
  @Field(() => CalendarDateScalar, {
    description: 'When it was checked: not in the future, not before it was done',
  })
  @DateField()
  checkedOn!: string;
  @Field({ nullable: true, description: 'What was checked and found (kept sealed)' })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  note?: string;
}

@InputType()
export class CorrectiveActionsFilter {
  @Field({ nullable: true, description: 'true: effectiveness not yet checked; false: checked' })
  @IsOptional()
  @IsBoolean()
  open?: boolean;
  @Field({
    nullable: true,
    description: 'true: not done and past its due date (today in Japan); false: the others',
  })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;
}

@ArgsType()
export class CorrectiveActionsArgs extends PageArgs {
  @Field(() => CorrectiveActionsFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CorrectiveActionsFilter)
  filter?: CorrectiveActionsFilter;
}
