import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Paginated } from '@daicho/platform';
import type { ApiKeyEntity } from './api-key.entity';

@ObjectType('ApiKey', {
  description: "A machine client's credential (the secret is never shown again)",
})
export class ApiKeyModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => [String])
  scopes!: string[];

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field({ description: 'Limited to its registered operations (apiKeyOperations)' })
  allowListed!: boolean;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the CPO approved it; null while a key whose scopes reach beyond its creator’s rights waits (it works only once approved)',
  })
  approvedAt!: Date | null;
}

@ObjectType('ApiKeyOperation', { description: 'A document an allow-listed API key may run' })
export class ApiKeyOperationModel {
  @Field()
  name!: string;

  @Field({ description: 'SHA-256 of the document text, 64 hexadecimal digits' })
  documentHash!: string;

  @Field()
  registeredAt!: Date;
}

@ObjectType('ApiKeyConnection')
export class ApiKeyConnection extends Paginated(ApiKeyModel, 'ApiKey') {}

@ObjectType('ApiKeyOperationConnection')
export class ApiKeyOperationConnection extends Paginated(ApiKeyOperationModel, 'ApiKeyOperation') {}

@ObjectType()
export class CreatedApiKey {
  @Field(() => ApiKeyModel)
  apiKey!: ApiKeyModel;

  @Field({ description: 'The key to send as `Authorization: Bearer dk_...`; shown only this once' })
  secret!: string;
}

export function toApiKeyModel(key: ApiKeyEntity): ApiKeyModel {
  return {
    id: key.id,
    name: key.name,
    scopes: key.scopes,
    createdAt: key.createdAt,
    expiresAt: key.expiresAt,
    revokedAt: key.revokedAt,
    lastUsedAt: key.lastUsedAt,
    allowListed: key.allowListed,
    approvedAt: key.approvedAt,
  };
}
