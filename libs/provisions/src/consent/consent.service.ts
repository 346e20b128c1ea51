import { Injectable } from '@nestjs/common';
import { policySubject, type RequestContext } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '@daicho/platform';
import { DataSource } from 'typeorm';
import { refusal } from '../refusal';
import { ProvisionRuleService } from '../rule/provision-rule.service';
import { coveredSubjects } from '../subject-coverage';
import type { ConsentRow, RecordConsentInput } from './consent.dto';

/**
 * Consents to provision rules (APPI art. 27(1)): who consented, when, to what, recorded by whom;
 * withdrawable, never deleted. A department records consents for the categories it handles.
 */
@Injectable()
export class ConsentService {
  constructor(
    private readonly rules: ProvisionRuleService,
    private readonly ledger: Ledger,
    private readonly dataSource: DataSource,
  ) {}

  async record(ctx: RequestContext, input: RecordConsentInput): Promise<ConsentRow> {
    return ctx.transaction(async (tx) => {
      const rule = await this.rules.get(tx, input.ruleCode).catch(() => {
        throw new BadUserInputError(`There is no provision rule ${input.ruleCode}.`, ['ruleCode']);
      });
      if (rule.retired_at) {
        throw new BadUserInputError(`Provision rule ${rule.code} is retired.`, ['ruleCode']);
      }
      if (input.givenAt.getTime() > Date.now()) {
        throw new BadUserInputError('givenAt lies in the future.', ['givenAt']);
      }
      const [covered] = await coveredSubjects(
        tx,
        [input.subjectId],
        rule.category_codes,
        'subjectId',
      );
      await this.assertMay(ctx, 'create', covered.categoryCode, input.subjectId);
      const active = await tx.manager.query<unknown[]>(
        `SELECT 1 FROM consents WHERE subject_id = $1 AND rule_code = $2 AND withdrawn_at IS NULL
          FOR UPDATE`,
        [input.subjectId, rule.code],
      );
      if (active.length) {
        throw new ConflictError(`The subject already has an active consent to ${rule.code}.`);
      }
      const [row] = await tx.manager.query<ConsentRow[]>(
        `INSERT INTO consents (subject_id, rule_code, given_at, evidence, recorded_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [input.subjectId, rule.code, input.givenAt, input.evidence, ctx.actor.id],
      );
      await this.ledger.append(tx, {
        action: 'CONSENT',
        targetType: 'Consent',
        targetId: row.id,
        subjectId: row.subject_id,
        categoryCode: covered.categoryCode,
        details: { rule: rule.code },
      });
      return row;
    });
  }

  async withdraw(ctx: RequestContext, id: string, withdrawnAt: Date): Promise<ConsentRow> {
    return ctx.transaction(async (tx) => {
      const [row] = await tx.manager.query<ConsentRow[]>(
        `SELECT * FROM consents WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!row) throw new NotFoundError(`There is no consent ${id}.`);
      const rule = await this.rules.get(tx, row.rule_code);
      const [covered] = await coveredSubjects(tx, [row.subject_id], rule.category_codes, 'id');
      await this.assertMay(ctx, 'update', covered.categoryCode, row.subject_id);
      if (row.withdrawn_at) throw new ConflictError(`Consent ${id} was already withdrawn.`);
      if (withdrawnAt < row.given_at || withdrawnAt.getTime() > Date.now()) {
        throw new BadUserInputError('withdrawnAt must lie between the consent and now.', [
          'withdrawnAt',
        ]);
      }
      const [updated] = await tx.manager.query<ConsentRow[]>(
        `UPDATE consents SET withdrawn_at = $2, withdrawal_recorded_by = $3 WHERE id = $1 RETURNING *`,
        [id, withdrawnAt, ctx.actor.id],
      );
      await this.ledger.append(tx, {
        action: 'CONSENT_WITHDRAWN',
        targetType: 'Consent',
        targetId: id,
        subjectId: row.subject_id,
        categoryCode: covered.categoryCode,
        details: { rule: row.rule_code },
      });
      return updated;
    });
  }

  /** A subject's consents, for the roles that may read consents of the subject's category. */
  async forSubject(ctx: RequestContext, subjectId: string): Promise<ConsentRow[]> {
    return ctx.transaction(async (tx) => {
      const rows = await tx.manager.query<(ConsentRow & { category_codes: string[] })[]>(
        `SELECT c.*, r.category_codes FROM consents c JOIN provision_rules r ON r.code = c.rule_code
          WHERE c.subject_id = $1 ORDER BY c.given_at`,
        [subjectId],
      );
      const visible = rows.filter((row) =>
        row.category_codes.some((categoryCode) =>
          ctx.ability.can('read', policySubject('Consent', { categoryCode })),
        ),
      );
      await this.ledger.append(tx, {
        action: 'READ',
        targetType: 'Consent',
        subjectId,
        details: { consents: visible.length },
      });
      return visible;
    });
  }

  private async assertMay(
    ctx: RequestContext,
    action: 'create' | 'update',
    categoryCode: string,
    subjectId: string,
  ): Promise<void> {
    if (ctx.ability.can(action, policySubject('Consent', { categoryCode }))) return;
    throw await refusal(
      this.ledger,
      this.dataSource,
      ctx,
      { type: 'Consent', categoryCode, subjectId },
      `${action} Consent`,
      new ForbiddenError(`Your role (${ctx.role}) may not record consents for ${categoryCode}.`),
    );
  }
}
