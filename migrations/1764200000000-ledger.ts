import type { MigrationInterface, QueryRunner } from 'typeorm';

const LEDGER_TABLES = ['ledger_entries', 'ledger_head', 'ledger_tree_nodes', 'ledger_checkpoints'];
const IDENTITY_TABLES = ['users', 'sessions', 'api_keys'];

/**
 * The append-only ledger and the database roles that protect it.
 *
 * Writers insert intake rows (seq NULL) inside their own transaction; the single sequencer fills
 * seq, prev_hash, leaf_hash and sequenced_at once, through `ledger_seal`, which also moves the
 * head only if it is still at the size the sequencer started from. Nothing else may change a row.
 * Roles: `daicho_owner` (NOLOGIN) owns every table; `daicho_app`, the runtime role, may only
 * INSERT and SELECT ledger rows and call `ledger_seal`. A superuser can still rewrite rows: the
 * signed checkpoints held outside the database are what catch that.
 */
export class Ledger1764200000000 implements MigrationInterface {
  name = 'Ledger1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    // Roles belong to the cluster, not the database: create them once, whoever migrates first.
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'daicho_owner') THEN
          CREATE ROLE daicho_owner NOLOGIN;
        END IF;
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'daicho_app') THEN
          CREATE ROLE daicho_app NOLOGIN;
        END IF;
      END $$`);

    await q.query(`
      CREATE TABLE ledger_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_kind text NOT NULL CHECK (actor_kind IN ('USER','API_KEY','SYSTEM','ANONYMOUS')),
        actor_id text CHECK (length(actor_id) <= 200),
        actor_role text CHECK (length(actor_role) <= 40),
        action text NOT NULL CHECK (action ~ '^[A-Z][A-Z_]{1,39}$'),
        outcome text NOT NULL CHECK (outcome IN ('ALLOWED','DENIED')),
        target_type text CHECK (length(target_type) <= 100),
        target_id text CHECK (length(target_id) <= 200),
        subject_id uuid,
        category_code text CHECK (length(category_code) <= 100),
        purpose_code text CHECK (length(purpose_code) <= 100),
        fields text[] NOT NULL DEFAULT '{}' CHECK (cardinality(fields) <= 200),
        request_id text NOT NULL CHECK (length(request_id) BETWEEN 1 AND 100),
        client_event_id text CHECK (length(client_event_id) <= 200),
        occurred_at timestamptz,
        details jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object'
                                                  AND length(details::text) <= 4096),
        seq bigint UNIQUE CHECK (seq >= 1),
        prev_hash bytea CHECK (length(prev_hash) = 32),
        leaf_hash bytea CHECK (length(leaf_hash) = 32),
        sequenced_at timestamptz,
        CHECK ((seq IS NULL) = (prev_hash IS NULL) AND (seq IS NULL) = (leaf_hash IS NULL)
               AND (seq IS NULL) = (sequenced_at IS NULL))
      )`);
    // What the sequencer picks up next; small, because sealed rows leave it at once.
    await q.query(
      `CREATE INDEX ledger_entries_intake_idx ON ledger_entries (recorded_at, id) WHERE seq IS NULL`,
    );
    // recordAccessEvents is idempotent per reporting client and event id.
    await q.query(`CREATE UNIQUE INDEX ledger_entries_client_event_key
                     ON ledger_entries (actor_id, client_event_id) WHERE client_event_id IS NOT NULL`);
    await q.query(`CREATE INDEX ledger_entries_actor_idx ON ledger_entries (actor_id, seq)`);
    await q.query(`CREATE INDEX ledger_entries_subject_idx ON ledger_entries (subject_id, seq)
                     WHERE subject_id IS NOT NULL`);
    await q.query(`CREATE INDEX ledger_entries_sequenced_at_idx ON ledger_entries (sequenced_at)`);

    await q.query(`
      CREATE TABLE ledger_head (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        size bigint NOT NULL CHECK (size >= 0),
        last_hash bytea NOT NULL CHECK (length(last_hash) = 32),
        frontier bytea[] NOT NULL,
        root bytea NOT NULL CHECK (length(root) = 32),
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`INSERT INTO ledger_head VALUES (true, 0, '\\x${'00'.repeat(32)}', '{}',
                     sha256(''::bytea), clock_timestamp())`);

    // Completed perfect subtrees (level ≥ 1); level 0 is ledger_entries.leaf_hash. Proofs read them.
    await q.query(`
      CREATE TABLE ledger_tree_nodes (
        level smallint NOT NULL CHECK (level BETWEEN 1 AND 63),
        index bigint NOT NULL CHECK (index >= 0),
        hash bytea NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (level, index)
      )`);

    await q.query(`
      CREATE TABLE ledger_checkpoints (
        tree_size bigint PRIMARY KEY CHECK (tree_size >= 1),
        root bytea NOT NULL CHECK (length(root) = 32),
        issued_at timestamptz NOT NULL UNIQUE,
        note text NOT NULL CHECK (length(note) <= 2000)
      )`);

    await q.query(`
      CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('daicho.sealing', true) = 'on' THEN
          -- Nested IFs: PL/pgSQL resolves NEW's fields per table, so each test stays in its branch.
          IF TG_TABLE_NAME = 'ledger_head' THEN
            IF NEW.size > OLD.size THEN
              RETURN NEW;
            END IF;
          ELSIF TG_TABLE_NAME = 'ledger_entries' THEN
            -- The one transition an entry makes: sealed once, nothing it recorded changed.
            IF OLD.seq IS NULL AND NEW.seq IS NOT NULL
             AND (NEW.id, NEW.recorded_at, NEW.actor_kind, NEW.actor_id, NEW.actor_role,
                  NEW.action, NEW.outcome, NEW.target_type, NEW.target_id, NEW.subject_id,
                  NEW.category_code, NEW.purpose_code, NEW.fields, NEW.request_id,
                  NEW.client_event_id, NEW.occurred_at, NEW.details)
                 IS NOT DISTINCT FROM
                 (OLD.id, OLD.recorded_at, OLD.actor_kind, OLD.actor_id, OLD.actor_role,
                  OLD.action, OLD.outcome, OLD.target_type, OLD.target_id, OLD.subject_id,
                  OLD.category_code, OLD.purpose_code, OLD.fields, OLD.request_id,
                  OLD.client_event_id, OLD.occurred_at, OLD.details) THEN
              RETURN NEW;
            END IF;
          END IF;
        END IF;
        RAISE EXCEPTION 'daicho ledger: % on % is refused; the ledger is append-only',
          TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of LEDGER_TABLES) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
                       FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
                       FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`);
      // ALWAYS: also under session_replication_role = replica, which skips ordinary triggers.
      await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${table}_append_only`);
      await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${table}_no_truncate`);
    }

    await q.query(`
      CREATE FUNCTION ledger_seal(
        expected_size bigint, entry_ids uuid[], prev_hashes bytea[], leaf_hashes bytea[],
        sealed_at timestamptz, node_levels smallint[], node_indexes bigint[], node_hashes bytea[],
        new_frontier bytea[], new_root bytea
      ) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE
        n int := cardinality(entry_ids);
        sealed int;
        head_hash bytea;
      BEGIN
        IF n = 0 OR cardinality(prev_hashes) <> n OR cardinality(leaf_hashes) <> n THEN
          RAISE EXCEPTION 'daicho ledger: malformed batch' USING ERRCODE = 'DL002';
        END IF;
        SELECT last_hash INTO head_hash FROM ledger_head WHERE size = expected_size FOR UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'daicho ledger: head is not at size %; another sequencer wrote',
            expected_size USING ERRCODE = 'DL001';
        END IF;
        -- The chain is checked here too, so a faulty sequencer cannot seal a broken link.
        IF prev_hashes[1] <> head_hash OR EXISTS (
             SELECT FROM generate_series(2, n) i WHERE prev_hashes[i] <> leaf_hashes[i - 1]) THEN
          RAISE EXCEPTION 'daicho ledger: batch does not chain onto the head' USING ERRCODE = 'DL002';
        END IF;
        PERFORM set_config('daicho.sealing', 'on', true);
        UPDATE ledger_entries e
           SET seq = expected_size + b.ord, prev_hash = b.prev, leaf_hash = b.leaf,
               sequenced_at = sealed_at
          FROM unnest(entry_ids, prev_hashes, leaf_hashes) WITH ORDINALITY AS b(id, prev, leaf, ord)
         WHERE e.id = b.id AND e.seq IS NULL;
        GET DIAGNOSTICS sealed = ROW_COUNT;
        IF sealed <> n THEN
          RAISE EXCEPTION 'daicho ledger: % of % entries were not waiting to be sealed', n - sealed, n
            USING ERRCODE = 'DL002';
        END IF;
        INSERT INTO ledger_tree_nodes (level, index, hash)
          SELECT * FROM unnest(node_levels, node_indexes, node_hashes);
        UPDATE ledger_head SET size = expected_size + n, last_hash = leaf_hashes[n],
               frontier = new_frontier, root = new_root, updated_at = sealed_at;
        PERFORM set_config('daicho.sealing', 'off', true);
      END $$`);

    // DDL on ledger objects outside a migration (which sets daicho.migration) is refused.
    await q.query(`
      CREATE FUNCTION ledger_refuse_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
      DECLARE obj record;
      BEGIN
        IF current_setting('daicho.migration', true) = 'on' THEN RETURN; END IF;
        IF TG_EVENT = 'sql_drop' THEN
          FOR obj IN SELECT object_identity FROM pg_event_trigger_dropped_objects() LOOP
            IF obj.object_identity ~ '\\mledger_' THEN
              RAISE EXCEPTION 'daicho ledger: DROP of % is refused outside migrations',
                obj.object_identity USING ERRCODE = 'insufficient_privilege';
            END IF;
          END LOOP;
        ELSE
          FOR obj IN SELECT command_tag, object_identity FROM pg_event_trigger_ddl_commands() LOOP
            IF obj.object_identity ~ '\\mledger_' THEN
              RAISE EXCEPTION 'daicho ledger: % on % is refused outside migrations',
                obj.command_tag, obj.object_identity USING ERRCODE = 'insufficient_privilege';
            END IF;
          END LOOP;
        END IF;
      END $$`);
    // Event triggers need a superuser; a deployment migrating as a lesser role gets a warning.
    await q.query(`
      DO $$ BEGIN
        IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
          CREATE EVENT TRIGGER ledger_refuse_ddl_end ON ddl_command_end
            EXECUTE FUNCTION ledger_refuse_ddl();
          CREATE EVENT TRIGGER ledger_refuse_ddl_drop ON sql_drop
            EXECUTE FUNCTION ledger_refuse_ddl();
          ALTER EVENT TRIGGER ledger_refuse_ddl_end ENABLE ALWAYS;
          ALTER EVENT TRIGGER ledger_refuse_ddl_drop ENABLE ALWAYS;
        ELSE
          RAISE WARNING 'daicho: not a superuser; DDL on ledger tables is not refused in the database';
        END IF;
      END $$`);

    const tables = [...LEDGER_TABLES, ...IDENTITY_TABLES, 'schema_migrations'];
    for (const table of tables) await q.query(`ALTER TABLE ${table} OWNER TO daicho_owner`);
    await q.query(`ALTER FUNCTION ledger_seal(bigint, uuid[], bytea[], bytea[], timestamptz,
                     smallint[], bigint[], bytea[], bytea[], bytea) OWNER TO daicho_owner`);
    await q.query(`REVOKE ALL ON FUNCTION ledger_seal(bigint, uuid[], bytea[], bytea[], timestamptz,
                     smallint[], bigint[], bytea[], bytea[], bytea) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION ledger_seal(bigint, uuid[], bytea[], bytea[],
                     timestamptz, smallint[], bigint[], bytea[], bytea[], bytea) TO daicho_app`);
    await q.query(`GRANT SELECT, INSERT ON ${LEDGER_TABLES.join(', ')} TO daicho_app`);
    await q.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ${IDENTITY_TABLES.join(', ')} TO daicho_app`,
    );
    await q.query(`GRANT SELECT ON schema_migrations TO daicho_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`DROP EVENT TRIGGER IF EXISTS ledger_refuse_ddl_end`);
    await q.query(`DROP EVENT TRIGGER IF EXISTS ledger_refuse_ddl_drop`);
    await q.query(`DROP FUNCTION ledger_refuse_ddl()`);
    await q.query(`DROP FUNCTION ledger_seal(bigint, uuid[], bytea[], bytea[], timestamptz,
                     smallint[], bigint[], bytea[], bytea[], bytea)`);
    await q.query(`DROP TABLE ledger_checkpoints, ledger_tree_nodes, ledger_head, ledger_entries`);
    await q.query(`DROP FUNCTION ledger_refuse_change()`);
  }
}
