import { Field, ID, InputType } from '@nestjs/graphql';
import { DomainEventType, IsId } from '@daicho/platform';
import { ArrayMaxSize, ArrayMinSize, IsEnum, IsString, MaxLength } from 'class-validator';

@InputType()
export class CreateWebhookInput {
  @Field(() => ID, { description: 'The API key whose system owns the endpoint' })
  @IsId()
  apiKeyId!: string;

  @Field({ description: 'https://host[:port]/path; the host must be in WEBHOOK_ALLOWED_HOSTS' })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @Field(() => [DomainEventType])
  @IsEnum(DomainEventType, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(13)
  events!: DomainEventType[];
}
