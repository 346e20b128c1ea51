import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { BadUserInputError, UuidPipe } from '@daicho/platform';
import {
  CreateRecordInput,
  PersonalRecordModel,
  RecordEventInput,
  toRecordModel,
} from './record.dto';
import { RecordService } from './record.service';

@Resolver(() => PersonalRecordModel)
export class RecordResolver {
  constructor(private readonly records: RecordService) {}

  @Policy('create', 'PersonalRecord')
  @Mutation(() => PersonalRecordModel, {
    description: 'Metadata of the new record (values are not echoed)',
  })
  async createRecord(
    @Ctx() ctx: RequestContext,
    @Args('input') input: CreateRecordInput,
  ): Promise<PersonalRecordModel> {
    return toRecordModel(await this.records.create(ctx, input));
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
    const { record, values } = await this.records.read(ctx, id, purpose);
    return toRecordModel(record, values);
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
    return toRecordModel(await this.records.dispose(ctx, id, reason));
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
      await this.records.recordEvent(ctx, input.recordId, input.event, input.occurredAt),
    );
  }
}
