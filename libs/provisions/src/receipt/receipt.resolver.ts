import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { calendarDate } from '@daicho/platform';
import {
  ReceiptConnection,
  ReceiptModel,
  ReceiptsArgs,
  RecordReceiptInput,
  toReceiptModel,
} from './receipt.dto';
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
  @Query(() => ReceiptConnection, {
    description: 'Receipts in a date range (YYYY-MM-DD), by date received',
  })
  async receipts(
    @Ctx() ctx: RequestContext,
    @Args() args: ReceiptsArgs,
  ): Promise<ReceiptConnection> {
    const range = {
      from: args.from && calendarDate(args.from, 'from', { future: true }),
      to: args.to && calendarDate(args.to, 'to', { future: true }),
    };
    const page = await this.receiptService.page(ctx, range, args);
    return {
      edges: page.edges.map(({ cursor, node }) => ({ cursor, node: toReceiptModel(node) })),
      pageInfo: page.pageInfo,
    };
  }
}
