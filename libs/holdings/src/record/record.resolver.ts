import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { BadUserInputError, decodeTimeCursor, encodeCursor, UuidPipe } from '@daicho/platform';
import {
  CreateRecordInput,
  PersonalRecordConnection,
  PersonalRecordModel,
  RecordEventInput,
  RecordsArgs,
  toRecordModel,
  UpdateRecordInput,
} from './record.dto';
import { RecordService } from './record.service';

@Resolver(() => PersonalRecordModel)
export class RecordResolver {
  constructor(private readonly recordService: RecordService) {}

  @Policy('create', 'PersonalRecord')
  @Mutation(() => PersonalRecordModel, {
    description: 'Metadata of the new record (values are not echoed)',
  })
  async createRecord(
    @Ctx() ctx: RequestContext,
    @Args('input') input: CreateRecordInput,
  ): Promise<PersonalRecordModel> {
    return toRecordModel(await this.recordService.create(ctx, input));
  }

  @Policy('read', 'PersonalRecord')
  @Query(() => PersonalRecordModel, {
    description: 'Reading names a purpose; it is checked and recorded',
  })
  async record(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
    @Args('purpose') purpose: string,
  ): Promise<PersonalRecordModel> {
    const read = await this.recordService.read(ctx, id, purpose);
    return toRecordModel(read, read.values, read.withheld);
  }

  @Policy('read', 'PersonalRecord')
  @Query(() => PersonalRecordConnection, {
    description: 'Newest first; every record returned is a READ entry',
  })
  async records(
    @Ctx() ctx: RequestContext,
    @Args() args: RecordsArgs,
  ): Promise<PersonalRecordConnection> {
    const cursor = args.after ? decodeTimeCursor(args.after) : undefined;
    const after = cursor && { createdAt: cursor.at, id: cursor.id };
    const page = await this.recordService.list(
      ctx,
      args.categoryCode,
      args.purpose,
      {
        first: args.first,
        after,
      },
      args.filter,
    );
    const edges = page.records.map((read) => ({
      cursor: encodeCursor(read.record.createdAt.toISOString(), read.record.id),
      node: toRecordModel(read, read.values, read.withheld),
    }));
    return {
      edges,
      pageInfo: { endCursor: edges.at(-1)?.cursor ?? null, hasNextPage: page.hasNextPage },
    };
  }

  @Policy('update', 'PersonalRecord')
  @Mutation(() => PersonalRecordModel, {
    description: 'Values are not echoed; the ledger records which items changed',
  })
  async updateRecord(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
    @Args('input') input: UpdateRecordInput,
  ): Promise<PersonalRecordModel> {
    const values = Object.fromEntries(input.values.map((v) => [v.key, v.value]));
    if (Object.keys(values).length !== input.values.length) {
      throw new BadUserInputError('values names an item twice.', ['values']);
    }
    return toRecordModel(await this.recordService.update(ctx, id, values));
  }

  @Policy('delete', 'PersonalRecord')
  @Mutation(() => PersonalRecordModel, {
    description: 'Crypto-shreds the values; the metadata stays',
  })
  async disposeRecord(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
    @Args('reason') reason: string,
  ): Promise<PersonalRecordModel> {
    if (reason.trim().length === 0 || reason.length > 2000) {
      throw new BadUserInputError('reason must be 1–2000 characters.', ['reason']);
    }
    return toRecordModel(await this.recordService.dispose(ctx, id, reason));
  }

  @Policy('update', 'PersonalRecord')
  @Mutation(() => PersonalRecordModel, {
    description: 'E.g. END_OF_EMPLOYMENT: starts the retention clock',
  })
  async recordEvent(
    @Ctx() ctx: RequestContext,
    @Args('input') input: RecordEventInput,
  ): Promise<PersonalRecordModel> {
    return toRecordModel(
      await this.recordService.recordEvent(ctx, input.recordId, input.event, input.occurredAt),
    );
  }
}
