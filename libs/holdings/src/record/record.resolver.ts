import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { UuidPipe } from '@daicho/platform';
import { CreateRecordInput, PersonalRecordModel, toRecordModel } from './record.dto';
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
}
