import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = [
  'purposes',
  'storage_systems',
  'recipients',
  'data_categories',
  'catalog_versions',
  'category_change_proposals',
];

/**
 * The personal information management ledger (個人情報管理台帳): categories of personal
 * data with their purposes, systems and recipients. Bilingual texts are jsonb {ja, en}. Nothing
 * is deleted: entries are retired, and every version is kept in catalog_versions.
 */
export class Inventory1764300000000 implements MigrationInterface {
  name = 'Inventory1764300000000';

  async up(q: QueryRunner): Promise<void> {
    const localized = (column: string, nullable = false) =>
      `${column} jsonb ${nullable ? '' : 'NOT NULL'} CHECK (${column} IS NULL OR (jsonb_typeof(${column}->'ja') = 'string' AND jsonb_typeof(${column}->'en') = 'string'))`;
    const common = `
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        retired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL`;
    await q.query(`
      CREATE TABLE purposes (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,63}$'),
        ${localized('name')},
        ${localized('description')},
        policy_clause text NOT NULL CHECK (length(policy_clause) BETWEEN 1 AND 100),
        ${common}
      )`);
    await q.query(`
      CREATE TABLE storage_systems (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,63}$'),
        ${localized('name')},
        ${localized('location')},
        medium text NOT NULL CHECK (medium IN ('ELECTRONIC','PAPER')),
        ${localized('security_measures')},
        ${common}
      )`);
    await q.query(`
      CREATE TABLE recipients (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,63}$'),
        ${localized('name')},
        kind text NOT NULL CHECK (kind IN ('CONTRACTOR','THIRD_PARTY')),
        ${localized('recipient_type')},
        country text NOT NULL DEFAULT 'JP' CHECK (country ~ '^[A-Z]{2}$'),
        ${localized('provision_rule')},
        ${common}
      )`);
    await q.query(`
      CREATE TABLE data_categories (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,63}$'),
        ${localized('name')},
        ${localized('description')},
        subject_type text NOT NULL,
        ${localized('owner_department')},
        ${localized('responsible_manager')},
        items jsonb NOT NULL CHECK (jsonb_typeof(items) = 'array' AND jsonb_array_length(items) >= 1),
        purpose_codes text[] NOT NULL CHECK (cardinality(purpose_codes) >= 1),
        acquisition_methods text[] NOT NULL CHECK (cardinality(acquisition_methods) >= 1),
        ${localized('acquisition_source')},
        ${localized('legal_basis')},
        consent_required boolean NOT NULL,
        disclosure_target boolean NOT NULL,
        system_codes text[] NOT NULL DEFAULT '{}',
        approximate_records integer NOT NULL CHECK (approximate_records >= 0),
        retention_period text NOT NULL,
        retention_trigger text NOT NULL,
        ${localized('disposal_method')},
        entrusted_to text[] NOT NULL DEFAULT '{}',
        provided_to text[] NOT NULL DEFAULT '{}',
        handling_roles text[] NOT NULL,
        sensitivity text NOT NULL CHECK (sensitivity IN ('LOW','MEDIUM','HIGH')),
        accident_severity text NOT NULL CHECK (accident_severity IN ('LOW','MEDIUM','HIGH')),
        risk_assessment jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(risk_assessment) = 'array'),
        ${localized('remarks', true)},
        review_interval text NOT NULL DEFAULT 'P1Y',
        last_reviewed_at timestamptz,
        ${common}
      )`);
    for (const column of ['purpose_codes', 'system_codes', 'entrusted_to', 'provided_to']) {
      await q.query(
        `CREATE INDEX data_categories_${column}_idx ON data_categories USING gin (${column})`,
      );
    }

    // Every version of every catalog entry: who changed what, when; the first is its creation.
    await q.query(`
      CREATE TABLE catalog_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        entity_type text NOT NULL CHECK (entity_type IN ('DataCategory','Purpose','StorageSystem','Recipient')),
        code text NOT NULL,
        version integer NOT NULL,
        snapshot jsonb NOT NULL,
        changed_fields text[] NOT NULL,
        change text NOT NULL CHECK (change IN ('CREATED','UPDATED','RETIRED','REINSTATED','REVIEWED')),
        note text CHECK (length(note) <= 2000),
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (entity_type, code, version)
      )`);

    await q.query(`
      CREATE TABLE category_change_proposals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        category_code text NOT NULL REFERENCES data_categories (code),
        base_version integer NOT NULL,
        changes jsonb NOT NULL CHECK (jsonb_typeof(changes) = 'object'),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','APPROVED','REJECTED')),
        proposed_by text NOT NULL,
        proposed_at timestamptz NOT NULL DEFAULT now(),
        decided_by text,
        decided_at timestamptz,
        decision_note text CHECK (length(decision_note) <= 2000)
      )`);
    await q.query(`CREATE INDEX category_change_proposals_status_idx
                     ON category_change_proposals (status, proposed_at)`);

    for (const table of TABLES) await q.query(`ALTER TABLE ${table} OWNER TO daicho_owner`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON purposes, storage_systems, recipients,
                     data_categories, category_change_proposals TO daicho_app`);
    // History is append-only for the application too.
    await q.query(`GRANT SELECT, INSERT ON catalog_versions TO daicho_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${[...TABLES].reverse().join(', ')}`);
  }
}
