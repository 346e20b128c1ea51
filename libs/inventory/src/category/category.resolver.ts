import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import { selectedFields } from '@daicho/platform';
import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, KeptAnswer, Policy, RequestContext } from '@daicho/access';
import { CatalogCodePipe, CodeAndNoteArgs, CodeArgs } from '../catalog/catalog-args';
import { CatalogVersionModel, toCatalogVersionModel } from '../catalog/catalog-version.model';
import { CategoryService } from './category.service';
import { CategoryListCache } from './category-list-cache';
import { CategoryViews } from './category-views';
import { DataCategoryModel } from './data-category.model';
import {
  CreateDataCategoryInput,
  DataCategoryChanges,
  DataCategoryFilter,
} from './dto/category.inputs';

@Resolver(() => DataCategoryModel)
export class CategoryResolver {
  constructor(
    private readonly categories: CategoryService,
    private readonly views: CategoryViews,
    private readonly listCache: CategoryListCache,
  ) {}

  @Policy('read', 'Catalog')
  // The same for every reader with the right; no personal data; changes announced on the channel.
  @KeptAnswer('daicho_catalog')
  @Query(() => [DataCategoryModel], { description: 'The personal information management ledger' })
  async dataCategories(
    @Ctx() ctx: RequestContext,
    @Args('filter', { nullable: true }) filter?: DataCategoryFilter,
  ): Promise<DataCategoryModel[]> {
    return this.listCache.list(filter ?? {}, async () =>
      this.views.toModels(ctx, await this.categories.list(ctx, filter ?? {})),
    );
  }

  @Policy('read', 'Catalog')
  @KeptAnswer('daicho_catalog')
  @Query(() => DataCategoryModel)
  async dataCategory(
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args() { code }: CodeArgs,
  ): Promise<DataCategoryModel> {
    return this.views.toModel(ctx, await this.categories.get(ctx, code), selectedFields(info));
  }

  @Policy('read', 'Catalog')
  @Query(() => [CatalogVersionModel], { description: 'Every version of a category, oldest first' })
  async categoryHistory(
    @Ctx() ctx: RequestContext,
    @Args() { code }: CodeArgs,
  ): Promise<CatalogVersionModel[]> {
    return (await this.categories.historyOf(ctx, code)).map(toCatalogVersionModel);
  }

  @Policy('read', 'Catalog')
  @Query(() => [DataCategoryModel], { description: 'Active categories whose review is overdue' })
  async categoriesDueForReview(@Ctx() ctx: RequestContext): Promise<DataCategoryModel[]> {
    return this.views.toModels(ctx, await this.categories.dueForReview(ctx));
  }

  @Policy('manage', 'Catalog')
  @Mutation(() => DataCategoryModel)
  async createDataCategory(
    @Ctx() ctx: RequestContext,
    @Args('input') input: CreateDataCategoryInput,
  ): Promise<DataCategoryModel> {
    return this.views.toModel(ctx, await this.categories.create(ctx, input));
  }

  @Policy('manage', 'Catalog')
  @Mutation(() => DataCategoryModel)
  async updateDataCategory(
    @Ctx() ctx: RequestContext,
    @Args('code', CatalogCodePipe) code: string,
    @Args('input') input: DataCategoryChanges,
  ): Promise<DataCategoryModel> {
    return this.views.toModel(ctx, await this.categories.update(ctx, code, input));
  }

  @Policy('manage', 'Catalog')
  @Mutation(() => DataCategoryModel)
  async retireDataCategory(
    @Ctx() ctx: RequestContext,
    @Args() args: CodeAndNoteArgs,
  ): Promise<DataCategoryModel> {
    return this.views.toModel(ctx, await this.categories.retire(ctx, args.code, args.note));
  }

  @Policy('manage', 'Catalog')
  @Mutation(() => DataCategoryModel, {
    description: 'Records that the category was checked (yearly by default)',
  })
  async markCategoryReviewed(
    @Ctx() ctx: RequestContext,
    @Args() args: CodeAndNoteArgs,
  ): Promise<DataCategoryModel> {
    return this.views.toModel(ctx, await this.categories.markReviewed(ctx, args.code, args.note));
  }
}
