import { AuditTrail } from '@daicho/platform';
import { randomUUID } from 'node:crypto';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { RequestContext, SYSTEM_ACTOR } from '@daicho/access';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, IsNull } from 'typeorm';
import { createEntry, updateEntry, type EntrySpec } from '../catalog/catalog-entries';
import type { CatalogEntryColumns } from '../catalog/catalog-entry';
import { CatalogHistory } from '../catalog/catalog-history';
import { DATA_CATEGORY } from '../category/category.service';
import { DataCategoryEntity } from '../category/data-category.entity';
import { PURPOSE } from '../purpose/purpose.service';
import { RECIPIENT } from '../recipient/recipient.service';
import { STORAGE_SYSTEM } from '../system/storage-system.service';
import { COMPANY_CATEGORIES } from './company-categories';
import { COMPANY_PURPOSES } from './company-purposes';
import { COMPANY_RECIPIENTS, COMPANY_SYSTEMS } from './company-references';

const SEED_NOTE = "the company's catalog as its privacy policy states it (loaded at first start)";

/**
 * Loads the company's own catalog at start: every entry whose code is missing is created (with
 * its history and ledger entry); existing ones are left alone, so a restart changes nothing and a
 * CPO's later edit is never overwritten. An advisory lock keeps two processes from racing.
 */
@Injectable()
export class CatalogSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly auditTrail: AuditTrail,
    private readonly history: CatalogHistory,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('CatalogSeeder');
  }

  onApplicationBootstrap(): Promise<number> {
    return this.load();
  }

  /** Returns how many entries were created. */
  async load(): Promise<number> {
    const actor = { ...SYSTEM_ACTOR, id: 'system:catalog-seed' };
    const ctx = RequestContext.forActor(actor, randomUUID(), this.dataSource, this.auditTrail);
    const created = await ctx.transaction(async (tx) => {
      await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('daicho.catalog.seed'))`);
      // Order matters: categories refer to purposes, systems and recipients.
      return (
        (await this.missing(tx, PURPOSE, COMPANY_PURPOSES)) +
        (await this.missing(tx, STORAGE_SYSTEM, COMPANY_SYSTEMS)) +
        (await this.missing(tx, RECIPIENT, COMPANY_RECIPIENTS)) +
        (await this.missing(
          tx,
          DATA_CATEGORY,
          COMPANY_CATEGORIES.map((c) => ({ ...c, lastReviewedAt: null })),
        )) +
        (await this.purposeItems(tx)) +
        (await this.financialFlags(tx))
      );
    });
    if (created) this.logger.info({ created }, 'company catalog loaded');
    return created;
  }

  /**
   * Categories from before purposes named their items (purpose_items null) get the seed's, as a
   * new version, narrowed to the items and purposes they have now; an edited list is never touched.
   */
  private async purposeItems(tx: RequestContext): Promise<number> {
    const unset = await tx.manager.find(DataCategoryEntity, { where: { purposeItems: IsNull() } });
    let filled = 0;
    for (const category of unset) {
      const seed = COMPANY_CATEGORIES.find((c) => c.code === category.code);
      const items = new Set(category.items.map((i) => i.key));
      const purposeItems = (seed?.purposeItems ?? [])
        .filter((p) => category.purposeCodes.includes(p.purposeCode))
        .map((p) => ({ ...p, itemKeys: p.itemKeys.filter((k) => items.has(k)) }));
      await updateEntry(
        tx,
        this.history,
        DATA_CATEGORY,
        category.code,
        { purposeItems },
        { note: "each purpose's needed items, from the privacy policy (deny by default)" },
      );
      filled += 1;
    }
    return filled;
  }

  /**
   * Categories from before items carried the financial-damage flag (PPC Rule 7(ii)) get the
   * seed's flags, as a new version; an item the seed does not know is marked false. Once every
   * item carries the flag, nothing is touched again (a CPO's later choice stays).
   */
  private async financialFlags(tx: RequestContext): Promise<number> {
    const categories = await tx.manager.find(DataCategoryEntity);
    let flagged = 0;
    for (const category of categories) {
      if (category.items.every((i) => i.financialDamageRisk !== undefined)) continue;
      const seed = COMPANY_CATEGORIES.find((c) => c.code === category.code);
      const items = category.items.map((i) => ({
        ...i,
        financialDamageRisk:
          i.financialDamageRisk ??
          seed?.items.find((s) => s.key === i.key)?.financialDamageRisk ??
          false,
      }));
      await updateEntry(
        tx,
        this.history,
        DATA_CATEGORY,
        category.code,
        { items },
        { note: 'items whose misuse may cause property damage flagged (PPC Rule 7(ii))' },
      );
      flagged += 1;
    }
    return flagged;
  }

  private async missing<E extends CatalogEntryColumns & { code: string }>(
    tx: RequestContext,
    spec: EntrySpec<E>,
    seeds: readonly Omit<E, keyof CatalogEntryColumns>[],
  ): Promise<number> {
    const codes = seeds.map((s) => s.code);
    const present = await tx.manager
      .createQueryBuilder(spec.target, 'e')
      .select('e.code', 'code')
      .where('e.code IN (:...codes)', { codes })
      .getRawMany<{ code: string }>();
    const have = new Set(present.map((p) => p.code));
    const toCreate = seeds.filter((s) => !have.has(s.code));
    for (const seed of toCreate) await createEntry(tx, this.history, spec, seed, SEED_NOTE);
    return toCreate.length;
  }
}
