import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { CreateProvisionRuleInput, ProvisionRuleModel, toRuleModel } from './provision-rule.dto';
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
  @Query(() => [ProvisionRuleModel])
  async provisionRules(@Ctx() ctx: RequestContext): Promise<ProvisionRuleModel[]> {
    return (await this.rules.list(ctx)).map(toRuleModel);
  }
}
