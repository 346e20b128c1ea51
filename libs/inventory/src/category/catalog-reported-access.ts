import { Injectable } from '@nestjs/common';
import {
  ReportedAccessCatalog,
  type ReportedAccess,
  type ReportedAccessMisfit,
} from '@daicho/ledger';
import type { EntityManager } from 'typeorm';

/** The catalog's answer to "do these reported accesses name our categories, purposes and items?" */
@Injectable()
export class CatalogReportedAccess extends ReportedAccessCatalog {
  async firstMisfit(
    manager: EntityManager,
    accesses: readonly ReportedAccess[],
  ): Promise<ReportedAccessMisfit | null> {
    const codes = [...new Set(accesses.map((a) => a.categoryCode))];
    const rows = await manager.query<
      { code: string; purpose_codes: string[]; items: { key: string }[]; retired: boolean }[]
    >(
      `SELECT code, purpose_codes, items, retired_at IS NOT NULL AS retired
         FROM data_categories WHERE code = ANY($1::text[])`,
      [codes],
    );
    const categories = new Map(rows.map((r) => [r.code, r]));
    for (const [index, access] of accesses.entries()) {
      const category = categories.get(access.categoryCode);
      if (!category || category.retired) {
        return {
          index,
          field: 'categoryCode',
          message: `${access.categoryCode} is not an active category of the catalog`,
        };
      }
      if (!category.purpose_codes.includes(access.purposeCode)) {
        return {
          index,
          field: 'purposeCode',
          message: `${access.purposeCode} is not a purpose of ${access.categoryCode}`,
        };
      }
      const items = new Set(category.items.map((i) => i.key));
      const unknown = access.fields.find((f) => !items.has(f));
      if (unknown) {
        return {
          index,
          field: 'fields',
          message: `${unknown} is not an item of ${access.categoryCode}`,
        };
      }
    }
    return null;
  }
}
