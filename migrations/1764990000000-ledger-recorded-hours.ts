import type { MigrationInterface, QueryRunner } from 'typeorm';

const SEAL_SIGNATURE = `ledger_seal(bigint, uuid[], bytea[], bytea[], timestamptz, smallint[],
                        bigint[], bytea[], bytea[], bytea)`;

/**
 * `ledger_seal` as 1764200000000 made it; with `hours`, the same statement that seals the batch
 * also widens each recording hour's first and last sequence number, and each row is found by its
 * primary key whatever the statistics say. PL/pgSQL keeps a statement's plan for the session: one
 * made while the table looked empty (a new database, or autovacuum off) was a sequential scan of
 * the whole ledger for every batch (the mixed load bench fell from 172 to 133 calls/s);
 * `seq IS NULL` let it probe the intake index by its second column instead (7 s a batch once
 * sealed rows' entries had piled up in it before a VACUUM). `seq + 0` rules out the one and
 * enable_seqscan off (for this function only) the other. And jit off: a sequential scan that
 * remains (ledger_head has one row and no index) now costs more than jit_above_cost, and compiling
 * it took 100–190 ms a batch.
 */
const sealFunction = (hours: boolean) => `
  CREATE OR REPLACE FUNCTION ledger_seal(
    expected_size bigint, entry_ids uuid[], prev_hashes bytea[], leaf_hashes bytea[],
    sealed_at timestamptz, node_levels smallint[], node_indexes bigint[], node_hashes bytea[],
    new_frontier bytea[], new_root bytea
  ) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public${
    hours ? ' SET enable_seqscan = off SET jit = off' : ''
  } AS $$
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
    WITH sealed_rows AS (
      UPDATE ledger_entries e
         SET seq = expected_size + b.ord, prev_hash = b.prev, leaf_hash = b.leaf,
             sequenced_at = sealed_at
        FROM unnest(entry_ids, prev_hashes, leaf_hashes) WITH ORDINALITY AS b(id, prev, leaf, ord)
       WHERE e.id = b.id AND ${hours ? '(e.seq + 0) IS NULL' : 'e.seq IS NULL'}
      RETURNING e.seq, e.recorded_at
    )${
      hours
        ? `, hours AS (
      INSERT INTO ledger_recorded_hours AS h (hour, first_seq, last_seq)
        SELECT date_trunc('hour', s.recorded_at AT TIME ZONE 'UTC'), min(s.seq), max(s.seq)
          FROM sealed_rows s GROUP BY 1
      ON CONFLICT (hour) DO UPDATE
        SET first_seq = least(h.first_seq, EXCLUDED.first_seq),
            last_seq = greatest(h.last_seq, EXCLUDED.last_seq)
      RETURNING 1
    )`
        : ''
    }
    SELECT count(*) INTO sealed FROM sealed_rows;
    IF sealed <> n THEN
      RAISE EXCEPTION 'daicho ledger: % of % entries were not waiting to be sealed', n - sealed, n
        USING ERRCODE = 'DL002';
    END IF;
    INSERT INTO ledger_tree_nodes (level, index, hash)
      SELECT * FROM unnest(node_levels, node_indexes, node_hashes);
    UPDATE ledger_head SET size = expected_size + n, last_hash = leaf_hashes[n],
           frontier = new_frontier, root = new_root, updated_at = sealed_at;
    PERFORM set_config('daicho.sealing', 'off', true);
  END $$`;

/**
 * Each hour (UTC) in which entries were recorded, with the first and last sequence number of the
 * sealed entries recorded in it. A time window's entries lie between the first of its first hour
 * and the last of its last (an entry recorded in the window may be sealed after later ones), so
 * `ledgerEntries` and the reports bound their walk along seq by two index probes instead of
 * reading every entry of the window (a second for 30 days at 10,000,000 entries:
 * bench/growth.bench.ts). A derived index of the ledger, never evidence: written only by
 * `ledger_seal`, in the transaction that seals, and it can only widen.
 */
export class LedgerRecordedHours1764990000000 implements MigrationInterface {
  name = 'LedgerRecordedHours1764990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`
      CREATE TABLE ledger_recorded_hours (
        hour timestamp PRIMARY KEY CHECK (hour = date_trunc('hour', hour)),
        first_seq bigint NOT NULL CHECK (first_seq >= 1),
        last_seq bigint NOT NULL CHECK (last_seq >= first_seq)
      )`);
    await q.query(`
      INSERT INTO ledger_recorded_hours (hour, first_seq, last_seq)
        SELECT date_trunc('hour', recorded_at AT TIME ZONE 'UTC'), min(seq), max(seq)
          FROM ledger_entries WHERE seq IS NOT NULL GROUP BY 1`);
    // Only ledger_seal changes a row, and only to widen it; nothing deletes one.
    await q.query(`
      CREATE FUNCTION ledger_recorded_hours_widen_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('daicho.sealing', true) = 'on'
           AND NEW.hour = OLD.hour AND NEW.first_seq <= OLD.first_seq
           AND NEW.last_seq >= OLD.last_seq THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'daicho ledger: % on % is refused; the ledger is append-only',
          TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER ledger_recorded_hours_append_only
                     BEFORE UPDATE OR DELETE ON ledger_recorded_hours
                     FOR EACH ROW EXECUTE FUNCTION ledger_recorded_hours_widen_only()`);
    await q.query(`CREATE TRIGGER ledger_recorded_hours_no_truncate
                     BEFORE TRUNCATE ON ledger_recorded_hours
                     FOR EACH STATEMENT EXECUTE FUNCTION ledger_recorded_hours_widen_only()`);
    for (const trigger of ['append_only', 'no_truncate'])
      await q.query(`ALTER TABLE ledger_recorded_hours
                       ENABLE ALWAYS TRIGGER ledger_recorded_hours_${trigger}`);
    await q.query(`ALTER TABLE ledger_recorded_hours OWNER TO daicho_owner`);
    await q.query(`ALTER FUNCTION ledger_recorded_hours_widen_only() OWNER TO daicho_owner`);
    await q.query(`GRANT SELECT ON ledger_recorded_hours TO daicho_app`);
    await q.query(sealFunction(true));
    await q.query(`ALTER FUNCTION ${SEAL_SIGNATURE} OWNER TO daicho_owner`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(sealFunction(false));
    await q.query(`DROP TABLE ledger_recorded_hours`);
    await q.query(`DROP FUNCTION ledger_recorded_hours_widen_only()`);
  }
}
