import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['data_subjects', 'subject_blind_indexes', 'personal_records', 'record_binaries'];

/**
 * Holdings: data subjects and their personal records, encrypted. A record's values are
 * sealed (AES-256-GCM) under a key of its own, wrapped by the subject's data key, itself wrapped by
 * a master key kept outside the database; lookups use keyed blind indexes. Disposing of a record
 * destroys its key; erasing a subject destroys the subject's key (crypto-shredding): the rows stay
 * as tombstones, the values become unreadable, also in backups.
 */
export class Holdings1764400000000 implements MigrationInterface {
  name = 'Holdings1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE data_subjects (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        master_key_id text,
        wrapped_key bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        erased_at timestamptz,
        CHECK ((erased_at IS NULL) = (wrapped_key IS NOT NULL AND master_key_id IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE subject_blind_indexes (
        subject_id uuid NOT NULL REFERENCES data_subjects (id),
        kind text NOT NULL CHECK (kind IN ('EMAIL','PHONE','NAME')),
        digest bytea NOT NULL CHECK (length(digest) = 32),
        PRIMARY KEY (kind, digest, subject_id)
      )`);
    await q.query(`
      CREATE TABLE personal_records (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_id uuid NOT NULL REFERENCES data_subjects (id),
        category_code text NOT NULL REFERENCES data_categories (code),
        wrapped_record_key bytea,
        sealed_values bytea,
        item_keys text[] NOT NULL,
        collected_at timestamptz NOT NULL,
        source text NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
        consent_ref text CHECK (length(consent_ref) <= 200),
        retention_event_at timestamptz,
        retention_due_at timestamptz,
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE','DISPOSED')),
        disposed_at timestamptz,
        disposal_reason text CHECK (length(disposal_reason) <= 2000),
        version integer NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'DISPOSED') = (sealed_values IS NULL)),
        CHECK ((status = 'DISPOSED') = (wrapped_record_key IS NULL))
      )`);
    await q.query(
      `CREATE INDEX personal_records_category_idx ON personal_records (category_code, created_at, id)`,
    );
    await q.query(`CREATE INDEX personal_records_subject_idx ON personal_records (subject_id)`);
    await q.query(`CREATE INDEX personal_records_due_idx ON personal_records (retention_due_at)
                     WHERE status = 'ACTIVE' AND retention_due_at IS NOT NULL`);
    await q.query(
      `CREATE INDEX personal_records_item_keys_idx ON personal_records USING gin (item_keys)`,
    );
    await q.query(`
      CREATE TABLE record_binaries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        record_id uuid NOT NULL REFERENCES personal_records (id),
        item_key text NOT NULL,
        content_type text NOT NULL CHECK (length(content_type) <= 100),
        size integer NOT NULL CHECK (size >= 0),
        sealed_content bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (record_id, item_key)
      )`);
    for (const table of TABLES) await q.query(`ALTER TABLE ${table} OWNER TO daicho_owner`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON data_subjects, personal_records, record_binaries
                     TO daicho_app`);
    // Blind indexes are written once and deleted when the subject is erased; never changed.
    await q.query(`GRANT SELECT, INSERT, DELETE ON subject_blind_indexes TO daicho_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${[...TABLES].reverse().join(', ')}`);
  }
}
