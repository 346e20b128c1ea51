import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { PageArgs } from '@daicho/platform';
import {
  CreateProvisionRuleInput,
  ProvisionRuleConnection,
  ProvisionRuleModel,
  toRuleModel,
} from './provision-rule.dto';
import { ProvisionRuleService } from './provision-rule.service';

@Resolver(() => ProvisionRuleModel)
export class ProvisionRuleResolver {
  constructor(private readonly rules: ProvisionRuleService) {}

  @Policy('create', 'ProvisionRule')
  @Mutation(() => ProvisionRuleModel, { description: 'A provision rule (CPO)' })
  async createProvisionRule(
    @Ctx() ctx: RequestContext,
    @Args('input') input: CreateProvisionRuleInput,
  ): Promise<ProvisionRuleModel> {
    return toRuleModel(await this.rules.create(ctx, input));
  }

  @Policy('update', 'ProvisionRule')
  @Mutation(() => ProvisionRuleModel, {
    description: 'Retires a rule (CPO): no new hand-off under it; its records stay',
  })
  async retireProvisionRule(
    @Ctx() ctx: RequestContext,
    @Args('code') code: string,
  ): Promise<ProvisionRuleModel> {
    return toRuleModel(await this.rules.retire(ctx, code));
  }

  @Policy('read', 'ProvisionRule')
  @Query(() => ProvisionRuleConnection, { description: 'By code' })
  async provisionRules(
    @Ctx() ctx: RequestContext,
    @Args() args: PageArgs,
  ): Promise<ProvisionRuleConnection> {
    const page = await this.rules.page(ctx, args);
    return {
      edges: page.edges.map(({ cursor, node }) => ({ cursor, node: toRuleModel(node) })),
      pageInfo: page.pageInfo,
    };
  }
}
