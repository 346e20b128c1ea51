import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { ContactInput } from '@daicho/holdings';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDate,
  IsEnum,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import { CalendarDateScalar, PageArgs, PastDateTime, IsId } from '@daicho/platform';
import { DateField } from '@daicho/provisions';
import {
  ComplaintAction,
  ComplaintChannel,
  ComplaintOutcome,
  ComplaintStatus,
  ComplaintSubject,
} from './complaint-enums';

@InputType()
export class ComplainantInput extends ContactInput {}

@InputType()
export class ReceiveComplaintInput {
  @Field({ description: 'When the complaint reached the company (not in the future)' })
  @IsDate()
  @PastDateTime()
  receivedAt!: Date;
  @Field(() => ComplaintChannel)
  @IsEnum(ComplaintChannel)
  channel!: ComplaintChannel;
  @Field(() => ComplainantInput, { description: 'Kept as a sealed COMPLAINANT record' })
  @ValidateNested()
  @Type(() => ComplainantInput)
  complainant!: ComplainantInput;
  @Field(() => ComplaintSubject)
  @IsEnum(ComplaintSubject)
  subject!: ComplaintSubject;
  @Field({ description: 'What the complainant says, as said or written (kept sealed)' })
  @IsString()
  @Length(1, 5000)
  content!: string;
  @Field(() => ID, { nullable: true, description: 'The incident the complaint is about, if any' })
  @IsOptional()
  @IsId({ message: 'incidentId must be an ID' })
  incidentId?: string;
}

@InputType()
export class RecordComplaintStepInput {
  @Field(() => ComplaintAction)
  @IsEnum(ComplaintAction)
  action!: ComplaintAction;
  @Field(() => CalendarDateScalar, { description: 'YYYY-MM-DD, not in the future' })
  @DateField()
  actedOn!: string;
  @Field({ nullable: true, description: 'What was done or said (kept sealed)' })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  note?: string;
}

@InputType()
export class CloseComplaintInput {
  @Field(() => ComplaintOutcome)
  @IsEnum(ComplaintOutcome)
  outcome!: ComplaintOutcome;
  @Field({ nullable: true, description: 'How it ended (kept sealed)' })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  note?: string;
}

@InputType()
export class ComplaintsFilter {
  @Field(() => ComplaintStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ComplaintStatus)
  status?: ComplaintStatus;
  @Field({ nullable: true, description: 'true: open and past its target date; false: the others' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;
}

@ArgsType()
export class ComplaintsArgs extends PageArgs {
  @Field(() => ComplaintsFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ComplaintsFilter)
  filter?: ComplaintsFilter;
}
