import { Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Policy } from '@daicho/access';
import { CalendarDateScalar } from '@daicho/platform';
import { AgentKind, DisclosureMethod, RequestChannel } from '../request-enums';
import { DataSubjectRequestModel } from './request.models';
import { MissingItem } from './request-row';

/**
 * The request's own columns that say something about the requester (an agent acting for a minor
 * or an adult ward, the fee, what they still owe, how they wrote): for whoever sees the whole
 * request (read DataSubjectRequest: CPO, AUDITOR). A department's notice has none of them; asking
 * is FORBIDDEN (recorded by the guard), so a query cannot take them along unnoticed.
 */
@Resolver(() => DataSubjectRequestModel)
export class RequestDetailFieldsResolver {
  @Policy('read', 'DataSubjectRequest')
  @ResolveField(() => RequestChannel)
  channel(@Parent() m: DataSubjectRequestModel) {
    return m.channel;
  }

  @Policy('read', 'DataSubjectRequest')
  @ResolveField(() => AgentKind, { nullable: true })
  agentKind(@Parent() m: DataSubjectRequestModel) {
    return m.agentKind;
  }

  @Policy('read', 'DataSubjectRequest')
  @ResolveField(() => DisclosureMethod, { nullable: true })
  disclosureMethod(@Parent() m: DataSubjectRequestModel) {
    return m.disclosureMethod;
  }

  @Policy('read', 'DataSubjectRequest')
  @ResolveField(() => CalendarDateScalar, { nullable: true })
  pausedOn(@Parent() m: DataSubjectRequestModel) {
    return m.pausedOn;
  }

  @Policy('read', 'DataSubjectRequest')
  @ResolveField(() => [MissingItem])
  missing(@Parent() m: DataSubjectRequestModel) {
    return m.missing;
  }

  @Policy('read', 'DataSubjectRequest')
  @ResolveField(() => Boolean)
  feeRequired(@Parent() m: DataSubjectRequestModel) {
    return m.feeRequired;
  }

  @Policy('read', 'DataSubjectRequest')
  @ResolveField(() => Int)
  feeAmount(@Parent() m: DataSubjectRequestModel) {
    return m.feeAmount;
  }

  @Policy('read', 'DataSubjectRequest')
  @ResolveField(() => Int, { description: 'Yen received so far' })
  feePaid(@Parent() m: DataSubjectRequestModel) {
    return m.feePaid;
  }
}
