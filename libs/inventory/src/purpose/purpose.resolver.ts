import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, KeptAnswer, Policy, RequestContext } from '@daicho/access';
import { CatalogCodePipe, CodeAndNoteArgs, CodeArgs } from '../catalog/catalog-args';
import {
  CreatePurposeInput,
  PurposeModel,
  toPurposeModel,
  UpdatePurposeInput,
} from './purpose.dto';
import { PurposeService } from './purpose.service';

@Resolver(() => PurposeModel)
export class PurposeResolver {
  constructor(private readonly purposeService: PurposeService) {}

  @Policy('read', 'Catalog')
  @KeptAnswer('daicho_catalog')
  @Query(() => [PurposeModel])
  async purposes(
    @Ctx() ctx: RequestContext,
    @Args('includeRetired', { defaultValue: false }) includeRetired: boolean,
  ): Promise<PurposeModel[]> {
    return (await this.purposeService.list(ctx, includeRetired)).map(toPurposeModel);
  }

  @Policy('read', 'Catalog')
  @KeptAnswer('daicho_catalog')
  @Query(() => PurposeModel)
  async purpose(@Ctx() ctx: RequestContext, @Args() { code }: CodeArgs): Promise<PurposeModel> {
    return toPurposeModel(await this.purposeService.get(ctx, code));
  }

  @Policy('manage', 'Catalog')
  @Mutation(() => PurposeModel)
  async createPurpose(
    @Ctx() ctx: RequestContext,
    @Args('input') input: CreatePurposeInput,
  ): Promise<PurposeModel> {
    return toPurposeModel(await this.purposeService.create(ctx, input));
  }

  @Policy('manage', 'Catalog')
  @Mutation(() => PurposeModel)
  async updatePurpose(
    @Ctx() ctx: RequestContext,
    @Args('code', CatalogCodePipe) code: string,
    @Args('input') input: UpdatePurposeInput,
  ): Promise<PurposeModel> {
    return toPurposeModel(await this.purposeService.update(ctx, code, input));
  }

  @Policy('manage', 'Catalog')
  @Mutation(() => PurposeModel)
  async retirePurpose(
    @Ctx() ctx: RequestContext,
    @Args() args: CodeAndNoteArgs,
  ): Promise<PurposeModel> {
    return toPurposeModel(await this.purposeService.retire(ctx, args.code, args.note));
  }
}
