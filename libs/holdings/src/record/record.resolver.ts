import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { BadUserInputError, CatalogCodePipe, decodeTimeCursor, UuidPipe } from '@daicho/platform';
import { RetentionClock } from '../retention/retention-clock';
import {
  CreateRecordInput,
  PersonalRecordConnection,
  PersonalRecordModel,
  RecordEventInput,
  RecordsArgs,
  toRecordModel,
  UpdateRecordInput,
} from './record.dto';
import { RecordReader } from './record-reader';
import { RecordWriter } from './record-writer';

@Resolver(() => PersonalRecordModel)
export class RecordResolver {
  constructor(
    private readonly reader: RecordReader,
    private readonly writer: RecordWriter,
    private readonly clock: RetentionClock,
  ) {}

  @Policy('create', 'PersonalRecord')
  @Mutation(() => PersonalRecordModel, {
    description: 'Metadata of the new record (values are not echoed)',
  })
  async createRecord(
    @Ctx() ctx: RequestContext,
    @Args('input') input: CreateRecordInput,
  ): Promise<PersonalRecordModel> {
    return toRecordModel(await this.writer.create(ctx, input));
  }

  @Policy('read', 'PersonalRecord')
  @Query(() => PersonalRecordModel, {
    description: 'Reading names a purpose; it is checked and recorded',
  })
  async record(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
    @Args('purpose', new CatalogCodePipe('purpose')) purpose: string,
  ): Promise<PersonalRecordModel> {
    const read = await this.reader.read(ctx, id, purpose);
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
    const page = await this.reader.list(
      ctx,
      args.categoryCode,
      args.purpose,
      { first: args.first, after },
      args.filter,
    );
    return {
      pageInfo: page.pageInfo,
      edges: page.edges.map(({ cursor, node }) => ({
        cursor,
        node: toRecordModel(node, node.values, node.withheld),
      })),
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
    return toRecordModel(await this.writer.update(ctx, id, values));
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
    return toRecordModel(await this.writer.dispose(ctx, id, reason));
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
      await this.clock.recordEvent(ctx, input.recordId, input.event, input.occurredAt),
    );
  }
}
