import { Injectable } from '@nestjs/common';
import { assertAllowed, type RequestContext } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import {
  BadUserInputError,
  ConflictError,
  decodeCursor,
  encodeCursor,
  NotFoundError,
  LedgerAction,
  pageOf,
  returnedRow,
  type Page,
} from '@daicho/platform';
import type { CreateProvisionRuleInput, ProvisionRuleRow } from './provision-rule.dto';

/** Provision rules: what may go where, how and on which route (CPO keeps them). */
@Injectable()
export class ProvisionRuleService {
  constructor(private readonly ledger: Ledger) {}

  async create(ctx: RequestContext, input: CreateProvisionRuleInput): Promise<ProvisionRuleRow> {
    await assertAllowed(ctx, 'create', 'ProvisionRule');
    return ctx.transaction(async (tx) => {
      await this.assertFitsCatalog(tx, input);
      const exists = await tx.manager.query<unknown[]>(
        `SELECT 1 FROM provision_rules WHERE code = $1`,
        [input.code],
      );
      if (exists.length) throw new ConflictError(`Provision rule ${input.code} already exists.`);
      const row = returnedRow(
        await tx.manager.query<ProvisionRuleRow[]>(
          `INSERT INTO provision_rules (code, name, recipient_code, category_codes, items, methods, route,
                                        purpose_at_recipient, record_retention_years, purpose_code)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
          [
            input.code,
            JSON.stringify(input.name),
            input.recipientCode,
            input.categoryCodes,
            input.items,
            input.methods,
            input.route,
            JSON.stringify(input.purposeAtRecipient),
            input.recordRetentionYears,
            input.purposeCode ?? null,
          ],
        ),
        'INSERT INTO provision_rules',
      );
      await this.ledger.append(tx, {
        action: LedgerAction.CREATE,
        targetType: 'ProvisionRule',
        targetId: row.code,
        details: { route: row.route, recipient: row.recipient_code },
      });
      return row;
    });
  }

  /** A rule no longer in use: no new hand-off under it; its records stay as they are. */
  async retire(ctx: RequestContext, code: string): Promise<ProvisionRuleRow> {
    await assertAllowed(ctx, 'update', 'ProvisionRule');
    return ctx.transaction(async (tx) => {
      const rule = await this.get(tx, code);
      if (rule.retired_at) throw new ConflictError(`Provision rule ${code} is already retired.`);
      await tx.manager.query(`UPDATE provision_rules SET retired_at = now() WHERE code = $1`, [
        code,
      ]);
      await this.ledger.append(tx, {
        action: LedgerAction.RETIRE,
        targetType: 'ProvisionRule',
        targetId: code,
      });
      return this.get(tx, code);
    });
  }

  /** Every rule, by code (the seeder's look at what is there). */
  list(ctx: RequestContext): Promise<ProvisionRuleRow[]> {
    return ctx.manager.query<ProvisionRuleRow[]>(`SELECT * FROM provision_rules ORDER BY code`);
  }

  /** `provisionRules`: by code (unique, so the code is the whole keyset). */
  async page(
    ctx: RequestContext,
    page: { first: number; after?: string },
  ): Promise<Page<ProvisionRuleRow>> {
    const after = page.after ? decodeCursor(page.after).sortKey : null;
    const rows = await ctx.manager.query<ProvisionRuleRow[]>(
      `SELECT * FROM provision_rules WHERE ($1::text IS NULL OR code > $1) ORDER BY code LIMIT $2`,
      [after, page.first + 1],
    );
    return pageOf(
      rows,
      page.first,
      (row) => encodeCursor(row.code, row.code),
      (row) => row,
    );
  }

  async get(ctx: RequestContext, code: string): Promise<ProvisionRuleRow> {
    const row = await this.find(ctx, code);
    if (!row) throw new NotFoundError(`There is no provision rule ${code}.`);
    return row;
  }

  /** The rule of that code, or undefined when there is none (a database failure still throws). */
  async find(ctx: RequestContext, code: string): Promise<ProvisionRuleRow | undefined> {
    const [row] = await ctx.manager.query<ProvisionRuleRow[]>(
      `SELECT * FROM provision_rules WHERE code = $1`,
      [code],
    );
    return row;
  }

  /** The rule must name a third-party recipient and categories and items the catalog holds. */
  private async assertFitsCatalog(tx: RequestContext, input: CreateProvisionRuleInput) {
    const [recipient] = await tx.manager.query<{ kind: string }[]>(
      `SELECT kind FROM recipients WHERE code = $1 AND retired_at IS NULL`,
      [input.recipientCode],
    );
    if (recipient?.kind !== 'THIRD_PARTY') {
      throw new BadUserInputError(
        'recipientCode is not an active third-party recipient of the catalog.',
        ['recipientCode'],
      );
    }
    const categories = await tx.manager.query<
      { code: string; items: { key: string }[]; purpose_codes: string[] }[]
    >(
      `SELECT code, items, purpose_codes FROM data_categories
        WHERE code = ANY($1::text[]) AND retired_at IS NULL`,
      [input.categoryCodes],
    );
    const missing = input.categoryCodes.find((c) => !categories.some((k) => k.code === c));
    if (missing) {
      throw new BadUserInputError(`${missing} is not an active category of the catalog.`, [
        'categoryCodes',
      ]);
    }
    const items = new Set(categories.flatMap((c) => c.items.map((i) => i.key)));
    const unknown = input.items.find((i) => !items.has(i));
    if (unknown) {
      throw new BadUserInputError(
        `${unknown} is not an item of ${input.categoryCodes.join(', ')}.`,
        ['items'],
      );
    }
    if (input.purposeCode) {
      const [purpose] = await tx.manager.query<unknown[]>(
        `SELECT 1 FROM purposes WHERE code = $1 AND retired_at IS NULL`,
        [input.purposeCode],
      );
      const outside = categories.find((c) => !c.purpose_codes.includes(input.purposeCode!));
      if (!purpose || outside) {
        throw new BadUserInputError(
          `purposeCode ${input.purposeCode} is not an active purpose of ${outside?.code ?? 'the catalog'}.`,
          ['purposeCode'],
        );
      }
    }
  }
}
