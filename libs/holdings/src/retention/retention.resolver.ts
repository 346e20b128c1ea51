import { Args, ArgsType, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { BadUserInputError, PageArgs, Paginated } from '@daicho/platform';
import { IsInt } from 'class-validator';
import { RetentionService } from './retention.service';

@ObjectType('RetentionDue', { description: 'A record whose retention ends soon (metadata only)' })
export class RetentionDueModel {
  @Field(() => ID)
  recordId!: string;
  @Field(() => ID)
  subjectId!: string;
  @Field()
  categoryCode!: string;
  @Field()
  dueAt!: Date;
}

@ObjectType('RetentionDueConnection')
export class RetentionDueConnection extends Paginated(RetentionDueModel, 'RetentionDue') {}

@ArgsType()
export class RetentionDueArgs extends PageArgs {
  @Field(() => Int, { defaultValue: 30 })
  @IsInt()
  withinDays = 30;
}

@Resolver(() => RetentionDueModel)
export class RetentionResolver {
  constructor(private readonly retention: RetentionService) {}

  @Policy('read', 'Retention')
  @Query(() => RetentionDueConnection, {
    description:
      'Active records due for disposal within the days given (0 = overdue), soonest first',
  })
  async retentionDue(
    @Ctx() ctx: RequestContext,
    @Args() args: RetentionDueArgs,
  ): Promise<RetentionDueConnection> {
    const { withinDays } = args;
    if (withinDays < 0 || withinDays > 3650) {
      throw new BadUserInputError('withinDays must be between 0 and 3650.', ['withinDays']);
    }
    const page = await this.retention.dueWithin(ctx, withinDays, args);
    return {
      edges: page.edges.map(({ cursor, node: r }) => ({
        cursor,
        node: {
          recordId: r.id,
          subjectId: r.subjectId,
          categoryCode: r.categoryCode,
          dueAt: r.retentionDueAt as Date,
        },
      })),
      pageInfo: page.pageInfo,
    };
  }
}
