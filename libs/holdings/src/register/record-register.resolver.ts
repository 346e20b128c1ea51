import { Args, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { decodeTimeCursor } from '@daicho/platform';
import {
  RecordCountModel,
  RecordMetadataConnection,
  RecordMetadataModel,
  RecordRegisterArgs,
  RecordRegisterFilter,
} from './record-register.dto';
import { RecordRegisterService } from './record-register.service';

@Resolver(() => RecordMetadataModel)
export class RecordRegisterResolver {
  constructor(private readonly register: RecordRegisterService) {}

  @Policy('read', 'RecordMetadata')
  @Query(() => RecordMetadataConnection, {
    description: 'Record metadata across the categories your role may see; newest first',
  })
  async recordRegister(
    @Ctx() ctx: RequestContext,
    @Args() args: RecordRegisterArgs,
  ): Promise<RecordMetadataConnection> {
    const cursor = args.after ? decodeTimeCursor(args.after) : undefined;
    const after = cursor && { createdAt: cursor.at, id: cursor.id };
    return this.register.list(ctx, args.filter ?? {}, { first: args.first, after });
  }

  @Policy('read', 'RecordMetadata')
  @Query(() => [RecordCountModel], {
    description: 'Record counts per category and status, for the categories your role may see',
  })
  async recordCounts(
    @Ctx() ctx: RequestContext,
    @Args('filter', { type: () => RecordRegisterFilter, nullable: true })
    filter?: RecordRegisterFilter,
  ): Promise<RecordCountModel[]> {
    return this.register.counts(ctx, filter ?? {});
  }
}
