import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  policySubject,
  recordDenial,
  rulesToSql,
  type RequestContext,
  type SqlColumn,
} from '@daicho/access';
import { dataKeysOf, HoldingsKeys } from '@daicho/holdings';
import { Ledger } from '@daicho/ledger';
import {
  BadUserInputError,
  ConflictError,
  decodeTimeCursor,
  encodeCursor,
  ForbiddenError,
  NotFoundError,
  LedgerAction,
  pageOf,
  returnedRow,
  timeKey,
  type Page,
} from '@daicho/platform';
import { ProvisionRuleService } from '../rule/provision-rule.service';
import { coveredSubjects } from '../subject-coverage';
import { evidenceOf, sealEvidence } from './consent-evidence';
import {
  CONSENT_SELECT,
  toConsentModel,
  type ConsentModel,
  type ConsentRow,
  type RecordConsentInput,
} from './consent.dto';

/** What the read rules of a consent look at, as columns. */
const CONSENT_COLUMNS: Record<string, SqlColumn> = {
  categoryCode: { column: 'category_code', type: 'text', nullable: false },
};
const GIVEN_KEY = timeKey('given_at');

/**
 * Consents to provision rules (APPI art. 27(1)): who consented, when, to what, recorded by whom;
 * withdrawable, never deleted. A consent belongs to the category of the person's record it was
 * given for: the department handling that category records, reads and withdraws it (privacy
 * policy §2), the CPO and the auditor read it. Its evidence is sealed under the person's key.
 */
@Injectable()
export class ConsentService {
  constructor(
    private readonly rules: ProvisionRuleService,
    private readonly ledger: Ledger,
    private readonly keys: HoldingsKeys,
  ) {}

  async record(ctx: RequestContext, input: RecordConsentInput): Promise<ConsentModel> {
    return ctx.transaction(async (tx) => {
      const rule = await this.rules.find(tx, input.ruleCode);
      if (!rule) {
        throw new BadUserInputError(`There is no provision rule ${input.ruleCode}.`, ['ruleCode']);
      }
      if (rule.retired_at) {
        throw new BadUserInputError(`Provision rule ${rule.code} is retired.`, ['ruleCode']);
      }
      if (input.givenAt.getTime() > Date.now()) {
        throw new BadUserInputError('givenAt lies in the future.', ['givenAt']);
      }
      // Only the rule's categories the role handles: a person held in another department's
      // category answers as one the rule does not cover (no oracle on who is held where).
      const categories = rule.category_codes.filter((categoryCode) =>
        ctx.ability.can('create', policySubject('Consent', { categoryCode })),
      );
      if (!categories.length) {
        await this.assertMay(ctx, 'create', rule.category_codes[0], input.subjectId);
      }
      const covered = returnedRow(
        await coveredSubjects(tx, [input.subjectId], categories, 'subjectId'),
        'the covered subject',
      );
      // One active consent per person and rule: FOR UPDATE locks nothing while there is none, so
      // two at once would both pass; the pair's own lock makes the second see the first.
      await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 11))`, [
        `consent:${input.subjectId}:${rule.code}`,
      ]);
      const active = await tx.manager.query<unknown[]>(
        `SELECT 1 FROM consents WHERE subject_id = $1 AND rule_code = $2 AND withdrawn_at IS NULL
          FOR UPDATE`,
        [input.subjectId, rule.code],
      );
      if (active.length) {
        throw new ConflictError(`The subject already has an active consent to ${rule.code}.`);
      }
      const id = randomUUID();
      const dataKey = (await dataKeysOf(tx, this.keys, [input.subjectId])).get(input.subjectId)!;
      const row = returnedRow(
        await tx.manager.query<ConsentRow[]>(
          `INSERT INTO consents (id, subject_id, rule_code, category_code, given_at, evidence_sealed, recorded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${CONSENT_SELECT}`,
          [
            id,
            input.subjectId,
            rule.code,
            covered.categoryCode,
            input.givenAt,
            sealEvidence(dataKey, id, input.evidence),
            ctx.actor.id,
          ],
        ),
        'INSERT INTO consents',
      );
      await this.ledger.append(tx, {
        action: LedgerAction.CONSENT,
        targetType: 'Consent',
        targetId: row.id,
        subjectId: row.subject_id,
        categoryCode: covered.categoryCode,
        details: { rule: rule.code },
      });
      return toConsentModel(row, input.evidence);
    });
  }

  async withdraw(ctx: RequestContext, id: string, withdrawnAt: Date): Promise<ConsentModel> {
    return ctx.transaction(async (tx) => {
      const [row] = await tx.manager.query<ConsentRow[]>(
        `SELECT ${CONSENT_SELECT} FROM consents WHERE id = $1 FOR UPDATE`,
        [id],
      );
      // Another department's consent answers as a missing one: the id is an access decision.
      if (
        !row ||
        !ctx.ability.can('read', policySubject('Consent', { categoryCode: row.category_code }))
      ) {
        throw await recordDenial(
          ctx,
          { operation: 'update Consent', type: 'Consent', id },
          new NotFoundError(`There is no consent ${id} you may read.`),
        );
      }
      await this.assertMay(ctx, 'update', row.category_code, row.subject_id);
      if (row.withdrawn_at) throw new ConflictError(`Consent ${id} was already withdrawn.`);
      if (withdrawnAt < row.given_at || withdrawnAt.getTime() > Date.now()) {
        throw new BadUserInputError('withdrawnAt must lie between the consent and now.', [
          'withdrawnAt',
        ]);
      }
      // No RETURNING: for an UPDATE TypeORM's query() answers [rows, count], not rows.
      await tx.manager.query(
        `UPDATE consents SET withdrawn_at = $2, withdrawal_recorded_by = $3 WHERE id = $1`,
        [id, withdrawnAt, ctx.actor.id],
      );
      // The day the person withdrew is recorded as it was, even when hand-offs relying on the
      // consent went out on or after it: those are counted, in the entry and the answer, for the
      // CPO to look into (a provision without consent, art. 27(1)), never hidden by a later date.
      const [withdrawn] = await tx.manager.query<ConsentRow[]>(
        `SELECT ${CONSENT_SELECT} FROM consents WHERE id = $1`,
        [id],
      );
      if (!withdrawn) throw new Error(`consent ${id} vanished under its lock`);
      await this.ledger.append(tx, {
        action: LedgerAction.CONSENT_WITHDRAWN,
        targetType: 'Consent',
        targetId: id,
        subjectId: row.subject_id,
        categoryCode: row.category_code,
        details: {
          rule: row.rule_code,
          handOffsSinceWithdrawal: withdrawn.hand_offs_since_withdrawal,
        },
      });
      return toConsentModel(
        withdrawn,
        (await evidenceOf(ctx, tx, this.keys, [withdrawn])).get(id)!,
      );
    });
  }

  /**
   * A subject's consents that belong to a category the caller may read consents of (the role's
   * rules are in the SQL); others are left out, so a person held by another department shows
   * nothing (as an unknown id does). A keyset page of (time given, id); the look is a READ entry.
   */
  async forSubject(
    ctx: RequestContext,
    subjectId: string,
    page: { first: number; after?: string },
  ): Promise<Page<ConsentModel>> {
    const cursor = page.after ? decodeTimeCursor(page.after) : null;
    return ctx.transaction(async (tx) => {
      const visible = rulesToSql(ctx.ability, 'read', 'Consent', CONSENT_COLUMNS, 5);
      const rows = visible
        ? await tx.manager.query<ConsentRow[]>(
            `SELECT ${CONSENT_SELECT} FROM consents
              WHERE subject_id = $1 AND ${visible.text}
                AND ($2::timestamptz IS NULL OR (${GIVEN_KEY}, id) > ($2::timestamptz, $3::uuid))
              ORDER BY ${GIVEN_KEY}, id LIMIT $4`,
            [subjectId, cursor?.at ?? null, cursor?.id ?? null, page.first + 1, ...visible.values],
          )
        : [];
      const shown = rows.slice(0, page.first);
      await this.ledger.append(tx, {
        action: LedgerAction.READ,
        targetType: 'Consent',
        subjectId,
        details: { consents: shown.length },
      });
      const evidence = await evidenceOf(ctx, tx, this.keys, shown);
      return pageOf(
        rows,
        page.first,
        (row) => encodeCursor(row.given_at.toISOString(), row.id),
        (row) => toConsentModel(row, evidence.get(row.id)!),
      );
    });
  }

  private async assertMay(
    ctx: RequestContext,
    action: 'create' | 'update',
    categoryCode: string | undefined,
    subjectId: string,
  ): Promise<void> {
    if (ctx.ability.can(action, policySubject('Consent', { categoryCode }))) return;
    throw await recordDenial(
      ctx,
      { operation: `${action} Consent`, type: 'Consent', categoryCode, subjectId },
      new ForbiddenError(`Your role (${ctx.role}) may not record consents for ${categoryCode}.`),
    );
  }
}
