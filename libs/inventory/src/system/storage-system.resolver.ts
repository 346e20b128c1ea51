import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, KeptAnswer, Policy, RequestContext } from '@daicho/access';
import { CatalogCodePipe, CodeAndNoteArgs, CodeArgs } from '../catalog/catalog-args';
import {
  CreateStorageSystemInput,
  StorageSystemModel,
  toStorageSystemModel,
  UpdateStorageSystemInput,
} from './storage-system.dto';
import { StorageSystemService } from './storage-system.service';

@Resolver(() => StorageSystemModel)
export class StorageSystemResolver {
  constructor(private readonly systems: StorageSystemService) {}

  @Policy('read', 'Catalog')
  @KeptAnswer('daicho_catalog')
  @Query(() => [StorageSystemModel])
  async storageSystems(
    @Ctx() ctx: RequestContext,
    @Args('includeRetired', { defaultValue: false }) includeRetired: boolean,
  ): Promise<StorageSystemModel[]> {
    return (await this.systems.list(ctx, includeRetired)).map(toStorageSystemModel);
  }

  @Policy('read', 'Catalog')
  @KeptAnswer('daicho_catalog')
  @Query(() => StorageSystemModel)
  async storageSystem(
    @Ctx() ctx: RequestContext,
    @Args() { code }: CodeArgs,
  ): Promise<StorageSystemModel> {
    return toStorageSystemModel(await this.systems.get(ctx, code));
  }

  @Policy('manage', 'Catalog')
  @Mutation(() => StorageSystemModel)
  async createStorageSystem(
    @Ctx() ctx: RequestContext,
    @Args('input') input: CreateStorageSystemInput,
  ): Promise<StorageSystemModel> {
    return toStorageSystemModel(await this.systems.create(ctx, input));
  }

  @Policy('manage', 'Catalog')
  @Mutation(() => StorageSystemModel)
  async updateStorageSystem(
    @Ctx() ctx: RequestContext,
    @Args('code', CatalogCodePipe) code: string,
    @Args('input') input: UpdateStorageSystemInput,
  ): Promise<StorageSystemModel> {
    return toStorageSystemModel(await this.systems.update(ctx, code, input));
  }

  @Policy('manage', 'Catalog')
  @Mutation(() => StorageSystemModel)
  async retireStorageSystem(
    @Ctx() ctx: RequestContext,
    @Args() args: CodeAndNoteArgs,
  ): Promise<StorageSystemModel> {
    return toStorageSystemModel(await this.systems.retire(ctx, args.code, args.note));
  }
}
