import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { BadUserInputError, PageArgs, todayInJapan, UuidPipe } from '@daicho/platform';
import { calendarDate } from '@daicho/platform';
import { ContractService } from './contract.service';
import {
  CreateEntrustmentContractInput,
  EndEntrustmentContractInput,
  EntrustmentContractModel,
  EntrustmentModel,
  RecordEntrustmentInput,
  RecordSupervisionReviewInput,
} from './entrustment.dto';
import {
  EntrustmentContractConnection,
  SupervisionDueArgs,
  SupervisionDueConnection,
} from './entrustment-lists';
import { EntrustmentService } from './entrustment.service';

@Resolver(() => EntrustmentContractModel)
export class EntrustmentResolver {
  constructor(
    private readonly contractService: ContractService,
    private readonly entrustmentService: EntrustmentService,
  ) {}

  @Policy('create', 'EntrustmentContract')
  @Mutation(() => EntrustmentContractModel, { description: 'An entrustment contract (CPO)' })
  createEntrustmentContract(
    @Ctx() ctx: RequestContext,
    @Args('input') input: CreateEntrustmentContractInput,
  ): Promise<EntrustmentContractModel> {
    return this.contractService.create(ctx, input);
  }

  @Policy('update', 'EntrustmentContract')
  @Mutation(() => EntrustmentContractModel, {
    description: "A review of the contractor's handling",
  })
  recordSupervisionReview(
    @Ctx() ctx: RequestContext,
    @Args('input') input: RecordSupervisionReviewInput,
  ): Promise<EntrustmentContractModel> {
    return this.contractService.review(ctx, input);
  }

  @Policy('update', 'EntrustmentContract')
  @Mutation(() => EntrustmentContractModel, {
    description: "The contract's end, with the data's return or deletion",
  })
  endEntrustmentContract(
    @Ctx() ctx: RequestContext,
    @Args('input') input: EndEntrustmentContractInput,
  ): Promise<EntrustmentContractModel> {
    return this.contractService.end(ctx, input);
  }

  @Policy('create', 'Entrustment')
  @Mutation(() => EntrustmentModel, { description: 'Data handed to a contractor under a contract' })
  recordEntrustment(
    @Ctx() ctx: RequestContext,
    @Args('input') input: RecordEntrustmentInput,
  ): Promise<EntrustmentModel> {
    return this.entrustmentService.record(ctx, input);
  }

  @Policy('read', 'EntrustmentContract')
  @Query(() => EntrustmentContractConnection, { description: 'By start date' })
  entrustmentContracts(
    @Ctx() ctx: RequestContext,
    @Args() args: PageArgs,
  ): Promise<EntrustmentContractConnection> {
    return this.contractService.list(ctx, args);
  }

  @Policy('read', 'EntrustmentContract')
  @Query(() => EntrustmentContractModel)
  entrustmentContract(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
  ): Promise<EntrustmentContractModel> {
    return this.contractService.get(ctx, id);
  }

  @Policy('read', 'EntrustmentContract')
  @Query(() => SupervisionDueConnection, {
    description:
      'Live contracts whose supervision review is due by asOf (today) + withinDays, soonest first',
  })
  supervisionDue(
    @Ctx() ctx: RequestContext,
    @Args() args: SupervisionDueArgs,
  ): Promise<SupervisionDueConnection> {
    const { asOf, withinDays } = args;
    if (withinDays < 0 || withinDays > 366) {
      throw new BadUserInputError('withinDays must be between 0 and 366.', ['withinDays']);
    }
    const date = asOf ? calendarDate(asOf, 'asOf', { future: true }) : todayInJapan();
    return this.contractService.due(ctx, date, withinDays, args);
  }
}
