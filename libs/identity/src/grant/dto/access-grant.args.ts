import { ArgsType, Field } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { PageArgs } from '@daicho/platform';
import { AccessGrantStatus } from '../access-grant-rules';

@ArgsType()
export class AccessGrantsArgs extends PageArgs {
  @Field(() => AccessGrantStatus, { nullable: true, description: 'All when left out' })
  @IsOptional()
  @IsEnum(AccessGrantStatus)
  status?: AccessGrantStatus;
}
