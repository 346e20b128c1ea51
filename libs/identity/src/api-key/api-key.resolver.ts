import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { UuidPipe } from '@daicho/platform';
import { ApiKeyModel, CreatedApiKey, toApiKeyModel } from './api-key.model';
import { ApiKeyService } from './api-key.service';
import { CreateApiKeyInput } from './dto/create-api-key.input';

@Resolver(() => ApiKeyModel)
export class ApiKeyResolver {
  constructor(private readonly apiKeyService: ApiKeyService) {}

  @Policy('create', 'ApiKey')
  @Mutation(() => CreatedApiKey, { description: 'The secret is in this answer only' })
  async createApiKey(
    @Ctx() ctx: RequestContext,
    @Args('input') input: CreateApiKeyInput,
  ): Promise<CreatedApiKey> {
    const { apiKey, secret } = await this.apiKeyService.createApiKey(ctx, input);
    return { apiKey: toApiKeyModel(apiKey), secret };
  }

  @Policy('update', 'ApiKey')
  @Mutation(() => Boolean)
  async revokeApiKey(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
  ): Promise<boolean> {
    await this.apiKeyService.revokeApiKey(ctx, id);
    return true;
  }

  @Policy('read', 'ApiKey')
  @Query(() => [ApiKeyModel])
  async apiKeys(@Ctx() ctx: RequestContext): Promise<ApiKeyModel[]> {
    return (await this.apiKeyService.listApiKeys(ctx)).map(toApiKeyModel);
  }
}
