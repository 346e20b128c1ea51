import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = [
  'PURPOSE_NOTICE',
  'DISCLOSURE',
  'PROVISION_RECORDS',
  'CORRECTION',
  'SUSPENSION_OR_ERASURE',
  'STOP_PROVISION',
];
const STATUSES = ['RECEIVED', 'INCOMPLETE', 'IN_PROGRESS', 'DECIDED', 'RESPONDED', 'CLOSED'];
const MISSING = ['IDENTITY_DOCUMENT', 'AGENCY_DOCUMENT', 'FEE'];
const GROUNDS = [
  'IDENTITY_NOT_CONFIRMED',
  'AGENCY_NOT_CONFIRMED',
  'DEFECTIVE_DOCUMENTS',
  'NOT_DISCLOSURE_TARGET',
  'HARM_TO_PERSON_OR_THIRD_PARTY',
  'SERIOUS_BUSINESS_IMPEDIMENT',
  'VIOLATES_LAWS',
];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(',');

const TABLES = [
  'data_subject_requests',
  'request_numbers',
  'request_pauses',
  'request_identity_checks',
  'request_fee_payments',
  'request_subjects',
  'request_referrals',
  'request_decisions',
  'request_executions',
  'request_responses',
  'subject_legal_holds',
];

/**
 * Requests from the person (APPI arts. 32–39): the request with its three stored dates (handling
 * start, internal target, the art. 39 marker), pauses while the company waits for the requester,
 * identity and agency checks, fees, the persons matched, referrals of entrusted data to the
 * client, the decision, the execution and the reply. The requester's own name, address and words
 * are a personal record of the REQUESTER category (sealed in holdings), never columns here.
 * Holdings gains the marks a request leaves on a person: use suspended, provision stopped, and
 * legal holds that keep the retention sweeper away while a request is open.
 */
export class Requests1764800000000 implements MigrationInterface {
  name = 'Requests1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE data_subjects ADD COLUMN use_suspended_at timestamptz,
                     ADD COLUMN provision_stopped_at timestamptz`);
    await q.query(`
      CREATE TABLE subject_legal_holds (
        subject_id uuid NOT NULL REFERENCES data_subjects (id),
        held_for uuid NOT NULL,
        placed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subject_id, held_for)
      )`);
    await q.query(`CREATE INDEX subject_legal_holds_for_idx ON subject_legal_holds (held_for)`);
    await q.query(`
      CREATE TABLE request_numbers (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
        last integer NOT NULL CHECK (last >= 1)
      )`);
    await q.query(`
      CREATE TABLE data_subject_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE CHECK (number ~ '^R-[0-9]{4}-[0-9]{4,}$'),
        kind text NOT NULL CHECK (kind IN (${list(KINDS)})),
        status text NOT NULL CHECK (status IN (${list(STATUSES)})),
        channel text NOT NULL CHECK (channel IN ('MAIL','IN_PERSON','EMAIL')),
        received_at timestamptz NOT NULL,
        handling_starts_on date NOT NULL,
        due_on date NOT NULL CHECK (due_on >= handling_starts_on),
        art39_on date NOT NULL,
        paused_on date,
        missing text[] NOT NULL DEFAULT '{}' CHECK (missing <@ ARRAY[${list(MISSING)}]),
        disclosure_method text CHECK (disclosure_method IN ('WRITTEN','ELECTRONIC')),
        agent_kind text CHECK (agent_kind IN ('MINOR_STATUTORY','ADULT_WARD_GUARDIAN','ATTORNEY')),
        requester_subject_id uuid NOT NULL REFERENCES data_subjects (id),
        requester_record_id uuid NOT NULL REFERENCES personal_records (id),
        fee_required boolean NOT NULL,
        fee_amount integer NOT NULL CHECK (fee_amount >= 0 AND (fee_required OR fee_amount = 0)),
        fee_paid integer NOT NULL DEFAULT 0 CHECK (fee_paid >= 0),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        CHECK ((status = 'INCOMPLETE') = (paused_on IS NOT NULL)),
        CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL)),
        CHECK ((kind = 'DISCLOSURE') = (disclosure_method IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX data_subject_requests_due_idx ON data_subject_requests (due_on, id) WHERE status <> 'CLOSED'`,
    );
    await q.query(
      `CREATE INDEX data_subject_requests_received_idx ON data_subject_requests (received_at DESC, id DESC)`,
    );
    await q.query(`
      CREATE TABLE request_pauses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES data_subject_requests (id),
        missing text[] NOT NULL CHECK (cardinality(missing) >= 1 AND missing <@ ARRAY[${list(MISSING)}]),
        paused_on date NOT NULL,
        resumed_on date CHECK (resumed_on >= paused_on),
        business_days integer CHECK (business_days >= 0),
        CHECK ((resumed_on IS NULL) = (business_days IS NULL))
      )`);
    await q.query(`CREATE INDEX request_pauses_request_idx ON request_pauses (request_id)`);
    await q.query(`
      CREATE TABLE request_identity_checks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES data_subject_requests (id),
        subject text NOT NULL CHECK (subject IN ('REQUESTER','AGENT')),
        document_type text NOT NULL CHECK (document_type IN
          ('DRIVERS_LICENSE','PASSPORT','BASIC_RESIDENT_CARD','HEALTH_INSURANCE_CARD','OTHER_OFFICIAL')),
        domicile_blacked_out boolean NOT NULL,
        authority_document text CHECK (authority_document IN ('POWER_OF_ATTORNEY','FAMILY_REGISTER',
          'RESIDENT_REGISTER_WITH_RELATIONSHIP','GUARDIANSHIP_CERTIFICATE','OTHER_OFFICIAL_AUTHORITY')),
        result text NOT NULL CHECK (result IN ('CONFIRMED','NOT_CONFIRMED')),
        sealed_note bytea,
        checked_by text NOT NULL,
        checked_at timestamptz NOT NULL DEFAULT now(),
        CHECK (subject = 'AGENT' OR authority_document IS NULL)
      )`);
    await q.query(
      `CREATE INDEX request_identity_checks_request_idx ON request_identity_checks (request_id, checked_at)`,
    );
    await q.query(`
      CREATE TABLE request_fee_payments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES data_subject_requests (id),
        amount integer NOT NULL CHECK (amount BETWEEN 1 AND 1000000),
        method text NOT NULL CHECK (method IN ('POSTAL_MONEY_ORDER')),
        received_on date NOT NULL,
        reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 100),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX request_fee_payments_request_idx ON request_fee_payments (request_id)`,
    );
    await q.query(`
      CREATE TABLE request_subjects (
        request_id uuid NOT NULL REFERENCES data_subject_requests (id),
        subject_id uuid NOT NULL REFERENCES data_subjects (id),
        matched_by text NOT NULL,
        matched_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (request_id, subject_id)
      )`);
    await q.query(`CREATE INDEX request_subjects_subject_idx ON request_subjects (subject_id)`);
    await q.query(`
      CREATE TABLE request_referrals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES data_subject_requests (id),
        recipient_code text NOT NULL REFERENCES recipients (code),
        sent_on date NOT NULL,
        referred_by text NOT NULL,
        instruction_received_on date CHECK (instruction_received_on >= sent_on),
        sealed_instruction bytea,
        instruction_recorded_by text,
        CHECK ((instruction_received_on IS NULL) = (sealed_instruction IS NULL))
      )`);
    await q.query(`CREATE INDEX request_referrals_request_idx ON request_referrals (request_id)`);
    await q.query(`
      CREATE TABLE request_decisions (
        request_id uuid PRIMARY KEY REFERENCES data_subject_requests (id),
        outcome text NOT NULL CHECK (outcome IN ('COMPLY','PARTIAL','REFUSE')),
        grounds text[] NOT NULL CHECK (grounds <@ ARRAY[${list(GROUNDS)}]),
        exemption text CHECK (exemption IN ('THREAT_TO_LIFE_BODY_PROPERTY','ENCOURAGE_ILLEGAL_ACTS',
          'NATIONAL_SECURITY','CRIME_PREVENTION')),
        sealed_note bytea,
        decided_by text NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((outcome = 'COMPLY') = (cardinality(grounds) = 0))
      )`);
    await q.query(`
      CREATE TABLE request_executions (
        request_id uuid PRIMARY KEY REFERENCES data_subject_requests (id),
        summary jsonb NOT NULL,
        executed_by text NOT NULL,
        executed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE request_responses (
        request_id uuid PRIMARY KEY REFERENCES data_subject_requests (id),
        sent_on date NOT NULL,
        method text NOT NULL CHECK (method IN ('SEALED_LETTER','ELECTRONIC')),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const table of TABLES) await q.query(`ALTER TABLE ${table} OWNER TO daicho_owner`);
    // What was checked, paid, matched, decided, done and sent is evidence: written once.
    await q.query(`GRANT SELECT, INSERT ON request_identity_checks, request_fee_payments,
                     request_subjects, request_decisions, request_executions, request_responses
                     TO daicho_app`);
    await q.query(`GRANT SELECT, INSERT ON data_subject_requests, request_numbers, request_pauses,
                     request_referrals TO daicho_app`);
    // What a later step may change, column by column: the request's progress, the year's
    // counter, a pause's end, a referral's answer. Arrival, kind, dates of arrival and parties stay.
    await q.query(`GRANT UPDATE (status, due_on, paused_on, missing, fee_paid, closed_at, version,
                     updated_at) ON data_subject_requests TO daicho_app`);
    await q.query(`GRANT UPDATE (last) ON request_numbers TO daicho_app`);
    await q.query(`GRANT UPDATE (resumed_on, business_days) ON request_pauses TO daicho_app`);
    await q.query(`GRANT UPDATE (instruction_received_on, sealed_instruction,
                     instruction_recorded_by) ON request_referrals TO daicho_app`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON subject_legal_holds TO daicho_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${[...TABLES].reverse().join(', ')}`);
    await q.query(`ALTER TABLE data_subjects DROP COLUMN use_suspended_at,
                     DROP COLUMN provision_stopped_at`);
  }
}
