import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { AccessEventsService } from './access-events.service';
import { RecordAccessEventsInput, RecordAccessEventsResult } from './record-access-events.input';

@Resolver()
export class AccessEventsResolver {
  constructor(private readonly service: AccessEventsService) {}

  @Policy('create', 'AccessEvent')
  @Mutation(() => RecordAccessEventsResult, {
    description: `Internal systems record their own accesses to personal data (up to 1,000 per call, all or nothing, idempotent by eventId)`,
  })
  recordAccessEvents(
    @Ctx() ctx: RequestContext,
    @Args('input') input: RecordAccessEventsInput,
  ): Promise<RecordAccessEventsResult> {
    return this.service.record(ctx, input.events);
  }
}
