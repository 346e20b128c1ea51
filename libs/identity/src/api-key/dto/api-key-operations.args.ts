import { ArgsType, Field, ID } from '@nestjs/graphql';

import { PageArgs, IsId } from '@daicho/platform';

@ArgsType()
export class ApiKeyOperationsArgs extends PageArgs {
  @Field(() => ID)
  @IsId({ message: 'apiKeyId must be a UUID' })
  apiKeyId!: string;
}
