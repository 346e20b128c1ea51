import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The access report's rollup written only by access_rollup_fold, never by the server's own role.
 *
 * The rollup and its sums are a cache of the ledger, but a cache the CPO's access report reads:
 * with INSERT, UPDATE and DELETE on them, a server's credentials could lower a person's counts
 * for days under the mark without touching a ledger entry, and no check would see it. Now the
 * runtime role may only read them and call access_rollup_fold (SECURITY DEFINER, owned by
 * daicho_owner), which can only add the sealed entries after the mark, up to the last signed
 * checkpoint (a report counts up to one), into the rollup and its sums, and move the mark.
 * Rebuilding (TRUNCATE, mark 0) stays with the database owner (docs/deployment.md).
 *
 * Every definer function (this one, ledger_seal) and what they call now list pg_temp last in
 * their search_path: left out, PostgreSQL searches it first, and a temporary table the runtime
 * role made (access_rollup_mark, say, granted to the owner) would stand in for the real one.
 *
 * The fold's columns and its choice of entries are the ones libs/reports/src/access/access-sql.ts
 * writes for a report's entries after the mark (ROLLUP_COLUMNS, countedEntries with TOUCHES:
 * days and hours in Japan, UTC+9, business hours 9:00–18:00); access-fold-sql.spec.ts holds the
 * two to the same text, so a change there needs a migration here.
 */
export const FOLD_COLUMNS = `e.actor_id, e.actor_kind, e.category_code, e.purpose_code, e.action,
  e.outcome, date '1970-01-01' + ((floor(extract(epoch FROM e.recorded_at))::bigint + 32400) / 86400)::int AS day, ((floor(extract(epoch FROM e.recorded_at))::bigint + 32400) % 86400 / 3600)::smallint AS hour, count(*) AS entries,
  count(*) FILTER (WHERE (floor(extract(epoch FROM e.recorded_at))::bigint + 32400) % 86400 NOT BETWEEN 32400 AND 64799) AS after_hours, min(e.seq) AS first_seq,
  max(e.seq) AS last_seq, max(e.actor_role) AS actor_role`;
export const FOLD_TOUCHES = `ARRAY['READ', 'EXPORT', 'PROVIDE']`;
export const FOLD_COUNTED = `e.actor_kind IN ('USER', 'API_KEY') AND e.actor_id IS NOT NULL
   AND ((e.action = ANY(${FOLD_TOUCHES}::text[]) AND e.category_code IS NOT NULL) OR e.outcome = 'DENIED')`;

const SEAL_SIGNATURE = `ledger_seal(bigint, uuid[], bytea[], bytea[], timestamptz, smallint[],
                        bigint[], bytea[], bytea[], bytea)`;
/** Definer functions look in pg_temp last: listed, it is no longer searched first for tables. */
const SAFE_PATH = 'pg_catalog, public, pg_temp';
const OLD_PATH = 'pg_catalog, public';

/**
 * The fold's definition with the given choice of entries (FOLD_COUNTED here; a later migration
 * that changes what a report counts defines it again with its own).
 */
export const accessRollupFoldFunction = (counted: string, verb = 'CREATE FUNCTION') => `
      ${verb} access_rollup_fold(through_limit bigint, batch bigint) RETURNS bigint
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${SAFE_PATH} AS $$
      DECLARE
        through bigint;
        signed bigint;
        head bigint;
        upto bigint;
        days date[];
      BEGIN
        IF through_limit IS NULL OR batch IS NULL OR batch < 1 THEN
          RAISE EXCEPTION 'daicho rollup: a fold needs a limit and a batch of at least 1'
            USING ERRCODE = '22023';
        END IF;
        -- The rollup's lock (ROLLUP_LOCK in access-rollup.ts), taken alone as AccessRollup does,
        -- so no report reads the sums or the mark half-moved, whoever calls.
        PERFORM pg_advisory_xact_lock(110386170848259);
        -- Held to the end of the caller's transaction: one fold moves the mark at a time.
        SELECT m.through_seq INTO through FROM access_rollup_mark m FOR UPDATE;
        -- Never past the last signed checkpoint (a report counts up to one, and refuses a mark
        -- beyond it), nor past the sealed ledger (a checkpoint row claiming more is no basis).
        SELECT COALESCE(max(c.tree_size), 0) INTO signed FROM ledger_checkpoints c;
        SELECT h.size INTO head FROM ledger_head h;
        upto := least(through_limit, signed, COALESCE(head, 0), through + batch);
        IF upto <= through THEN
          RETURN through;
        END IF;
        -- Planned for this batch's bounds each time (EXECUTE): a plan PL/pgSQL kept from an
        -- empty ledger read the whole of it for every batch (as ledger_seal once did).
        EXECUTE $fold$
        WITH folded AS (
          INSERT INTO access_rollup AS r (actor_id, actor_kind, category_code, purpose_code,
            action, outcome, day, hour, entries, after_hours, first_seq, last_seq, actor_role)
          SELECT ${FOLD_COLUMNS}
            FROM ledger_entries e
           WHERE e.seq > $1 AND e.seq <= $2 AND ${counted}
           GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
          ON CONFLICT ON CONSTRAINT access_rollup_key DO UPDATE SET
            entries = r.entries + excluded.entries,
            after_hours = r.after_hours + excluded.after_hours,
            first_seq = least(r.first_seq, excluded.first_seq),
            last_seq = greatest(r.last_seq, excluded.last_seq),
            actor_role = greatest(r.actor_role, excluded.actor_role)
          RETURNING r.day)
        SELECT array_agg(DISTINCT f.day) FROM folded f
        $fold$ INTO days USING through, upto;
        -- The days just folded, summed again at the report's grain from what the rollup holds now.
        IF days IS NOT NULL THEN
          PERFORM access_rollup_refresh_sums(days);
        END IF;
        UPDATE access_rollup_mark SET through_seq = upto, rolled_at = now();
        RETURN upto;
      END
      $$`;

export class AccessRollupFold1765020000000 implements MigrationInterface {
  name = 'AccessRollupFold1765020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(accessRollupFoldFunction(FOLD_COUNTED));
    await q.query(`ALTER FUNCTION access_rollup_fold(bigint, bigint) OWNER TO daicho_owner`);
    await q.query(`REVOKE ALL ON FUNCTION access_rollup_fold(bigint, bigint) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION access_rollup_fold(bigint, bigint) TO daicho_app`);
    await q.query(`REVOKE INSERT, UPDATE, DELETE ON access_rollup, access_rollup_sums,
      access_rollup_mark FROM daicho_app`);
    await q.query(`REVOKE ALL ON FUNCTION access_rollup_refresh_sums(date[]) FROM daicho_app`);
    // Called by the definer functions, with the owner's rights: the same safe path.
    await q.query(
      `ALTER FUNCTION access_rollup_refresh_sums(date[]) SET search_path = ${SAFE_PATH}`,
    );
    await q.query(`ALTER FUNCTION ${SEAL_SIGNATURE} SET search_path = ${SAFE_PATH}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`ALTER FUNCTION ${SEAL_SIGNATURE} SET search_path = ${OLD_PATH}`);
    await q.query(
      `ALTER FUNCTION access_rollup_refresh_sums(date[]) SET search_path = ${OLD_PATH}`,
    );
    await q.query(`GRANT EXECUTE ON FUNCTION access_rollup_refresh_sums(date[]) TO daicho_app`);
    await q.query(`GRANT INSERT, UPDATE ON access_rollup TO daicho_app`);
    await q.query(`GRANT INSERT, DELETE ON access_rollup_sums TO daicho_app`);
    await q.query(`GRANT UPDATE ON access_rollup_mark TO daicho_app`);
    await q.query(`DROP FUNCTION access_rollup_fold(bigint, bigint)`);
  }
}
