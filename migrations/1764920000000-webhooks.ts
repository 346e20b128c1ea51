import PgBoss from 'pg-boss';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** pg-boss's schema; its job table is where webhook deliveries are scheduled. */
const JOBS = 'pgboss';
/** The queue the webhook drains run on (see libs/integrations/src/webhook/webhook-drain.ts). */
const DRAIN_QUEUE = 'webhook-drain';

const EVENT_TYPES = [
  'request.received',
  'request.decided',
  'request.executed',
  'record.created',
  'record.disposed',
  'subject.erased',
  'subject.use_suspended',
  'subject.provision_stopped',
  'provision.recorded',
  'incident.reported',
  'incident.reportable',
  'retention.run',
  'checkpoint.signed',
];
const FAILURES = [
  'HOST_NOT_ALLOWED',
  'ADDRESS_REFUSED',
  'DNS_FAILED',
  'CONNECTION_FAILED',
  'TIMEOUT',
  'HTTP_STATUS',
  'SECRET_UNREADABLE',
];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Integrations hear about what happened: a transactional outbox of
 * domain events (ids, codes and counts only, written in the transaction of the change), the
 * webhooks an administrator registers for an API key (their signing secrets sealed with
 * AES-256-GCM under a key outside the database; a webhook for events about persons waits for the
 * CPO's approval), and one delivery row per event and webhook that keeps the endpoint's order,
 * its attempts and its dead letters.
 *
 * The deliveries run on pg-boss (a PostgreSQL job engine: several servers, restarts, expiry of a
 * crashed worker's jobs). Its schema is installed here, not by pg-boss at start (the server runs
 * with `migrate: false` and as daicho_app, which may not create anything). pg-boss is pinned; an
 * upgrade that changes its schema version comes with a migration applying
 * `PgBoss.getMigrationPlans` when `pgboss.version` is older.
 */
export class Webhooks1764920000000 implements MigrationInterface {
  name = 'Webhooks1764920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`
      CREATE TABLE outbox_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type text NOT NULL CHECK (type IN (${list(EVENT_TYPES)})),
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        data jsonb NOT NULL
          CHECK (jsonb_typeof(data) = 'object' AND octet_length(data::text) <= 4096)
      )`);
    await q.query(`CREATE INDEX outbox_events_occurred ON outbox_events (occurred_at)`);
    await q.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        api_key_id uuid NOT NULL REFERENCES api_keys (id),
        url text NOT NULL CHECK (length(url) BETWEEN 8 AND 2048),
        events text[] NOT NULL
          CHECK (cardinality(events) > 0 AND events <@ ARRAY[${list(EVENT_TYPES)}]::text[]),
        sealed_secret bytea NOT NULL,
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- Events about persons flow only once a second person (the CPO) approved the webhook.
        approved_at timestamptz,
        approved_by uuid REFERENCES users (id) CHECK (approved_by <> created_by),
        deleted_at timestamptz,
        deleted_by uuid REFERENCES users (id)
      )`);
    await q.query(`CREATE INDEX webhooks_api_key ON webhooks (api_key_id)`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
        webhook_id uuid NOT NULL REFERENCES webhooks (id),
        event_id uuid NOT NULL REFERENCES outbox_events (id),
        status text NOT NULL DEFAULT 'PENDING'
          CHECK (status IN ('PENDING', 'DELIVERED', 'DEAD', 'CANCELLED')),
        attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz,
        last_status_code int CHECK (last_status_code BETWEEN 100 AND 599),
        last_failure text CHECK (last_failure IN (${list(FAILURES)})),
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        redelivery_of uuid REFERENCES webhook_deliveries (id) ON DELETE SET NULL
      )`);
    // The head of each endpoint's line, and the list an administrator pages through.
    await q.query(
      `CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (webhook_id, seq)
        WHERE status = 'PENDING'`,
    );
    await q.query(
      `CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, seq DESC)`,
    );
    await q.query(`CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id)`);
    // incidents are append-only: the first time one is judged reportable is kept beside it, so
    // incident.reportable is published once, not on every re-assessment.
    await q.query(`
      CREATE TABLE incident_reportable_marks (
        incident_id uuid PRIMARY KEY REFERENCES incidents (id),
        marked_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const table of [
      'outbox_events',
      'webhooks',
      'webhook_deliveries',
      'incident_reportable_marks',
    ])
      await q.query(`ALTER TABLE ${table} OWNER TO daicho_owner`);
    await q.query(`ALTER SEQUENCE webhook_deliveries_seq_seq OWNER TO daicho_owner`);
    // Events and deliveries are purged after WEBHOOK_HISTORY_DAYS; webhooks are only marked deleted.
    await q.query(`GRANT SELECT, INSERT, DELETE ON outbox_events TO daicho_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON webhooks TO daicho_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_deliveries TO daicho_app`);
    await q.query(`GRANT USAGE ON SEQUENCE webhook_deliveries_seq_seq TO daicho_app`);
    await q.query(`GRANT SELECT, INSERT ON incident_reportable_marks TO daicho_app`);

    // pg-boss's own plan opens and commits a transaction of its own; here it joins the migration's.
    const plan = PgBoss.getConstructionPlans(JOBS);
    const inner = plan
      .trim()
      .replace(/^BEGIN;/, '')
      .replace(/COMMIT;$/, '');
    if (inner.length !== plan.trim().length - 'BEGIN;'.length - 'COMMIT;'.length)
      throw new Error('pg-boss construction plan is not one BEGIN … COMMIT block');
    await q.query(inner);
    await q.query(`SELECT ${JOBS}.create_queue($1, $2)`, [
      DRAIN_QUEUE,
      JSON.stringify({ policy: 'short', retryLimit: 0, expireInSeconds: 120 }),
    ]);
    await q.query(`GRANT USAGE ON SCHEMA ${JOBS} TO daicho_app`);
    await q.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOBS} TO daicho_app`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`DROP SCHEMA ${JOBS} CASCADE`);
    await q.query(`DROP TABLE incident_reportable_marks`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhooks`);
    await q.query(`DROP TABLE outbox_events`);
  }
}
