import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, ValidateNested } from 'class-validator';
import { CalendarDateScalar, PageArgs } from '@daicho/platform';
import { RequestKind, RequestStatus } from '../request-enums';

@InputType()
export class RequestsFilter {
  @Field(() => RequestStatus, { nullable: true })
  @IsOptional()
  @IsEnum(RequestStatus)
  status?: RequestStatus;
  @Field(() => RequestKind, { nullable: true })
  @IsOptional()
  @IsEnum(RequestKind)
  kind?: RequestKind;
  @Field(() => CalendarDateScalar, { nullable: true, description: 'dueOn before this date' })
  @IsOptional()
  @IsString() // the Date scalar checks the form
  dueBefore?: string;
}

@ArgsType()
export class RequestsArgs extends PageArgs {
  @Field(() => RequestsFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RequestsFilter)
  filter?: RequestsFilter;
}
