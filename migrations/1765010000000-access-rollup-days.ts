import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The access report's second rollup, at the report's own grain: per JST day, each actor's sums
 * per category, per purpose and for the day (reads, exports, hand-offs, refusals, the user's
 * allowed reads and exports and how many of them fell outside 9:00–18:00, first and last sequence
 * number, role), as one JSON value a day. A month's report then reads 30 values and adds them up,
 * where it aggregated ~36,000 daily rows into grouping sets (50–90 ms of 101 at 10,000,000
 * entries). Refreshed for every day a fold touches, in the fold's transaction, from the daily
 * rollup itself: the two always agree at the mark. Off hours stay two numbers so a change to the
 * holiday calendar (a day becoming closed) applies to past days too. A cache like access_rollup,
 * never the record.
 */
export class AccessRollupDays1765010000000 implements MigrationInterface {
  name = 'AccessRollupDays1765010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`
      CREATE TABLE access_rollup_days (
        day date PRIMARY KEY,
        sums json NOT NULL
      )`);
    // Each of c (per category), p (per purpose) and d (the day) is a list of
    // [actor_id, actor_kind, code, reads, exports, provisions, denials, user_touches,
    //  user_touches_after_hours, first_seq, last_seq, actor_role]; code is null in d.
    await q.query(`
      CREATE FUNCTION access_rollup_refresh_days(days date[]) RETURNS void
        LANGUAGE sql SET search_path = pg_catalog, public AS $$
        INSERT INTO access_rollup_days AS d (day, sums)
        SELECT s.day, json_build_object(
                 'c', COALESCE(json_agg(s.a) FILTER (WHERE s.g = 1), '[]'::json),
                 'p', COALESCE(json_agg(s.a) FILTER (WHERE s.g = 2), '[]'::json),
                 'd', COALESCE(json_agg(s.a) FILTER (WHERE s.g = 3), '[]'::json))
          FROM (
            SELECT r.day, GROUPING(r.category_code, r.purpose_code) AS g,
                   json_build_array(
                     r.actor_id, r.actor_kind, COALESCE(r.category_code, r.purpose_code),
                     COALESCE(sum(r.entries) FILTER (WHERE r.outcome = 'ALLOWED' AND r.action = 'READ'), 0),
                     COALESCE(sum(r.entries) FILTER (WHERE r.outcome = 'ALLOWED' AND r.action = 'EXPORT'), 0),
                     COALESCE(sum(r.entries) FILTER (WHERE r.outcome = 'ALLOWED' AND r.action = 'PROVIDE'), 0),
                     COALESCE(sum(r.entries) FILTER (WHERE r.outcome = 'DENIED'), 0),
                     COALESCE(sum(r.entries) FILTER (WHERE r.actor_kind = 'USER' AND r.outcome = 'ALLOWED'
                                                       AND r.action IN ('READ', 'EXPORT')), 0),
                     COALESCE(sum(r.after_hours) FILTER (WHERE r.actor_kind = 'USER' AND r.outcome = 'ALLOWED'
                                                           AND r.action IN ('READ', 'EXPORT')), 0),
                     min(r.first_seq), max(r.last_seq), max(r.actor_role)) AS a
              FROM access_rollup r
             WHERE r.day = ANY(days)
             GROUP BY r.day, r.actor_id, r.actor_kind,
                      GROUPING SETS ((r.category_code), (r.purpose_code), ())
          ) s
         GROUP BY s.day
        ON CONFLICT (day) DO UPDATE SET sums = excluded.sums
      $$`);
    // What the daily rollup already holds.
    await q.query(
      `SELECT access_rollup_refresh_days(array_agg(DISTINCT day)) FROM access_rollup HAVING count(*) > 0`,
    );
    await q.query(`ALTER TABLE access_rollup_days OWNER TO daicho_owner`);
    await q.query(`ALTER FUNCTION access_rollup_refresh_days(date[]) OWNER TO daicho_owner`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON access_rollup_days TO daicho_app`);
    await q.query(`REVOKE ALL ON FUNCTION access_rollup_refresh_days(date[]) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION access_rollup_refresh_days(date[]) TO daicho_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`DROP FUNCTION access_rollup_refresh_days(date[])`);
    await q.query(`DROP TABLE access_rollup_days`);
  }
}
