import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { PastDateTimePipe, UuidPipe } from '@daicho/platform';
import { ConsentConnection, ConsentModel, ConsentsArgs, RecordConsentInput } from './consent.dto';
import { ConsentService } from './consent.service';

@Resolver(() => ConsentModel)
export class ConsentResolver {
  constructor(private readonly consentService: ConsentService) {}

  @Policy('create', 'Consent')
  @Mutation(() => ConsentModel, { description: 'Records a consent to a provision rule' })
  async recordConsent(
    @Ctx() ctx: RequestContext,
    @Args('input') input: RecordConsentInput,
  ): Promise<ConsentModel> {
    return this.consentService.record(ctx, input);
  }

  @Policy('update', 'Consent')
  @Mutation(() => ConsentModel, { description: 'Records that a consent was withdrawn' })
  async withdrawConsent(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
    @Args('withdrawnAt', new PastDateTimePipe('withdrawnAt')) withdrawnAt: Date,
  ): Promise<ConsentModel> {
    return this.consentService.withdraw(ctx, id, withdrawnAt);
  }

  @Policy('read', 'Consent')
  @Query(() => ConsentConnection, {
    description: "A subject's consents to provision rules, oldest first",
  })
  async consents(
    @Ctx() ctx: RequestContext,
    @Args() args: ConsentsArgs,
  ): Promise<ConsentConnection> {
    return this.consentService.forSubject(ctx, args.subjectId.toLowerCase(), args);
  }
}
