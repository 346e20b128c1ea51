import { Injectable } from '@nestjs/common';
import { assertAllowed, type RequestContext } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import {
  BadUserInputError,
  ConflictError,
  decodeDateCursor,
  encodeCursor,
  NotFoundError,
  pageOf,
  plusDays,
  plusMonths,
  todayInJapan,
  LedgerAction,
  returnedRow,
  type Page,
} from '@daicho/platform';
import { calendarDate } from '@daicho/platform';
import { PartyService } from '../party/party.service';
import {
  CONTRACT_SELECT,
  contractModels,
  dueContracts,
  findContract,
  type ContractRow,
} from './contract-rows';
import { EndHandling, PartyKind } from '../provision-enums';
import type {
  CreateEntrustmentContractInput,
  EndEntrustmentContractInput,
  EntrustmentContractModel,
  RecordSupervisionReviewInput,
  SupervisionDueModel,
} from './entrustment.dto';

/**
 * Entrustment contracts (APPI art. 25): scope, confidentiality and security clauses, term, what
 * happens to the data at the end; supervision reviews and when the next one is due (the first
 * one interval after the start).
 */
@Injectable()
export class ContractService {
  constructor(
    private readonly parties: PartyService,
    private readonly ledger: Ledger,
  ) {}

  async create(
    ctx: RequestContext,
    input: CreateEntrustmentContractInput,
  ): Promise<EntrustmentContractModel> {
    await assertAllowed(ctx, 'create', 'EntrustmentContract');
    calendarDate(input.startsOn, 'startsOn', { future: true, stored: true });
    calendarDate(input.endsOn, 'endsOn', { future: true, stored: true });
    if (input.endsOn < input.startsOn) {
      throw new BadUserInputError('endsOn lies before startsOn.', ['endsOn']);
    }
    const id = await ctx.transaction(async (tx) => {
      await this.parties.get(tx, input.contractorId, PartyKind.CONTRACTOR, 'contractorId');
      const categories = await tx.manager.query<{ code: string; items: { key: string }[] }[]>(
        `SELECT code, items FROM data_categories WHERE code = ANY($1::text[]) AND retired_at IS NULL`,
        [input.scope.map((s) => s.categoryCode)],
      );
      input.scope.forEach((s, i) => {
        const category = categories.find((c) => c.code === s.categoryCode);
        if (!category) {
          throw new BadUserInputError(`${s.categoryCode} is not an active category.`, [
            `scope.${i}.categoryCode`,
          ]);
        }
        const unknown = s.items.find((item) => !category.items.some((k) => k.key === item));
        if (unknown) {
          throw new BadUserInputError(`${unknown} is not an item of ${s.categoryCode}.`, [
            `scope.${i}.items`,
          ]);
        }
      });
      const row = returnedRow(
        await tx.manager.query<{ id: string }[]>(
          `INSERT INTO entrustment_contracts (contractor_id, title, scope, confidentiality_clause,
              security_clause, starts_on, ends_on, end_handling, review_interval_months, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
          [
            input.contractorId,
            input.title,
            JSON.stringify(
              input.scope.map((s) => ({ categoryCode: s.categoryCode, items: s.items })),
            ),
            input.confidentialityClause,
            input.securityClause,
            input.startsOn,
            input.endsOn,
            input.endHandling,
            input.reviewIntervalMonths,
            ctx.actor.id,
          ],
        ),
        'INSERT INTO entrustment_contracts',
      );
      await this.ledger.append(tx, {
        action: LedgerAction.CREATE,
        targetType: 'EntrustmentContract',
        targetId: row.id,
        details: { contractor: input.contractorId },
      });
      return row.id;
    });
    return this.get(ctx, id);
  }

  async review(
    ctx: RequestContext,
    input: RecordSupervisionReviewInput,
  ): Promise<EntrustmentContractModel> {
    await assertAllowed(ctx, 'update', 'EntrustmentContract');
    calendarDate(input.reviewedOn, 'reviewedOn');
    await ctx.transaction(async (tx) => {
      const contract = await this.row(tx, input.contractId, true);
      if (input.reviewedOn < contract.starts_on) {
        throw new BadUserInputError('reviewedOn lies before the contract starts.', ['reviewedOn']);
      }
      const nextDueOn =
        input.nextDueOn ?? plusMonths(input.reviewedOn, contract.review_interval_months);
      if (nextDueOn <= input.reviewedOn) {
        throw new BadUserInputError('nextDueOn must come after reviewedOn.', ['nextDueOn']);
      }
      await tx.manager.query(
        `INSERT INTO supervision_reviews (contract_id, reviewed_on, reviewer, result, findings, next_due_on, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          contract.id,
          input.reviewedOn,
          input.reviewer,
          input.result,
          input.findings,
          nextDueOn,
          ctx.actor.id,
        ],
      );
      await this.ledger.append(tx, {
        action: LedgerAction.SUPERVISE,
        targetType: 'EntrustmentContract',
        targetId: contract.id,
        details: { result: input.result, nextDueOn },
      });
    });
    return this.get(ctx, input.contractId);
  }

  /** The end of the contract: the data's return or deletion, as confirmed. */
  async end(
    ctx: RequestContext,
    input: EndEntrustmentContractInput,
  ): Promise<EntrustmentContractModel> {
    await assertAllowed(ctx, 'update', 'EntrustmentContract');
    calendarDate(input.endedOn, 'endedOn');
    await ctx.transaction(async (tx) => {
      const contract = await this.row(tx, input.contractId, true);
      if (contract.ended_on) throw new ConflictError(`Contract ${contract.id} has ended.`);
      if (input.endedOn < contract.starts_on) {
        throw new BadUserInputError('endedOn lies before the contract starts.', ['endedOn']);
      }
      const [latest] = await tx.manager.query<{ handed_on: string | null }[]>(
        `SELECT max(handed_on)::text AS handed_on FROM entrustments WHERE contract_id = $1`,
        [contract.id],
      );
      if (latest?.handed_on && input.endedOn < latest.handed_on) {
        throw new BadUserInputError(
          `endedOn lies before the last entrustment under this contract (${latest.handed_on}); the data handed over then is returned or deleted after it.`,
          ['endedOn'],
        );
      }
      await tx.manager.query(
        `UPDATE entrustment_contracts SET ended_on = $2, end_confirmation = $3, ended_by = $4 WHERE id = $1`,
        [contract.id, input.endedOn, input.confirmation, ctx.actor.id],
      );
      await this.ledger.append(tx, {
        action:
          contract.end_handling === EndHandling.RETURN
            ? LedgerAction.ENTRUSTMENT_RETURNED
            : LedgerAction.ENTRUSTMENT_DELETED,
        targetType: 'EntrustmentContract',
        targetId: contract.id,
        details: { endedOn: input.endedOn },
      });
    });
    return this.get(ctx, input.contractId);
  }

  async get(ctx: RequestContext, id: string): Promise<EntrustmentContractModel> {
    await assertAllowed(ctx, 'read', 'EntrustmentContract');
    return returnedRow(await contractModels(ctx, [await this.row(ctx, id, false)]), 'the contract');
  }

  /** Contracts by start date, a keyset page of (start date, id). */
  async list(
    ctx: RequestContext,
    page: { first: number; after?: string },
  ): Promise<Page<EntrustmentContractModel>> {
    await assertAllowed(ctx, 'read', 'EntrustmentContract');
    const cursor = page.after ? decodeDateCursor(page.after) : null;
    const rows = await ctx.manager.query<ContractRow[]>(
      `SELECT ${CONTRACT_SELECT} FROM entrustment_contracts c JOIN parties p ON p.id = c.contractor_id
        WHERE ($1::date IS NULL OR (c.starts_on, c.id) > ($1::date, $2::uuid))
        ORDER BY c.starts_on, c.id LIMIT $3`,
      [cursor?.sortKey ?? null, cursor?.id ?? null, page.first + 1],
    );
    const models = new Map(
      (await contractModels(ctx, rows.slice(0, page.first))).map((m) => [m.id, m]),
    );
    return pageOf(
      rows,
      page.first,
      (r) => encodeCursor(r.starts_on, r.id),
      (r) => models.get(r.id)!,
    );
  }

  /**
   * Live contracts whose next review falls on or before `asOf` + `withinDays`, a keyset page of
   * (due date, id).
   */
  async due(
    ctx: RequestContext,
    asOf: string,
    withinDays: number,
    page: { first: number; after?: string },
  ): Promise<Page<SupervisionDueModel>> {
    await assertAllowed(ctx, 'read', 'EntrustmentContract');
    const cursor = page.after ? decodeDateCursor(page.after) : null;
    const until = plusDays(asOf, withinDays);
    const rows = await dueContracts(ctx, { asOf, until }, cursor, page.first + 1);
    const today = todayInJapan();
    return pageOf(
      rows,
      page.first,
      (r) => encodeCursor(r.due_on, r.id),
      (r) => ({
        contractId: r.id,
        contractorName: r.contractor_name,
        title: r.title,
        dueOn: r.due_on,
        lastReviewedOn: r.last_reviewed_on,
        overdue: r.due_on < today,
      }),
    );
  }

  /**
   * A contract under which data may be handed over on `date`, or refusal. Held for share until
   * the entrustment commits: an end recorded meanwhile waits, and then sees it (read unlocked,
   * data could be entrusted under a contract whose return or deletion was just confirmed).
   */
  async live(tx: RequestContext, id: string, date: string): Promise<ContractRow> {
    const contract = await findContract(tx, id, 'share');
    if (!contract) {
      throw new BadUserInputError(`There is no entrustment contract ${id}.`, ['contractId']);
    }
    if (contract.ended_on || date < contract.starts_on || date > contract.ends_on) {
      throw new BadUserInputError(
        `Contract ${id} is not in force on ${date} (${contract.starts_on} – ${contract.ended_on ?? contract.ends_on}); nothing was entrusted.`,
        ['contractId'],
      );
    }
    return contract;
  }

  private async row(ctx: RequestContext, id: string, lock: boolean): Promise<ContractRow> {
    const row = await findContract(ctx, id, lock);
    if (!row) throw new NotFoundError(`There is no entrustment contract ${id}.`);
    return row;
  }
}
