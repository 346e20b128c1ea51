import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { PageArgs, UuidPipe } from '@daicho/platform';
import { ApiKeyOperations } from './api-key-operations';
import {
  ApiKeyConnection,
  ApiKeyModel,
  ApiKeyOperationConnection,
  ApiKeyOperationModel,
  CreatedApiKey,
  toApiKeyModel,
} from './api-key.model';
import { ApiKeyService } from './api-key.service';
import { ApiKeyOperationsArgs } from './dto/api-key-operations.args';
import { CreateApiKeyInput } from './dto/create-api-key.input';
import { RegisterApiKeyOperationInput } from './dto/register-operation.input';

@Resolver(() => ApiKeyModel)
export class ApiKeyResolver {
  constructor(
    private readonly apiKeyService: ApiKeyService,
    private readonly operations: ApiKeyOperations,
  ) {}

  @Policy('create', 'ApiKey')
  @Mutation(() => CreatedApiKey, { description: 'The secret is in this answer only' })
  async createApiKey(
    @Ctx() ctx: RequestContext,
    @Args('input') input: CreateApiKeyInput,
  ): Promise<CreatedApiKey> {
    const { apiKey, secret } = await this.apiKeyService.createApiKey(ctx, input);
    return { apiKey: toApiKeyModel(apiKey), secret };
  }

  @Policy('approve', 'ApiKey')
  @Mutation(() => ApiKeyModel, {
    description:
      'The CPO lets a key whose scopes reach beyond its creator’s rights work (separation of duties: not the one who created it)',
  })
  async approveApiKey(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
  ): Promise<ApiKeyModel> {
    return toApiKeyModel(await this.apiKeyService.approveApiKey(ctx, id));
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
  @Query(() => ApiKeyConnection, { description: 'Oldest first' })
  async apiKeys(@Ctx() ctx: RequestContext, @Args() args: PageArgs): Promise<ApiKeyConnection> {
    const page = await this.apiKeyService.listApiKeys(ctx, args);
    return {
      edges: page.edges.map(({ cursor, node }) => ({ cursor, node: toApiKeyModel(node) })),
      pageInfo: page.pageInfo,
    };
  }

  @Policy('update', 'ApiKey')
  @Mutation(() => ApiKeyOperationModel, {
    description:
      'Limits the key to registered documents (for good) and registers this one: sent exactly as given, it runs; anything else is PERSISTED_QUERY_NOT_ALLOWED',
  })
  registerApiKeyOperation(
    @Ctx() ctx: RequestContext,
    @Args('input') input: RegisterApiKeyOperationInput,
  ): Promise<ApiKeyOperationModel> {
    return this.operations.register(ctx, input);
  }

  @Policy('update', 'ApiKey')
  @Mutation(() => Boolean, { description: 'The key keeps its limit, one document fewer' })
  removeApiKeyOperation(
    @Ctx() ctx: RequestContext,
    @Args('apiKeyId', { type: () => ID }, new UuidPipe('apiKeyId')) apiKeyId: string,
    @Args('documentHash') documentHash: string,
  ): Promise<boolean> {
    return this.operations.remove(ctx, apiKeyId, documentHash);
  }

  @Policy('read', 'ApiKey')
  @Query(() => ApiKeyOperationConnection, { description: 'By name' })
  apiKeyOperations(
    @Ctx() ctx: RequestContext,
    @Args() args: ApiKeyOperationsArgs,
  ): Promise<ApiKeyOperationConnection> {
    return this.operations.list(ctx, args.apiKeyId.toLowerCase(), args);
  }
}
