import type { LocalizedText } from '@daicho/documents';
import type { AppConfig } from '@daicho/platform';
import type { EntityManager } from 'typeorm';

/** What APPI art. 32(1) has a business make known about its retained personal data. */
export interface PublicNotice {
  operator: { name: LocalizedText; representative: LocalizedText; address: LocalizedText };
  /** Each category of retained personal data with its purposes of use (art. 32(1)(ii)). */
  categories: { code: string; name: LocalizedText; purposes: LocalizedText[] }[];
  /** Requests (art. 32(1)(iii), arts. 32(2)–35): where, how, what it costs. */
  office: { name: LocalizedText; address: LocalizedText; email: string };
  feeYen: number;
  /** The security control measures taken (art. 32(1)(iv); Cabinet Order art. 10(i)). */
  securityMeasures: LocalizedText[];
  /** When the catalog it is made from last changed: the notice is always in step with it. */
  asOf: Date | null;
}

/**
 * The public notice from the catalog and the configuration, read at every request: a category
 * retired or a purpose renamed shows at once. Only categories that are the company's retained
 * personal data (disclosure targets) are listed; a client's entrusted data is the client's to
 * announce.
 */
export async function readPublicNotice(
  manager: EntityManager,
  config: AppConfig,
): Promise<PublicNotice> {
  const categories = await manager.query<
    { code: string; name: LocalizedText; purpose_codes: string[]; system_codes: string[] }[]
  >(
    `SELECT code, name, purpose_codes, system_codes FROM data_categories
      WHERE disclosure_target AND retired_at IS NULL ORDER BY code`,
  );
  const purposes = new Map(
    (
      await manager.query<{ code: string; name: LocalizedText }[]>(
        `SELECT code, name FROM purposes WHERE retired_at IS NULL AND code = ANY($1::text[])`,
        [[...new Set(categories.flatMap((c) => c.purpose_codes))]],
      )
    ).map((p) => [p.code, p.name]),
  );
  const measures = await manager.query<{ security_measures: LocalizedText }[]>(
    `SELECT DISTINCT ON (security_measures->>'ja') security_measures FROM storage_systems
      WHERE retired_at IS NULL AND code = ANY($1::text[]) ORDER BY security_measures->>'ja'`,
    [[...new Set(categories.flatMap((c) => c.system_codes))]],
  );
  const [version] = await manager.query<{ at: Date | null }[]>(
    `SELECT max(changed_at) AS at FROM catalog_versions`,
  );
  return {
    operator: config.businessOperator,
    categories: categories.map((c) => ({
      code: c.code,
      name: c.name,
      purposes: c.purpose_codes.flatMap((code) => {
        const name = purposes.get(code);
        return name ? [name] : [];
      }),
    })),
    office: config.privacyOffice,
    feeYen: config.REQUEST_FEE_YEN,
    securityMeasures: measures.map((m) => m.security_measures),
    asOf: version?.at ?? null,
  };
}
