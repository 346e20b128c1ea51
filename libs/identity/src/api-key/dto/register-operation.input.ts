import { Field, ID, InputType } from '@nestjs/graphql';
import { GRAPHQL_NAME, IsId } from '@daicho/platform';
import { IsString, Matches, MaxLength } from 'class-validator';

@InputType()
export class RegisterApiKeyOperationInput {
  @Field(() => ID)
  @IsId()
  apiKeyId!: string;

  @Field({ description: 'The operation’s name in the document, e.g. RecordAccessEvents' })
  @IsString()
  @Matches(GRAPHQL_NAME, {
    message: 'name must be a GraphQL operation name (letters, digits, underscore; up to 100).',
  })
  name!: string;

  @Field({ description: 'The document exactly as the integration will send it' })
  @IsString()
  @MaxLength(20_000)
  document!: string;
}
