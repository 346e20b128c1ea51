import { LedgerAction } from '@daicho/platform';
import { Injectable } from '@nestjs/common';
import { assertAllowed, type RequestContext } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import {
  handedSubjects,
  insertApproval,
  isDecided,
  lockProvision,
  provisionBasis,
} from './provision-change-store';
import { checkDecidable, provideEntry } from './provision-checks';
import { ProvisionReader } from './provision-reader';
import type { DecideProvisionInput, ProvisionModel } from './provision.dto';

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
  ) {}

  async decide(ctx: RequestContext, input: DecideProvisionInput): Promise<ProvisionModel> {
    // The guard's policy is not the only gate: the service itself checks that the role decides.
    await assertAllowed(ctx, 'update', 'Provision');
    const id = input.provisionId;
    await ctx.transaction(async (tx) => {
      await lockProvision(tx, id);
      await this.reader.assertReadable(tx, id, 'decide Provision');
      const provision = await provisionBasis(tx, id);
      checkDecidable(id, provision.route, await isDecided(tx, id));
      await insertApproval(tx, id, input.decision, input.note);
      await this.ledger.append(tx, {
        action: input.decision === 'APPROVED' ? LedgerAction.APPROVE : LedgerAction.REJECT,
        targetType: 'Provision',
        targetId: id,
        details: { route: provision.route },
      });
      if (input.decision !== 'APPROVED') return;
      const handed = await handedSubjects(tx, id);
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
}
