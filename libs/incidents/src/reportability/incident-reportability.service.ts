import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import { LedgerAction } from '@daicho/platform';
import type { IncidentRow } from '../incident/incident-row';
import { decideReportability, type Reportability } from './rule7';

/** What an incident's scope comes to, for Rule 7 and for the CPO (counts and codes). */
export interface ScopeSummary {
  persons: number;
  records: number;
  categoryCodes: string[];
  itemKeys: string[];
  specialCare: boolean;
  myNumber: boolean;
  financialDamageRisk: boolean;
  /** Categories in scope that are a client's entrusted data (the company is the contractor). */
  entrustedCategoryCodes: string[];
}

export interface IncidentReportabilityView extends Reportability {
  /**
   * Every affected record is a client's entrusted data: the company's duty is to notify the client
   * promptly, and the client reports (PPC Rule 9; guidelines on contractors).
   */
  clientReports: boolean;
}

/**
 * Reportability (PPC Rule 7) from what the scope holds, decided again on every change of scope or
 * exemption, each decision a ledger entry (codes and counts).
 */
@Injectable()
export class IncidentReportability {
  constructor(private readonly ledger: Ledger) {}

  /** The scope's counts, categories, items and their legal flags, from the catalog's items. */
  async summary(tx: RequestContext, incidentId: string): Promise<ScopeSummary> {
    const [row] = await tx.manager.query<
      {
        persons: number;
        records: number;
        category_codes: string[] | null;
        item_keys: string[] | null;
        special_care: boolean | null;
        my_number: boolean | null;
        financial: boolean | null;
        entrusted: string[] | null;
      }[]
    >(
      `WITH scope AS (SELECT s.subject_id, s.record_id, s.category_code, s.item_keys
                        FROM incident_scope s WHERE s.incident_id = $1),
            items AS (SELECT DISTINCT sc.category_code, k.key FROM scope sc,
                        unnest(sc.item_keys) AS k(key)),
            flags AS (SELECT i.category_code, i.key, (it->>'specialCare')::boolean AS special,
                             (it->>'myNumber')::boolean AS my_number,
                             COALESCE((it->>'financialDamageRisk')::boolean, false) AS financial
                        FROM items i JOIN data_categories c ON c.code = i.category_code
                        CROSS JOIN LATERAL jsonb_array_elements(c.items) it
                       WHERE it->>'key' = i.key)
       SELECT (SELECT count(DISTINCT subject_id)::int FROM scope) AS persons,
              (SELECT count(*)::int FROM scope) AS records,
              (SELECT array_agg(DISTINCT category_code ORDER BY category_code) FROM scope) AS category_codes,
              (SELECT array_agg(DISTINCT key ORDER BY key) FROM items) AS item_keys,
              (SELECT bool_or(special) FROM flags) AS special_care,
              (SELECT bool_or(my_number) FROM flags) AS my_number,
              (SELECT bool_or(financial) FROM flags) AS financial,
              (SELECT array_agg(DISTINCT sc.category_code ORDER BY sc.category_code) FROM scope sc
                 JOIN data_categories c ON c.code = sc.category_code AND NOT c.disclosure_target) AS entrusted`,
      [incidentId],
    );
    return {
      persons: row?.persons ?? 0,
      records: row?.records ?? 0,
      categoryCodes: row?.category_codes ?? [],
      itemKeys: row?.item_keys ?? [],
      specialCare: row?.special_care ?? false,
      myNumber: row?.my_number ?? false,
      financialDamageRisk: row?.financial ?? false,
      entrustedCategoryCodes: row?.entrusted ?? [],
    };
  }

  /** The decision as the scope stands now (no entry: for reading). */
  async current(tx: RequestContext, row: IncidentRow): Promise<IncidentReportabilityView> {
    const scope = await this.summary(tx, row.id);
    return this.of(row, scope);
  }

  /** Decides again and writes the decision as an INCIDENT_REPORTABILITY entry. */
  async decide(tx: RequestContext, row: IncidentRow): Promise<IncidentReportabilityView> {
    const scope = await this.summary(tx, row.id);
    const decided = this.of(row, scope);
    await this.ledger.append(tx, {
      action: LedgerAction.INCIDENT_REPORTABILITY,
      targetType: 'Incident',
      targetId: row.id,
      purposeCode: 'INCIDENT_RESPONSE',
      details: {
        number: row.number,
        reportable: decided.reportable,
        grounds: decided.reasons.map((r) => r.rule),
        exempt: decided.exempt,
        clientReports: decided.clientReports,
        persons: scope.persons,
        records: scope.records,
      },
    });
    return decided;
  }

  private of(row: IncidentRow, scope: ScopeSummary): IncidentReportabilityView {
    const decided = decideReportability({
      persons: scope.persons,
      specialCare: scope.specialCare,
      financialDamageRisk: scope.financialDamageRisk,
      wrongfulPurpose: row.wrongful_purpose,
      encryptionExempt: row.encryption_exempt,
    });
    const clientReports =
      scope.records > 0 && scope.entrustedCategoryCodes.length === scope.categoryCodes.length;
    return { ...decided, clientReports };
  }
}
