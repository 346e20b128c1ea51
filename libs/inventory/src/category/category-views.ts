import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { DateTime, Duration } from 'luxon';
import { PurposeEntity } from '../purpose/purpose.entity';
import { toPurposeModel } from '../purpose/purpose.dto';
import { RecipientEntity } from '../recipient/recipient.entity';
import { toRecipientModel } from '../recipient/recipient.dto';
import { StorageSystemEntity } from '../system/storage-system.entity';
import { toStorageSystemModel } from '../system/storage-system.dto';
import { classify } from './data-item';
import type { DataCategoryEntity } from './data-category.entity';
import type { DataCategoryModel } from './data-category.model';

/** When a category's next review falls due: now if it was never reviewed. */
export function reviewDueAt(
  category: Pick<DataCategoryEntity, 'lastReviewedAt' | 'reviewInterval'>,
): Date {
  if (!category.lastReviewedAt) return new Date();
  return DateTime.fromJSDate(category.lastReviewedAt)
    .plus(Duration.fromISO(category.reviewInterval))
    .toJSDate();
}

/** Turns category rows into what clients see, with purposes, systems and recipients resolved. */
@Injectable()
export class CategoryViews {
  /** One category as clients see it. */
  async toModel(
    ctx: RequestContext,
    category: DataCategoryEntity,
    selected?: ReadonlySet<string>,
  ): Promise<DataCategoryModel> {
    const [model] = await this.toModels(ctx, [category], selected);
    if (!model) throw new Error(`Category ${category.code} yielded no view.`);
    return model;
  }

  /**
   * `selected`: the fields the query asked for (selectedFields); the purposes, systems and
   * recipients tables are read only when a field needing them is among them (all when omitted).
   */
  async toModels(
    ctx: RequestContext,
    categories: DataCategoryEntity[],
    selected?: ReadonlySet<string>,
  ): Promise<DataCategoryModel[]> {
    const wants = (...fields: string[]) => !selected || fields.some((f) => selected.has(f));
    // The reference tables are small (tens of rows): load each once per request, one after the
    // other (inside a transaction all queries share one connection).
    const purposes = wants('purposes') ? await ctx.manager.find(PurposeEntity) : [];
    const systems = wants('systems') ? await ctx.manager.find(StorageSystemEntity) : [];
    const recipients = wants('entrustedTo', 'providedTo')
      ? await ctx.manager.find(RecipientEntity)
      : [];
    const byCode = <T extends { code: string }>(rows: T[]) => new Map(rows.map((r) => [r.code, r]));
    const p = byCode(purposes);
    const s = byCode(systems);
    const r = byCode(recipients);
    const pick = <T, M>(map: Map<string, T>, codes: string[], to: (t: T) => M) =>
      codes.flatMap((c) => (map.has(c) ? [to(map.get(c) as T)] : []));
    return categories.map((c) => ({
      code: c.code,
      name: c.name,
      description: c.description,
      subjectType: c.subjectType,
      ownerDepartment: c.ownerDepartment,
      responsibleManager: c.responsibleManager,
      items: c.items.map((i) => ({ ...i, financialDamageRisk: i.financialDamageRisk ?? false })),
      ...classify(c.items),
      purposes: pick(p, c.purposeCodes, toPurposeModel),
      purposeItems: c.purposeItems ?? [],
      acquisitionMethods: c.acquisitionMethods,
      acquisitionSource: c.acquisitionSource,
      legalBasis: c.legalBasis,
      consentRequired: c.consentRequired,
      disclosureTarget: c.disclosureTarget,
      systems: pick(s, c.systemCodes, toStorageSystemModel),
      approximateRecords: c.approximateRecords,
      retentionPeriod: c.retentionPeriod,
      retentionTrigger: c.retentionTrigger,
      disposalMethod: c.disposalMethod,
      entrustedTo: pick(r, c.entrustedTo, toRecipientModel),
      providedTo: pick(r, c.providedTo, toRecipientModel),
      handlingRoles: c.handlingRoles,
      sensitivity: c.sensitivity,
      accidentSeverity: c.accidentSeverity,
      riskAssessment: c.riskAssessment,
      remarks: c.remarks,
      reviewInterval: c.reviewInterval,
      lastReviewedAt: c.lastReviewedAt,
      reviewDueAt: reviewDueAt(c),
      version: c.version,
      retiredAt: c.retiredAt,
      updatedAt: c.updatedAt,
    }));
  }
}
