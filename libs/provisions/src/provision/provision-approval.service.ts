import {
  DomainEventType,
  ForbiddenError,
  LedgerAction,
  Outbox,
  SubjectErasedError,
} from '@daicho/platform';
import { Injectable } from '@nestjs/common';
import { assertAllowed, recordDenial, type RequestContext } from '@daicho/access';
import { lockSubjectsShared } from '@daicho/holdings';
import { Ledger } from '@daicho/ledger';
import {
  handedSubjects,
  insertApproval,
  isDecided,
  lockProvision,
  provisionBasis,
  type ProvisionBasis,
} from './provision-change-store';
import { checkDecidable, provideEntry } from './provision-checks';
import { ProvisionReader } from './provision-reader';
import { creatorOf } from './provision-store';
import type { DecideProvisionInput, ProvisionModel } from './provision.dto';
import { refuseStoppedProvision } from './stopped-provision';

type Handed = Awaited<ReturnType<typeof handedSubjects>>[number];

/**
 * The CPO's decision on an exception-route provision (APPI art. 27(1)(i)–(iv), 27(5)): only on
 * approval do its hand-offs count as done, and only then does each person handed over get a
 * PROVIDE entry, in the same transaction as the decision.
 */
@Injectable()
export class ProvisionApproval {
  constructor(
    private readonly reader: ProvisionReader,
    private readonly ledger: Ledger,
    private readonly outbox: Outbox,
  ) {}

  async decide(ctx: RequestContext, input: DecideProvisionInput): Promise<ProvisionModel> {
    // The guard's policy is not the only gate: the service itself checks that the role decides.
    await assertAllowed(ctx, 'update', 'Provision');
    const id = input.provisionId;
    await ctx.transaction(async (tx) => {
      await lockProvision(tx, id);
      await this.reader.assertReadable(tx, id, 'decide Provision');
      // A second person: whoever recorded it (since moved to CPO, say) does not decide it.
      if ((await creatorOf(tx, id)) === tx.actor.id)
        throw await recordDenial(
          ctx,
          { operation: 'decide Provision', type: 'Provision', id, reason: 'own provision' },
          new ForbiddenError(
            'A provision is decided by someone other than the one who recorded it.',
          ),
        );
      const provision = await provisionBasis(tx, id);
      checkDecidable(id, provision.route, await isDecided(tx, id));
      const handed =
        input.decision === 'APPROVED' ? await this.stillProvidable(tx, id, provision) : [];
      await insertApproval(tx, id, input.decision, input.note);
      await this.ledger.append(tx, {
        action: input.decision === 'APPROVED' ? LedgerAction.APPROVE : LedgerAction.REJECT,
        targetType: 'Provision',
        targetId: id,
        details: { route: provision.route },
      });
      // Integrations heard `awaitingApproval: true` when it was recorded; now they hear the outcome.
      await this.outbox.publish(tx.manager, DomainEventType.PROVISION_RECORDED, {
        provisionId: id,
        route: provision.route,
        partyId: provision.party_id,
        subjects: handed.length,
        awaitingApproval: false,
        decision: input.decision,
      });
      if (input.decision !== 'APPROVED') return;
      await this.ledger.appendMany(
        tx,
        handed.map((s) =>
          provideEntry(
            id,
            s.hand_off_id,
            provision.items,
            provision.party_id,
            provision.purpose_code,
            {
              subjectId: s.subject_id,
              categoryCode: s.category_code,
            },
          ),
        ),
      );
    });
    return this.reader.returned(ctx, id);
  }

  /**
   * The persons an approval hands over, checked again now that the hand-off goes: their rows
   * locked shared first (holdings' lock order), so a stop or an erasure committed since the
   * hand-off was recorded is seen, and refused as on the direct path: a stop of provision (APPI
   * art. 35(3)) as FORBIDDEN, recorded; an erasure (art. 35(1)) as SUBJECT_ERASED.
   */
  private async stillProvidable(
    tx: RequestContext,
    id: string,
    provision: ProvisionBasis,
  ): Promise<Handed[]> {
    const handed = await handedSubjects(tx, id);
    await lockSubjectsShared(tx, [...new Set(handed.map((s) => s.subject_id))]);
    const erased = await tx.manager.query<{ id: string }[]>(
      `SELECT id FROM data_subjects WHERE id = ANY($1::uuid[]) AND erased_at IS NOT NULL`,
      [handed.map((s) => s.subject_id)],
    );
    const handOffIds = [...new Set(handed.map((s) => s.hand_off_id))];
    for (const [index, handOffId] of handOffIds.entries()) {
      const persons = handed.filter((s) => s.hand_off_id === handOffId);
      const field = `handOffs[${index}].subjectIds`;
      const gone = persons.findIndex((s) => erased.some((e) => e.id === s.subject_id));
      if (gone >= 0)
        throw new SubjectErasedError(
          `${field}[${gone}] was erased after the hand-off was recorded (APPI art. 35); nothing was recorded. Reject the provision instead.`,
        );
      await refuseStoppedProvision(
        tx,
        { route: provision.route, code: provision.rule_code },
        persons.map((s) => ({ subjectId: s.subject_id, categoryCode: s.category_code })),
        field,
        id,
      );
    }
    return handed;
  }
}
