import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = [
  'parties',
  'provision_rules',
  'consents',
  'provisions',
  'hand_offs',
  'provision_subjects',
  'provision_approvals',
  'receipts',
  'entrustment_contracts',
  'supervision_reviews',
  'entrustments',
  'entrustment_subjects',
];

/** Ways data leaves: provision to a third party (art. 27(1) routes) or not provision (27(5)). */
const ROUTES = [
  'CONSENT',
  'LAWS',
  'LIFE_BODY_PROPERTY',
  'PUBLIC_HEALTH_CHILDREN',
  'STATE_COOPERATION',
  'BUSINESS_SUCCESSION',
  'JOINT_USE',
];
const METHODS = ['HAND_DELIVERY', 'POST', 'EMAIL', 'SYSTEM_TRANSFER'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(',');

/**
 * Provisions: third parties and contractors, the rules under which data may go to them,
 * consents, the art. 29 provision records with their hand-offs, art. 30 receipts, entrustment
 * contracts with supervision reviews and the entrustments made under them. Records of what was
 * handed over are never changed: the runtime role may only INSERT and SELECT them (a correction is
 * a new record referencing the old); consents and contracts may only have their end recorded.
 */
export class Provisions1764500000000 implements MigrationInterface {
  name = 'Provisions1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE parties (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('THIRD_PARTY','CONTRACTOR')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        address text NOT NULL CHECK (length(address) BETWEEN 1 AND 500),
        representative text NOT NULL CHECK (length(representative) BETWEEN 1 AND 200),
        country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        abroad boolean GENERATED ALWAYS AS (country <> 'JP') STORED,
        party_type text NOT NULL CHECK (length(party_type) BETWEEN 1 AND 200),
        recipient_code text REFERENCES recipients (code),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE provision_rules (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,63}$'),
        name jsonb NOT NULL,
        recipient_code text NOT NULL REFERENCES recipients (code),
        category_codes text[] NOT NULL CHECK (cardinality(category_codes) >= 1),
        items text[] NOT NULL CHECK (cardinality(items) >= 1),
        methods text[] NOT NULL CHECK (cardinality(methods) >= 1 AND methods <@ ARRAY[${list(METHODS)}]),
        route text NOT NULL CHECK (route IN (${list(ROUTES)})),
        purpose_at_recipient jsonb NOT NULL,
        record_retention_years integer NOT NULL DEFAULT 3 CHECK (record_retention_years BETWEEN 1 AND 10),
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE consents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_id uuid NOT NULL REFERENCES data_subjects (id),
        rule_code text NOT NULL REFERENCES provision_rules (code),
        given_at timestamptz NOT NULL,
        evidence text NOT NULL CHECK (length(evidence) BETWEEN 1 AND 500),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        withdrawn_at timestamptz,
        withdrawal_recorded_by text,
        CHECK (withdrawn_at IS NULL OR withdrawn_at >= given_at),
        CHECK ((withdrawn_at IS NULL) = (withdrawal_recorded_by IS NULL))
      )`);
    await q.query(`CREATE INDEX consents_subject_idx ON consents (subject_id, rule_code)`);
    await q.query(`
      CREATE TABLE provisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        rule_code text NOT NULL REFERENCES provision_rules (code),
        party_id uuid NOT NULL REFERENCES parties (id),
        route text NOT NULL CHECK (route IN (${list(ROUTES)})),
        art29_required boolean NOT NULL,
        recipient jsonb NOT NULL,
        category_codes text[] NOT NULL,
        items text[] NOT NULL CHECK (cardinality(items) >= 1),
        purpose_at_recipient text NOT NULL CHECK (length(purpose_at_recipient) BETWEEN 1 AND 500),
        collective boolean NOT NULL DEFAULT false,
        corrects_id uuid REFERENCES provisions (id),
        correction_note text CHECK (length(correction_note) <= 2000),
        retain_until date NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((corrects_id IS NULL) = (correction_note IS NULL))
      )`);
    await q.query(`
      CREATE TABLE hand_offs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provision_id uuid NOT NULL REFERENCES provisions (id),
        handed_on date NOT NULL,
        method text NOT NULL CHECK (method IN (${list(METHODS)})),
        person_in_charge text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX hand_offs_provision_idx ON hand_offs (provision_id, handed_on)`);
    await q.query(`
      CREATE TABLE provision_subjects (
        hand_off_id uuid NOT NULL REFERENCES hand_offs (id),
        subject_id uuid NOT NULL REFERENCES data_subjects (id),
        category_code text NOT NULL,
        consent_id uuid REFERENCES consents (id),
        PRIMARY KEY (hand_off_id, subject_id)
      )`);
    await q.query(`CREATE INDEX provision_subjects_subject_idx ON provision_subjects (subject_id)`);
    await q.query(`
      CREATE TABLE provision_approvals (
        provision_id uuid PRIMARY KEY REFERENCES provisions (id),
        decision text NOT NULL CHECK (decision IN ('APPROVED','REJECTED')),
        note text NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
        decided_by text NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE receipts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source_name text NOT NULL CHECK (length(source_name) BETWEEN 1 AND 200),
        source_address text NOT NULL CHECK (length(source_address) BETWEEN 1 AND 500),
        source_representative text NOT NULL CHECK (length(source_representative) BETWEEN 1 AND 200),
        how_obtained text NOT NULL CHECK (length(how_obtained) BETWEEN 1 AND 1000),
        received_on date NOT NULL,
        category_codes text[] NOT NULL CHECK (cardinality(category_codes) >= 1),
        subject_ids uuid[] NOT NULL DEFAULT '{}',
        confirmed_by text NOT NULL,
        retain_until date NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE entrustment_contracts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contractor_id uuid NOT NULL REFERENCES parties (id),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        scope jsonb NOT NULL,
        confidentiality_clause text NOT NULL CHECK (length(confidentiality_clause) BETWEEN 1 AND 2000),
        security_clause text NOT NULL CHECK (length(security_clause) BETWEEN 1 AND 2000),
        starts_on date NOT NULL,
        ends_on date NOT NULL CHECK (ends_on >= starts_on),
        end_handling text NOT NULL CHECK (end_handling IN ('RETURN','DELETION')),
        review_interval_months integer NOT NULL DEFAULT 12 CHECK (review_interval_months BETWEEN 1 AND 36),
        ended_on date,
        end_confirmation text CHECK (length(end_confirmation) <= 2000),
        ended_by text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((ended_on IS NULL) = (end_confirmation IS NULL) AND (ended_on IS NULL) = (ended_by IS NULL))
      )`);
    await q.query(`
      CREATE TABLE supervision_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contract_id uuid NOT NULL REFERENCES entrustment_contracts (id),
        reviewed_on date NOT NULL,
        reviewer text NOT NULL CHECK (length(reviewer) BETWEEN 1 AND 200),
        result text NOT NULL CHECK (result IN ('SATISFACTORY','IMPROVEMENT_REQUIRED','UNSATISFACTORY')),
        findings text NOT NULL CHECK (length(findings) BETWEEN 1 AND 2000),
        next_due_on date NOT NULL CHECK (next_due_on > reviewed_on),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX supervision_reviews_contract_idx ON supervision_reviews (contract_id, reviewed_on)`,
    );
    await q.query(`
      CREATE TABLE entrustments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contract_id uuid NOT NULL REFERENCES entrustment_contracts (id),
        category_code text NOT NULL REFERENCES data_categories (code),
        items text[] NOT NULL CHECK (cardinality(items) >= 1),
        handed_on date NOT NULL,
        method text NOT NULL CHECK (method IN (${list(METHODS)})),
        person_in_charge text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE entrustment_subjects (
        entrustment_id uuid NOT NULL REFERENCES entrustments (id),
        subject_id uuid NOT NULL REFERENCES data_subjects (id),
        PRIMARY KEY (entrustment_id, subject_id)
      )`);
    for (const table of TABLES) await q.query(`ALTER TABLE ${table} OWNER TO daicho_owner`);
    // What was handed over, received or decided is evidence: written once, never changed.
    await q.query(`GRANT SELECT, INSERT ON provisions, hand_offs, provision_subjects,
                     provision_approvals, receipts, supervision_reviews, entrustments,
                     entrustment_subjects TO daicho_app`);
    await q.query(`GRANT SELECT, INSERT ON parties, provision_rules TO daicho_app`);
    // Only the end may be recorded later: a consent's withdrawal, a contract's end.
    await q.query(`GRANT SELECT, INSERT ON consents, entrustment_contracts TO daicho_app`);
    await q.query(`GRANT UPDATE (withdrawn_at, withdrawal_recorded_by) ON consents TO daicho_app`);
    await q.query(
      `GRANT UPDATE (ended_on, end_confirmation, ended_by) ON entrustment_contracts TO daicho_app`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${[...TABLES].reverse().join(', ')}`);
  }
}
