import { ID, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import { LedgerAction } from '@daicho/platform';
import { REQUEST_PURPOSE } from './request-intake.service';
import {
  DataSubjectRequestModel,
  DecisionModel,
  ExecutionModel,
  FeePaymentModel,
  IdentityCheckModel,
  PauseModel,
  ReferralModel,
  ResponseModel,
} from './request.models';
import { visibleSubjectIds } from './request-access';
import { stepsOf } from './request-view';

/**
 * A request's steps, resolved only when asked (a list of 50 requests loads no step it does not
 * show); the request itself was already an access decision. The steps are the whole request's
 * (read DataSubjectRequest: CPO, AUDITOR), never a department's notice.
 */
@Resolver(() => DataSubjectRequestModel)
export class RequestFieldsResolver {
  constructor(private readonly ledger: Ledger) {}

  private readonly stepsOf = stepsOf;

  @Policy('read', 'RequestNotice')
  @ResolveField(() => [ID], {
    description: 'The persons matched (a department: only those of its categories)',
  })
  async subjectIds(@Ctx() ctx: RequestContext, @Parent() m: DataSubjectRequestModel) {
    return ctx.transaction(async (tx) => {
      const ids = await visibleSubjectIds(tx, m.id);
      // That a request concerns them is metadata about each person: a look by anyone who does
      // not run requests (a department's notice, the auditor) is an entry in their name, so their
      // own disclosure lists it (APPI art. 33). The CPO's matching is its own entry already.
      if (!tx.ability.can('update', 'DataSubjectRequest')) {
        await this.ledger.appendMany(
          tx,
          ids.map((subjectId) => ({
            action: LedgerAction.READ,
            targetType: 'DataSubjectRequest',
            targetId: m.id,
            subjectId,
            purposeCode: REQUEST_PURPOSE,
            fields: ['subjectIds'],
            details: { view: 'notice' },
          })),
        );
      }
      return ids;
    });
  }

  @Policy('read', 'DataSubjectRequest')
  @ResolveField(() => [IdentityCheckModel])
  async identityChecks(@Ctx() ctx: RequestContext, @Parent() m: DataSubjectRequestModel) {
    return (await this.stepsOf(ctx, m)).identityChecks;
  }

  @Policy('read', 'DataSubjectRequest')
  @ResolveField(() => [FeePaymentModel])
  async feePayments(@Ctx() ctx: RequestContext, @Parent() m: DataSubjectRequestModel) {
    return (await this.stepsOf(ctx, m)).feePayments;
  }

  @Policy('read', 'DataSubjectRequest')
  @ResolveField(() => [PauseModel])
  async pauses(@Ctx() ctx: RequestContext, @Parent() m: DataSubjectRequestModel) {
    return (await this.stepsOf(ctx, m)).pauses;
  }

  @Policy('read', 'DataSubjectRequest')
  @ResolveField(() => [ReferralModel])
  async referrals(@Ctx() ctx: RequestContext, @Parent() m: DataSubjectRequestModel) {
    return (await this.stepsOf(ctx, m)).referrals;
  }

  @Policy('read', 'DataSubjectRequest')
  @ResolveField(() => DecisionModel, { nullable: true })
  async decision(@Ctx() ctx: RequestContext, @Parent() m: DataSubjectRequestModel) {
    return (await this.stepsOf(ctx, m)).decision;
  }

  @Policy('read', 'DataSubjectRequest')
  @ResolveField(() => ExecutionModel, { nullable: true })
  async execution(@Ctx() ctx: RequestContext, @Parent() m: DataSubjectRequestModel) {
    return (await this.stepsOf(ctx, m)).execution;
  }

  @Policy('read', 'DataSubjectRequest')
  @ResolveField(() => ResponseModel, { nullable: true })
  async response(@Ctx() ctx: RequestContext, @Parent() m: DataSubjectRequestModel) {
    return (await this.stepsOf(ctx, m)).response;
  }

  @Policy('read', 'DataSubjectRequest')
  @ResolveField(() => Boolean)
  async identityConfirmed(@Ctx() ctx: RequestContext, @Parent() m: DataSubjectRequestModel) {
    return (await this.stepsOf(ctx, m)).identityConfirmed;
  }

  @Policy('read', 'DataSubjectRequest')
  @ResolveField(() => Boolean, { nullable: true })
  async agencyConfirmed(@Ctx() ctx: RequestContext, @Parent() m: DataSubjectRequestModel) {
    return (await this.stepsOf(ctx, m)).agencyConfirmed;
  }

  @Policy('read', 'DataSubjectRequest')
  @ResolveField(() => [String])
  async letters(@Ctx() ctx: RequestContext, @Parent() m: DataSubjectRequestModel) {
    return (await this.stepsOf(ctx, m)).letters;
  }
}
