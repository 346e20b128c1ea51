import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { UuidPipe } from '@daicho/platform';
import { toUserModel } from '../user/user.model';
import { AccessGrantConnection, AccessGrantModel } from './access-grant.model';
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
  @Query(() => AccessGrantConnection, {
    description: 'Grants of roles, oldest first; PENDING ones wait for a second person',
  })
  async accessGrants(
    @Ctx() ctx: RequestContext,
    @Args() args: AccessGrantsArgs,
  ): Promise<AccessGrantConnection> {
    const page = await this.grants.list(ctx, args.status, args);
    return {
      edges: page.edges.map(({ cursor, node }) => ({
        cursor,
        node: toModel({ ...node, oneTimePassword: null }),
      })),
      pageInfo: page.pageInfo,
    };
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
