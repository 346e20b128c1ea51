import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import {
  CategoryChangeProposalConnection,
  CategoryChangeProposalModel,
  DecideProposalArgs,
  ProposalsArgs,
  ProposeCategoryChangeInput,
  toProposalModel,
} from './proposal.dto';
import { ProposalService } from './proposal.service';

@Resolver(() => CategoryChangeProposalModel)
export class ProposalResolver {
  constructor(private readonly proposals: ProposalService) {}

  @Policy('read', 'CategoryProposal')
  @Query(() => CategoryChangeProposalConnection, { description: 'Newest first' })
  async categoryChangeProposals(
    @Ctx() ctx: RequestContext,
    @Args() args: ProposalsArgs,
  ): Promise<CategoryChangeProposalConnection> {
    const page = await this.proposals.list(ctx, args.status, args);
    return {
      edges: page.edges.map(({ cursor, node }) => ({ cursor, node: toProposalModel(node) })),
      pageInfo: page.pageInfo,
    };
  }

  @Policy('create', 'CategoryProposal')
  @Mutation(() => CategoryChangeProposalModel, {
    description: 'A department asks the CPO to change a category',
  })
  async proposeCategoryChange(
    @Ctx() ctx: RequestContext,
    @Args('input') input: ProposeCategoryChangeInput,
  ): Promise<CategoryChangeProposalModel> {
    return toProposalModel(await this.proposals.propose(ctx, input));
  }

  @Policy('update', 'CategoryProposal')
  @Mutation(() => CategoryChangeProposalModel, { description: 'Applies the proposed change' })
  async approveCategoryChange(
    @Ctx() ctx: RequestContext,
    @Args() { id, note }: DecideProposalArgs,
  ): Promise<CategoryChangeProposalModel> {
    return toProposalModel(await this.proposals.approve(ctx, id, note));
  }

  @Policy('update', 'CategoryProposal')
  @Mutation(() => CategoryChangeProposalModel)
  async rejectCategoryChange(
    @Ctx() ctx: RequestContext,
    @Args() { id, note }: DecideProposalArgs,
  ): Promise<CategoryChangeProposalModel> {
    return toProposalModel(await this.proposals.reject(ctx, id, note));
  }
}
