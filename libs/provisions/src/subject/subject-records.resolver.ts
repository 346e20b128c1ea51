import { Args, Field, ID, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { UuidPipe } from '@daicho/platform';
import { ProvisionModel } from '../provision/provision.dto';
import { ReceiptModel, toReceiptModel } from '../receipt/receipt.dto';
import { SubjectProvisionRecords } from './subject-records.service';

@ObjectType('SubjectProvisionRecords', {
  description: 'Provision and receipt records about one person (APPI art. 33(5))',
})
export class SubjectProvisionRecordsModel {
  @Field(() => [ProvisionModel])
  provisions!: ProvisionModel[];
  @Field(() => [ReceiptModel])
  receipts!: ReceiptModel[];
}

@Resolver(() => SubjectProvisionRecordsModel)
export class SubjectRecordsResolver {
  constructor(private readonly records: SubjectProvisionRecords) {}

  @Policy('read', 'DataSubject')
  @Query(() => SubjectProvisionRecordsModel, {
    description: "For a person's request: the provision and receipt records about them (CPO)",
  })
  async provisionRecordsForSubject(
    @Ctx() ctx: RequestContext,
    @Args('subjectId', { type: () => ID }, new UuidPipe('subjectId')) subjectId: string,
  ): Promise<SubjectProvisionRecordsModel> {
    const { provisions, receipts } = await this.records.forSubject(ctx, subjectId);
    return { provisions, receipts: receipts.map(toReceiptModel) };
  }
}
