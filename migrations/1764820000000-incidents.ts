import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: string[]) => values.map((v) => `'${v}'`).join(',');
const KINDS = ['LEAKAGE', 'LOSS', 'DAMAGE'];
const CAUSES = [
  'MISDELIVERY',
  'LOSS_OF_MEDIUM',
  'UNAUTHORIZED_ACCESS',
  'INSIDER_MISUSE',
  'MALWARE',
  'SYSTEM_FAULT',
  'OTHER',
];
const STAGES = ['DETECTED', 'CONTAINED', 'INVESTIGATED', 'CLOSED'];
const SCOPE_SOURCES = ['EXPLICIT', 'HOLDING', 'LEDGER'];
const REPORT_CHANNELS = ['PPC_ONLINE_FORM', 'PPC_EMAIL', 'PPC_MAIL', 'SECTOR_MINISTRY'];
const NOTICE_METHODS = ['EMAIL', 'LETTER', 'PHONE', 'IN_PERSON'];
const COMPLAINT_SUBJECTS = ['HANDLING', 'REQUEST', 'INCIDENT', 'OTHER'];
const COMPLAINT_STATUSES = ['RECEIVED', 'IN_PROGRESS', 'CLOSED'];
const COMPLAINT_ACTIONS = ['CONTACTED', 'INVESTIGATED', 'ANSWERED', 'REFERRED_TO_JIPDEC'];
const COMPLAINT_OUTCOMES = ['RESOLVED', 'EXPLAINED', 'REFERRED', 'WITHDRAWN'];
const ACTION_SOURCES = ['INCIDENT', 'COMPLAINT', 'AUDIT'];

const TABLES = [
  'incident_numbers',
  'incidents',
  'incident_steps',
  'incident_scope',
  'incident_evidence',
  'incident_reports',
  'incident_client_notices',
  'incident_report_drafts',
  'complaint_numbers',
  'complaints',
  'complaint_steps',
  'corrective_actions',
];

/**
 * Incidents, breach reports and complaints (APPI arts. 26, 40; PPC Rules 7–8; policy items 3–4,
 * §8): the incident with its stored report clocks, its steps, its scope (records, persons and
 * items, each with how it came in, and the ledger entries behind a scope taken from the ledger),
 * the reports submitted and the clients notified; complaints with their steps and the JIPDEC
 * referral; corrective actions (JIS Q 15001). Free texts (titles, descriptions, notes, causes)
 * are sealed under a holdings key (a SEALED_FILE key holder in data_subjects, rotated and erasable
 * like a person's), never clear; a complainant's own data is a COMPLAINANT record.
 */
export class Incidents1764820000000 implements MigrationInterface {
  name = 'Incidents1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incident_numbers (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
        last integer NOT NULL CHECK (last >= 1)
      )`);
    await q.query(`
      CREATE TABLE incidents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE CHECK (number ~ '^I-[0-9]{4}-[0-9]{4,}$'),
        kind text NOT NULL CHECK (kind IN (${list(KINDS)})),
        cause text NOT NULL CHECK (cause IN (${list(CAUSES)})),
        wrongful_purpose boolean NOT NULL,
        stage text NOT NULL CHECK (stage IN (${list(STAGES)})),
        discovered_at timestamptz NOT NULL,
        aware_at timestamptz NOT NULL CHECK (aware_at >= discovered_at),
        preliminary_due_on date NOT NULL,
        preliminary_overdue_on date NOT NULL CHECK (preliminary_overdue_on >= preliminary_due_on),
        final_due_on date NOT NULL CHECK (final_due_on >= preliminary_due_on),
        category_codes text[] NOT NULL CHECK (cardinality(category_codes) >= 1),
        system_codes text[] NOT NULL DEFAULT '{}',
        file_id uuid NOT NULL REFERENCES data_subjects (id),
        sealed_title bytea NOT NULL,
        sealed_description bytea NOT NULL,
        encryption_exempt boolean NOT NULL DEFAULT false,
        sealed_exemption_note bytea,
        reported_by text NOT NULL,
        reported_by_role text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        CHECK ((stage = 'CLOSED') = (closed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX incidents_open_idx ON incidents (aware_at DESC, id DESC)`);
    await q.query(`CREATE INDEX incidents_categories_idx ON incidents USING gin (category_codes)`);
    await q.query(`
      CREATE TABLE incident_steps (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES incidents (id),
        stage text NOT NULL CHECK (stage IN (${list(STAGES)})),
        sealed_note bytea NOT NULL,
        acted_at timestamptz NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX incident_steps_incident_idx ON incident_steps (incident_id, recorded_at)`,
    );
    await q.query(`
      CREATE TABLE incident_scope (
        incident_id uuid NOT NULL REFERENCES incidents (id),
        record_id uuid NOT NULL REFERENCES personal_records (id),
        subject_id uuid NOT NULL REFERENCES data_subjects (id),
        category_code text NOT NULL,
        item_keys text[] NOT NULL,
        sources text[] NOT NULL CHECK (cardinality(sources) >= 1 AND sources <@ ARRAY[${list(SCOPE_SOURCES)}]),
        added_by text NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (incident_id, record_id)
      )`);
    await q.query(`CREATE INDEX incident_scope_record_idx ON incident_scope (record_id)`);
    await q.query(`CREATE INDEX incident_scope_subject_idx ON incident_scope (subject_id)`);
    await q.query(`
      CREATE TABLE incident_evidence (
        incident_id uuid NOT NULL REFERENCES incidents (id),
        seq bigint NOT NULL CHECK (seq >= 1),
        PRIMARY KEY (incident_id, seq)
      )`);
    await q.query(`
      CREATE TABLE incident_reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES incidents (id),
        stage text NOT NULL CHECK (stage IN ('PRELIMINARY','FINAL')),
        submitted_on date NOT NULL,
        channel text NOT NULL CHECK (channel IN (${list(REPORT_CHANNELS)})),
        sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (incident_id, stage)
      )`);
    await q.query(`
      CREATE TABLE incident_client_notices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES incidents (id),
        recipient_code text NOT NULL REFERENCES recipients (code),
        notified_at timestamptz NOT NULL,
        method text NOT NULL CHECK (method IN (${list(NOTICE_METHODS)})),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX incident_client_notices_incident_idx ON incident_client_notices (incident_id)`,
    );
    await q.query(`
      CREATE TABLE incident_report_drafts (
        incident_id uuid PRIMARY KEY REFERENCES incidents (id),
        sealed_draft bytea NOT NULL,
        edited_by text NOT NULL,
        edited_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`
      CREATE TABLE complaint_numbers (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
        last integer NOT NULL CHECK (last >= 1)
      )`);
    await q.query(`
      CREATE TABLE complaints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE CHECK (number ~ '^C-[0-9]{4}-[0-9]{4,}$'),
        received_at timestamptz NOT NULL,
        channel text NOT NULL CHECK (channel IN ('MAIL','IN_PERSON','EMAIL','PHONE')),
        subject text NOT NULL CHECK (subject IN (${list(COMPLAINT_SUBJECTS)})),
        status text NOT NULL CHECK (status IN (${list(COMPLAINT_STATUSES)})),
        target_on date NOT NULL,
        complainant_subject_id uuid NOT NULL REFERENCES data_subjects (id),
        complainant_record_id uuid NOT NULL REFERENCES personal_records (id),
        incident_id uuid REFERENCES incidents (id),
        referred_to_jipdec_on date,
        outcome text CHECK (outcome IN (${list(COMPLAINT_OUTCOMES)})),
        sealed_outcome_note bytea,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL)),
        CHECK ((status = 'CLOSED') = (outcome IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX complaints_target_idx ON complaints (target_on, id) WHERE status <> 'CLOSED'`,
    );
    await q.query(`
      CREATE TABLE complaint_steps (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        complaint_id uuid NOT NULL REFERENCES complaints (id),
        action text NOT NULL CHECK (action IN (${list(COMPLAINT_ACTIONS)})),
        acted_on date NOT NULL,
        sealed_note bytea,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX complaint_steps_complaint_idx ON complaint_steps (complaint_id, recorded_at)`,
    );
    await q.query(`
      CREATE TABLE corrective_actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source_type text NOT NULL CHECK (source_type IN (${list(ACTION_SOURCES)})),
        incident_id uuid REFERENCES incidents (id),
        complaint_id uuid REFERENCES complaints (id),
        file_id uuid NOT NULL REFERENCES data_subjects (id),
        sealed_cause bytea NOT NULL,
        sealed_action bytea NOT NULL,
        owner_id uuid NOT NULL REFERENCES users (id),
        due_on date NOT NULL,
        done_on date,
        effective boolean,
        effectiveness_checked_on date,
        sealed_effectiveness_note bytea,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CHECK ((source_type = 'INCIDENT') = (incident_id IS NOT NULL)),
        CHECK ((source_type = 'COMPLAINT') = (complaint_id IS NOT NULL)),
        CHECK (effectiveness_checked_on IS NULL OR done_on IS NOT NULL),
        CHECK ((effective IS NULL) = (effectiveness_checked_on IS NULL))
      )`);
    await q.query(
      `CREATE INDEX corrective_actions_due_idx ON corrective_actions (due_on, id) WHERE effectiveness_checked_on IS NULL`,
    );
    for (const table of TABLES) await q.query(`ALTER TABLE ${table} OWNER TO daicho_owner`);
    // What was found, scoped, reported, notified and done is evidence: written once.
    await q.query(`GRANT SELECT, INSERT ON incident_steps, incident_scope, incident_evidence,
                     incident_reports, incident_client_notices, complaint_steps TO daicho_app`);
    await q.query(`GRANT SELECT, INSERT ON incident_numbers, incidents, incident_report_drafts,
                     complaint_numbers, complaints, corrective_actions TO daicho_app`);
    // What a later step may change, column by column.
    await q.query(`GRANT UPDATE (stage, closed_at, encryption_exempt, sealed_exemption_note,
                     updated_at, version) ON incidents TO daicho_app`);
    await q.query(`GRANT UPDATE (sources, item_keys) ON incident_scope TO daicho_app`);
    await q.query(`GRANT UPDATE (last) ON incident_numbers, complaint_numbers TO daicho_app`);
    await q.query(`GRANT UPDATE (sealed_draft, edited_by, edited_at, version)
                     ON incident_report_drafts TO daicho_app`);
    await q.query(`GRANT UPDATE (status, referred_to_jipdec_on, outcome, sealed_outcome_note,
                     updated_at, closed_at, version) ON complaints TO daicho_app`);
    await q.query(`GRANT UPDATE (done_on, effective, effectiveness_checked_on,
                     sealed_effectiveness_note, updated_at, version)
                     ON corrective_actions TO daicho_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${[...TABLES].reverse().join(', ')}`);
  }
}
