import {
  Args,
  Field,
  Float,
  ID,
  Int,
  ObjectType,
  Mutation,
  Query,
  Resolver,
  ArgsType,
} from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { BadUserInputError, PageArgs, Paginated, UuidPipe } from '@daicho/platform';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { PersonalRecordEntity } from '../record/personal-record.entity';
import type { DataSubjectEntity } from './data-subject.entity';
import { SubjectService } from './subject.service';
import { SubjectMark, SubjectMarkLiftReason, SubjectMarks } from './subject-marks';
import { SubjectHandOffModel } from './subject-hand-offs';

@ObjectType('RecordSummary', { description: 'A record without its values' })
export class RecordSummaryModel {
  @Field(() => ID)
  id!: string;
  @Field()
  categoryCode!: string;
  @Field()
  status!: string;
  @Field()
  collectedAt!: Date;
  @Field(() => Date, { nullable: true })
  retentionDueAt!: Date | null;
  @Field(() => [String])
  itemKeys!: string[];
}

@ObjectType('DataSubject')
export class DataSubjectModel {
  @Field(() => ID)
  id!: string;
  @Field()
  kind!: string;
  @Field(() => Date, { nullable: true, description: 'Set once erased: the values are gone' })
  erasedAt!: Date | null;
  @Field(() => [RecordSummaryModel])
  records!: RecordSummaryModel[];
}

@ObjectType('CategoryCount')
export class CategoryCountModel {
  @Field()
  categoryCode!: string;
  @Field(() => Int)
  records!: number;
}

@ObjectType('SubjectAccess', {
  description: 'A ledger entry about the subject: who did what, when, why',
})
export class SubjectAccessModel {
  @Field(() => Float)
  seq!: number;
  @Field()
  recordedAt!: string;
  @Field(() => String, { nullable: true })
  actorId!: string | null;
  @Field(() => String, { nullable: true })
  actorRole!: string | null;
  @Field()
  action!: string;
  @Field()
  outcome!: string;
  @Field(() => String, { nullable: true })
  categoryCode!: string | null;
  @Field(() => String, { nullable: true })
  purposeCode!: string | null;
  @Field(() => [String])
  fields!: string[];
}

@ObjectType('SubjectFootprint')
export class SubjectFootprintModel {
  @Field(() => DataSubjectModel)
  subject!: DataSubjectModel;
  @Field(() => [CategoryCountModel])
  categories!: CategoryCountModel[];
  @Field(() => [SubjectAccessModel])
  accesses!: SubjectAccessModel[];
  @Field(() => [SubjectHandOffModel], {
    description: 'Provisions, entrustments and receipts naming the person',
  })
  handOffs!: SubjectHandOffModel[];
}

@ObjectType('DataSubjectConnection')
export class DataSubjectConnection extends Paginated(DataSubjectModel, 'DataSubject') {}

@ArgsType()
export class FindSubjectsArgs extends PageArgs {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}

const summary = (r: PersonalRecordEntity): RecordSummaryModel => ({
  id: r.id,
  categoryCode: r.categoryCode,
  status: r.status,
  collectedAt: r.collectedAt,
  retentionDueAt: r.retentionDueAt,
  itemKeys: r.itemKeys,
});
const toSubjectModel = (
  s: DataSubjectEntity,
  records: PersonalRecordEntity[],
): DataSubjectModel => ({
  id: s.id,
  kind: s.kind,
  erasedAt: s.erasedAt,
  records: records.map(summary),
});

@Resolver(() => DataSubjectModel)
export class SubjectResolver {
  constructor(
    private readonly subjects: SubjectService,
    private readonly marks: SubjectMarks,
  ) {}

  @Policy('read', 'DataSubject')
  @Query(() => DataSubjectConnection, {
    description:
      'For requests from the person: matched by blind index, never in clear; oldest first',
  })
  async findSubjects(
    @Ctx() ctx: RequestContext,
    @Args() args: FindSubjectsArgs,
  ): Promise<DataSubjectConnection> {
    const page = await this.subjects.find(ctx, args, args);
    return {
      edges: page.edges.map(({ cursor, node }) => ({
        cursor,
        node: toSubjectModel(node.subject, node.records),
      })),
      pageInfo: page.pageInfo,
    };
  }

  @Policy('read', 'DataSubject')
  @Query(() => SubjectFootprintModel)
  async subjectFootprint(
    @Ctx() ctx: RequestContext,
    @Args('subjectId', { type: () => ID }, new UuidPipe('subjectId')) subjectId: string,
  ): Promise<SubjectFootprintModel> {
    const { subject, records, history, handOffs } = await this.subjects.footprint(ctx, subjectId);
    const counts = new Map<string, number>();
    for (const r of records) counts.set(r.categoryCode, (counts.get(r.categoryCode) ?? 0) + 1);
    return {
      subject: toSubjectModel(subject, records),
      categories: [...counts].map(([categoryCode, n]) => ({ categoryCode, records: n })),
      accesses: history.map((e) => ({
        seq: Number(e.seq),
        recordedAt: e.recorded_at,
        actorId: e.actor_id,
        actorRole: e.actor_role,
        action: e.action,
        outcome: e.outcome,
        categoryCode: e.category_code,
        purposeCode: e.purpose_code,
        fields: e.fields,
      })),
      handOffs,
    };
  }

  @Policy('delete', 'DataSubject')
  @Mutation(() => DataSubjectModel, {
    description: 'Crypto-shreds every record of the subject; the ledger stays',
  })
  async eraseSubject(
    @Ctx() ctx: RequestContext,
    @Args('subjectId', { type: () => ID }, new UuidPipe('subjectId')) subjectId: string,
    @Args('reason') reason: string,
  ): Promise<DataSubjectModel> {
    if (reason.trim().length === 0 || reason.length > 2000) {
      throw new BadUserInputError('reason must be 1–2000 characters.', ['reason']);
    }
    return toSubjectModel(await this.subjects.erase(ctx, subjectId, reason), []);
  }

  @Policy('update', 'DataSubject')
  @Mutation(() => Boolean, {
    description:
      "Lifts a person's suspension of use or stop of provision (APPI art. 35): the person withdrew it, or its grounds ceased",
  })
  async liftSubjectMark(
    @Ctx() ctx: RequestContext,
    @Args('subjectId', { type: () => ID }, new UuidPipe('subjectId')) subjectId: string,
    @Args('mark', { type: () => SubjectMark }) mark: SubjectMark,
    @Args('reason', { type: () => SubjectMarkLiftReason }) reason: SubjectMarkLiftReason,
  ): Promise<boolean> {
    await this.marks.lift(ctx, subjectId, mark, reason);
    return true;
  }
}
