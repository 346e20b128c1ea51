import { Injectable } from '@nestjs/common';
import { policySubject, recordDenial, type RequestContext } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import { BadUserInputError, ForbiddenError, LedgerAction, returnedRow } from '@daicho/platform';
import { calendarDate } from '@daicho/platform';
import { coveredSubjects } from '../subject-coverage';
import { refuseSuspendedEntrustment } from '../provision/stopped-provision';
import { ContractService } from './contract.service';
import type { EntrustmentModel, RecordEntrustmentInput } from './entrustment.dto';

/**
 * Entrustment (APPI art. 25; not provision, art. 27(5)(i)): data of a category handed to a
 * contractor under a contract in force, within its scope; an ENTRUST entry per person.
 */
@Injectable()
export class EntrustmentService {
  constructor(
    private readonly contracts: ContractService,
    private readonly ledger: Ledger,
  ) {}

  async record(ctx: RequestContext, input: RecordEntrustmentInput): Promise<EntrustmentModel> {
    calendarDate(input.handedOn, 'handedOn');
    return ctx.transaction(async (tx) => {
      const contract = await this.contracts.live(tx, input.contractId, input.handedOn);
      const scope = contract.scope.find((s) => s.categoryCode === input.categoryCode);
      if (!scope) {
        throw new BadUserInputError(
          `Contract ${contract.id} does not cover ${input.categoryCode}; nothing was entrusted.`,
          ['categoryCode'],
        );
      }
      const outside = input.items.find((item) => !scope.items.includes(item));
      if (outside) {
        throw new BadUserInputError(
          `${outside} is outside the contract's scope for ${input.categoryCode}; nothing was entrusted.`,
          ['items'],
        );
      }
      if (
        !ctx.ability.can(
          'create',
          policySubject('Entrustment', { categoryCode: input.categoryCode }),
        )
      ) {
        throw await recordDenial(
          ctx,
          {
            operation: 'create Entrustment',
            type: 'Entrustment',
            categoryCode: input.categoryCode,
          },
          new ForbiddenError(`Your role (${ctx.role}) may not entrust ${input.categoryCode} data.`),
        );
      }
      const subjects = await coveredSubjects(
        tx,
        input.subjectIds,
        [input.categoryCode],
        'subjectIds',
      );
      await refuseSuspendedEntrustment(tx, subjects, 'subjectIds');
      const person = input.personInCharge ?? ctx.actor.id;
      const row = returnedRow(
        await tx.manager.query<{ id: string }[]>(
          `INSERT INTO entrustments (contract_id, category_code, items, handed_on, method, person_in_charge, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [
            contract.id,
            input.categoryCode,
            input.items,
            input.handedOn,
            input.method,
            person,
            ctx.actor.id,
          ],
        ),
        'INSERT INTO entrustments',
      );
      await tx.manager.query(
        `INSERT INTO entrustment_subjects (entrustment_id, subject_id) SELECT $1, unnest($2::uuid[])`,
        [row.id, input.subjectIds],
      );
      await this.ledger.appendMany(
        tx,
        subjects.map((s) => ({
          action: LedgerAction.ENTRUST,
          targetType: 'Entrustment',
          targetId: row.id,
          subjectId: s.subjectId,
          categoryCode: s.categoryCode,
          fields: input.items,
          details: { contract: contract.id, contractor: contract.contractor_id },
        })),
      );
      return {
        id: row.id,
        contractId: contract.id,
        categoryCode: input.categoryCode,
        items: input.items,
        handedOn: input.handedOn,
        method: input.method,
        personInCharge: person,
        subjects: subjects.length,
      };
    });
  }
}
