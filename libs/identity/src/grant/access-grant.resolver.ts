import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { UuidPipe } from '@daicho/platform';
import { toUserModel } from '../user/user.model';
import { AccessGrantModel } from './access-grant.model';
import { AccessGrantService, type DecidedGrant } from './access-grant.service';
import { AccessGrantsArgs } from './dto/access-grant.args';

function toModel({ grant, user, oneTimePassword }: DecidedGrant): AccessGrantModel {
  return {
    id: grant.id,
    user: toUserModel(user),
    role: grant.role,
    kind: grant.kind,
    requestedBy: grant.requestedBy,
    requestedAt: grant.requestedAt,
    status: grant.status,
    decidedBy: grant.decidedBy,
    decidedAt: grant.decidedAt,
    reason: grant.reason,
    oneTimePassword,
  };
}

@Resolver(() => AccessGrantModel)
export class AccessGrantResolver {
  constructor(private readonly grants: AccessGrantService) {}

  @Policy('read', 'AccessGrant')
  @Query(() => [AccessGrantModel], {
    description:
      'Grants of roles, oldest first (at most 200); PENDING ones wait for a second person',
  })
  async accessGrants(
    @Ctx() ctx: RequestContext,
    @Args() args: AccessGrantsArgs,
  ): Promise<AccessGrantModel[]> {
    const rows = await this.grants.list(ctx, args.status);
    return rows.map((row) => toModel({ ...row, oneTimePassword: null }));
  }

  @Policy('update', 'AccessGrant')
  @Mutation(() => AccessGrantModel, {
    description:
      'The second person approves: the CPO for department roles, another ADMIN or the CPO for CPO and ADMIN',
  })
  async approveAccessGrant(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
  ): Promise<AccessGrantModel> {
    return toModel(await this.grants.approve(ctx, id));
  }

  @Policy('update', 'AccessGrant')
  @Mutation(() => AccessGrantModel)
  async rejectAccessGrant(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => ID }, new UuidPipe('id')) id: string,
    @Args('reason', { description: 'Kept with the grant for the requester; never in the ledger' })
    reason: string,
  ): Promise<AccessGrantModel> {
    return toModel(await this.grants.reject(ctx, id, reason));
  }
}
