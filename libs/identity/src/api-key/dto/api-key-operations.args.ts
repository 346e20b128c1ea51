import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { PageArgs } from '@daicho/platform';

@ArgsType()
export class ApiKeyOperationsArgs extends PageArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'apiKeyId must be a UUID' })
  apiKeyId!: string;
}
