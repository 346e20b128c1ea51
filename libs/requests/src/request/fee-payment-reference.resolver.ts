import { Inject } from '@nestjs/common';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import { HoldingsKeys } from '@daicho/holdings';
import { Ledger } from '@daicho/ledger';
import { LedgerAction } from '@daicho/platform';
import type { SealedReference } from './request-details';
import { REQUEST_PURPOSE, REQUESTER_CATEGORY } from './request-intake.service';
import { FeePaymentModel } from './request.models';
import { openRequestText } from './request-texts';

/**
 * A fee payment's reference (the money order's number) is the requester's: opened for whoever
 * runs requests (the CPO), each opening a READ entry in the same transaction; others get null.
 */
@Resolver(() => FeePaymentModel)
export class FeePaymentReferenceResolver {
  constructor(
    @Inject(HoldingsKeys) private readonly keys: HoldingsKeys,
    private readonly ledger: Ledger,
  ) {}

  @Policy('read', 'DataSubjectRequest')
  @ResolveField(() => String, { nullable: true })
  async reference(
    @Ctx() ctx: RequestContext,
    @Parent() fee: FeePaymentModel & SealedReference,
  ): Promise<string | null> {
    const owner = fee.owner;
    if (!owner || !ctx.ability.can('update', 'DataSubjectRequest')) return null;
    const sealed = fee.sealedReference;
    return ctx.transaction(async (tx) => {
      // A row from before references were sealed is still read as it is (and recorded alike).
      const text = sealed
        ? await openRequestText(tx, this.keys, owner, 'feeReference', sealed, fee.id)
        : fee.clearReference;
      if (text !== null) {
        await this.ledger.append(tx, {
          action: LedgerAction.READ,
          targetType: 'DataSubjectRequest',
          targetId: owner.id,
          subjectId: owner.requester_subject_id,
          categoryCode: REQUESTER_CATEGORY,
          purposeCode: REQUEST_PURPOSE,
          fields: ['feeReference'],
          details: { payment: fee.id },
        });
      }
      return text;
    });
  }
}
