import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, ValidateNested } from 'class-validator';
import { PageArgs } from '@daicho/platform';
import { IncidentStage } from '../incident-enums';

@InputType()
export class IncidentsFilter {
  @Field(() => IncidentStage, { nullable: true })
  @IsOptional()
  @IsEnum(IncidentStage)
  stage?: IncidentStage;
  @Field({ nullable: true, description: 'true: not closed; false: closed' })
  @IsOptional()
  @IsBoolean()
  open?: boolean;
}

@ArgsType()
export class IncidentsArgs extends PageArgs {
  @Field(() => IncidentsFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => IncidentsFilter)
  filter?: IncidentsFilter;
}
