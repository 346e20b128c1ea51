import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, KeptAnswer, Policy, RequestContext } from '@daicho/access';
import { CatalogCodePipe, CodeAndNoteArgs, CodeArgs } from '../catalog/catalog-args';
import {
  CreateRecipientInput,
  RecipientModel,
  toRecipientModel,
  UpdateRecipientInput,
} from './recipient.dto';
import { RecipientService } from './recipient.service';

@Resolver(() => RecipientModel)
export class RecipientResolver {
  constructor(private readonly recipientService: RecipientService) {}

  @Policy('read', 'Catalog')
  @KeptAnswer('daicho_catalog')
  @Query(() => [RecipientModel])
  async recipients(
    @Ctx() ctx: RequestContext,
    @Args('includeRetired', { defaultValue: false }) includeRetired: boolean,
  ): Promise<RecipientModel[]> {
    return (await this.recipientService.list(ctx, includeRetired)).map(toRecipientModel);
  }

  @Policy('read', 'Catalog')
  @KeptAnswer('daicho_catalog')
  @Query(() => RecipientModel)
  async recipient(@Ctx() ctx: RequestContext, @Args() { code }: CodeArgs): Promise<RecipientModel> {
    return toRecipientModel(await this.recipientService.get(ctx, code));
  }

  @Policy('manage', 'Catalog')
  @Mutation(() => RecipientModel)
  async createRecipient(
    @Ctx() ctx: RequestContext,
    @Args('input') input: CreateRecipientInput,
  ): Promise<RecipientModel> {
    return toRecipientModel(await this.recipientService.create(ctx, input));
  }

  @Policy('manage', 'Catalog')
  @Mutation(() => RecipientModel)
  async updateRecipient(
    @Ctx() ctx: RequestContext,
    @Args('code', CatalogCodePipe) code: string,
    @Args('input') input: UpdateRecipientInput,
  ): Promise<RecipientModel> {
    return toRecipientModel(await this.recipientService.update(ctx, code, input));
  }

  @Policy('manage', 'Catalog')
  @Mutation(() => RecipientModel)
  async retireRecipient(
    @Ctx() ctx: RequestContext,
    @Args() args: CodeAndNoteArgs,
  ): Promise<RecipientModel> {
    return toRecipientModel(await this.recipientService.retire(ctx, args.code, args.note));
  }
}
