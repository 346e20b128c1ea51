import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import { DomainEventType, LedgerAction, Outbox } from '@daicho/platform';
import { Rule7Basis } from '../incident-enums';
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
  /** Persons whose affected items include a My Number item (the My Number Act counts these). */
  myNumberPersons: number;
  financialDamageRisk: boolean;
  /** Categories in scope that are a client's entrusted data (the company is the contractor). */
  entrustedCategoryCodes: string[];
}

type DeclaredFlags = Pick<ScopeSummary, 'specialCare' | 'myNumber' | 'financialDamageRisk'>;

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
  constructor(
    private readonly ledger: Ledger,
    private readonly outbox: Outbox,
  ) {}

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
        my_number_persons: number | null;
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
              (SELECT count(DISTINCT sc.subject_id)::int FROM scope sc JOIN flags f
                  ON f.category_code = sc.category_code AND f.key = ANY(sc.item_keys) AND f.my_number
              ) AS my_number_persons,
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
      myNumberPersons: row?.my_number_persons ?? 0,
      financialDamageRisk: row?.financial ?? false,
      entrustedCategoryCodes: row?.entrusted ?? [],
    };
  }

  /** The decision as the scope stands now (no entry: for reading). */
  async current(tx: RequestContext, row: IncidentRow): Promise<IncidentReportabilityView> {
    const scope = await this.summary(tx, row.id);
    return this.of(row, scope, await this.declared(tx, row));
  }

  /** The legal flags of the items of the categories the incident concerns (for "may have"). */
  private async declared(tx: RequestContext, row: IncidentRow): Promise<DeclaredFlags> {
    const [flags] = await tx.manager.query<
      { special: boolean | null; my_number: boolean | null; financial: boolean | null }[]
    >(
      `SELECT bool_or((it->>'specialCare')::boolean) AS special,
              bool_or((it->>'myNumber')::boolean) AS my_number,
              bool_or(COALESCE((it->>'financialDamageRisk')::boolean, false)) AS financial
         FROM data_categories c CROSS JOIN LATERAL jsonb_array_elements(c.items) it
        WHERE c.code = ANY($1::text[])`,
      [row.category_codes],
    );
    return {
      specialCare: flags?.special ?? false,
      myNumber: flags?.my_number ?? false,
      financialDamageRisk: flags?.financial ?? false,
    };
  }

  /** Decides again and writes the decision as an INCIDENT_REPORTABILITY entry. */
  async decide(tx: RequestContext, row: IncidentRow): Promise<IncidentReportabilityView> {
    const scope = await this.summary(tx, row.id);
    const decided = this.of(row, scope, await this.declared(tx, row));
    await this.ledger.append(tx, {
      action: LedgerAction.INCIDENT_REPORTABILITY,
      targetType: 'Incident',
      targetId: row.id,
      purposeCode: 'INCIDENT_RESPONSE',
      details: {
        number: row.number,
        basis: decided.basis,
        reportable: decided.reportable,
        grounds: decided.reasons.map((r) => r.rule),
        exempt: decided.exempt,
        clientReports: decided.clientReports,
        persons: scope.persons,
        records: scope.records,
      },
    });
    if (decided.reportable) await this.firstReportable(tx, row, decided);
    return decided;
  }

  /**
   * Tells integrations once, the first time the incident is judged reportable to the PPC (APPI
   * art. 26: the preliminary report's clock matters to them); later re-assessments stay quiet.
   */
  private async firstReportable(
    tx: RequestContext,
    row: IncidentRow,
    decided: IncidentReportabilityView,
  ): Promise<void> {
    const marked = await tx.manager.query<unknown[]>(
      `INSERT INTO incident_reportable_marks (incident_id) VALUES ($1)
       ON CONFLICT (incident_id) DO NOTHING RETURNING incident_id`,
      [row.id],
    );
    if (marked.length === 0) return;
    await this.outbox.publish(tx.manager, DomainEventType.INCIDENT_REPORTABLE, {
      incidentId: row.id,
      number: row.number,
      basis: decided.basis,
      grounds: decided.reasons.map((r) => r.rule),
      preliminaryDueOn: row.preliminary_due_on,
      finalDueOn: row.final_due_on,
    });
  }

  private of(
    row: IncidentRow,
    scope: ScopeSummary,
    declared: DeclaredFlags,
  ): IncidentReportabilityView {
    // The scope decides once there is one; before, what the declared categories hold "may have"
    // been involved, unless the CPO found that no personal data was.
    const basis =
      scope.records > 0
        ? Rule7Basis.SCOPE
        : row.no_personal_data_found_on
          ? Rule7Basis.NO_PERSONAL_DATA
          : Rule7Basis.DECLARED_CATEGORIES;
    const flags = basis === Rule7Basis.DECLARED_CATEGORIES ? declared : scope;
    const decided = decideReportability({
      basis,
      persons: scope.persons,
      specialCare: flags.specialCare,
      financialDamageRisk: flags.financialDamageRisk,
      myNumber: flags.myNumber,
      myNumberPersons: scope.myNumberPersons,
      wrongfulPurpose: row.wrongful_purpose,
      encryptionExempt: row.encryption_exempt,
    });
    const clientReports =
      scope.records > 0 && scope.entrustedCategoryCodes.length === scope.categoryCodes.length;
    return { ...decided, clientReports };
  }
}
