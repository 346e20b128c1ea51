import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { calendarDate } from '@daicho/platform';
import { ReceiptModel, RecordReceiptInput, toReceiptModel } from './receipt.dto';
import { ReceiptService } from './receipt.service';

@Resolver(() => ReceiptModel)
export class ReceiptResolver {
  constructor(private readonly receiptService: ReceiptService) {}

  @Policy('create', 'Receipt')
  @Mutation(() => ReceiptModel, { description: 'Records data received from a third party' })
  async recordReceipt(
    @Ctx() ctx: RequestContext,
    @Args('input') input: RecordReceiptInput,
  ): Promise<ReceiptModel> {
    return toReceiptModel(await this.receiptService.record(ctx, input));
  }

  @Policy('read', 'Receipt')
  @Query(() => [ReceiptModel], { description: 'Receipts in a date range (YYYY-MM-DD)' })
  async receipts(
    @Ctx() ctx: RequestContext,
    @Args('from', { nullable: true }) from?: string,
    @Args('to', { nullable: true }) to?: string,
  ): Promise<ReceiptModel[]> {
    const range = {
      from: from && calendarDate(from, 'from', { future: true }),
      to: to && calendarDate(to, 'to', { future: true }),
    };
    return (await this.receiptService.list(ctx, range)).map(toReceiptModel);
  }
}
