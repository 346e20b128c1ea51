import { Args, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { BadUserInputError } from '@daicho/platform';
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

@Resolver(() => RetentionDueModel)
export class RetentionResolver {
  constructor(private readonly retention: RetentionService) {}

  @Policy('read', 'Retention')
  @Query(() => [RetentionDueModel], {
    description: 'Active records due for disposal within the days given (0 = overdue)',
  })
  async retentionDue(
    @Ctx() ctx: RequestContext,
    @Args('withinDays', { type: () => Int, defaultValue: 30 }) withinDays: number,
  ): Promise<RetentionDueModel[]> {
    if (withinDays < 0 || withinDays > 3650) {
      throw new BadUserInputError('withinDays must be between 0 and 3650.', ['withinDays']);
    }
    return (await this.retention.dueWithin(ctx, withinDays)).map((r) => ({
      recordId: r.id,
      subjectId: r.subjectId,
      categoryCode: r.categoryCode,
      dueAt: r.retentionDueAt as Date,
    }));
  }
}
