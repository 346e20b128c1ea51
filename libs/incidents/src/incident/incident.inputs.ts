import { Field, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsEnum,
  IsOptional,
  IsString,
  Length,
} from 'class-validator';
import { IsCatalogCode, PastDateTime } from '@daicho/platform';
import { CategoryCodesField } from '@daicho/provisions';
import { IncidentCause, IncidentKind, IncidentStage } from '../incident-enums';

@InputType()
export class ReportIncidentInput {
  @Field({ description: 'A short title (kept sealed: it may name people)' })
  @IsString()
  @Length(1, 200)
  title!: string;
  @Field({ description: 'When it was found (not in the future)' })
  @IsDate()
  @PastDateTime()
  discoveredAt!: Date;
  @Field({
    description: 'When the company became aware that it happened (the report clocks run from it)',
  })
  @IsDate()
  @PastDateTime()
  awareAt!: Date;
  @Field(() => IncidentKind)
  @IsEnum(IncidentKind)
  kind!: IncidentKind;
  @Field(() => IncidentCause)
  @IsEnum(IncidentCause)
  cause!: IncidentCause;
  @Field({ description: 'Whether it may have been done with a wrongful purpose (PPC Rule 7(iii))' })
  @IsBoolean()
  wrongfulPurpose!: boolean;
  @Field({ description: 'What happened (kept sealed)' })
  @IsString()
  @Length(1, 10000)
  description!: string;
  @Field(() => [String], { description: 'The catalog categories involved (1–20)' })
  @CategoryCodesField()
  categoryCodes!: string[];
  @Field(() => [String], { description: 'The storage systems involved', defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsCatalogCode('systemCodes', { each: true, example: 'HR_SYSTEM' })
  systemCodes!: string[];
}

@InputType()
export class RecordIncidentStepInput {
  @Field(() => IncidentStage, { description: 'The stage reached (the same one again, or later)' })
  @IsEnum(IncidentStage)
  stage!: IncidentStage;
  @Field({ description: 'What was done (kept sealed)' })
  @IsString()
  @Length(1, 5000)
  note!: string;
  @Field({ description: 'When it was done (not in the future)' })
  @IsDate()
  @PastDateTime()
  actedAt!: Date;
  @Field({
    defaultValue: false,
    description:
      'The investigation found that no personal data was affected (INVESTIGATED or CLOSED, scope empty): Rule 7 has nothing to count',
  })
  @IsBoolean()
  noPersonalDataAffected!: boolean;
}

@InputType({
  description:
    'Facts the investigation corrected; the report clocks run again from them (each field optional)',
})
export class CorrectIncidentInput {
  @Field({ nullable: true, description: 'When the company in fact became aware' })
  @IsOptional()
  @IsDate()
  @PastDateTime()
  awareAt?: Date;
  @Field(() => IncidentCause, { nullable: true })
  @IsOptional()
  @IsEnum(IncidentCause)
  cause?: IncidentCause;
  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  wrongfulPurpose?: boolean;
}

@InputType()
export class IncidentExemptionInput {
  @Field({ description: 'The data affected was protected by high-grade encryption' })
  @IsBoolean()
  highGradeEncryption!: boolean;
  @Field({ description: 'The key (or the means to decrypt) leaked too' })
  @IsBoolean()
  keyLeaked!: boolean;
  @Field({ description: 'What shows it: the algorithm, where the key is kept (sealed)' })
  @IsString()
  @Length(1, 2000)
  note!: string;
}
