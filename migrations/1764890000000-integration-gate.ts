import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an integration may run and what it already ran: an API key's allow-list of operation
 * documents (by SHA-256 of the text; `allow_listed` keys run those only), and idempotency keys
 * (per API key, kept 24 h) with the fingerprint of the call and the answer to replay.
 */
export class IntegrationGate1764890000000 implements MigrationInterface {
  name = 'IntegrationGate1764890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`ALTER TABLE api_keys ADD COLUMN allow_listed boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE api_key_operations (
        api_key_id uuid NOT NULL REFERENCES api_keys (id),
        document_hash bytea NOT NULL CHECK (length(document_hash) = 32),
        name text NOT NULL CHECK (name ~ '^[A-Za-z_][A-Za-z0-9_]{0,99}$'),
        registered_by uuid NOT NULL REFERENCES users (id),
        registered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (api_key_id, document_hash)
      )`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        api_key_id uuid NOT NULL REFERENCES api_keys (id),
        key text NOT NULL CHECK (key ~ '^[\\x21-\\x7e]{8,200}$'),
        fingerprint bytea NOT NULL CHECK (length(fingerprint) = 32),
        state text NOT NULL CHECK (state IN ('IN_PROGRESS', 'DONE')),
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (api_key_id, key),
        CHECK ((state = 'DONE') = (response IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at)`);
    for (const table of ['api_key_operations', 'idempotency_keys'])
      await q.query(`ALTER TABLE ${table} OWNER TO daicho_owner`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON api_key_operations TO daicho_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO daicho_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE api_key_operations`);
    await q.query(`ALTER TABLE api_keys DROP COLUMN allow_listed`);
  }
}
