import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Entries of a person's own acts, in the first sums' version: user accounts only. */
export const BY_USER = `r.actor_kind = 'USER'`;

/**
 * access_rollup_refresh_sums: a day's stored sums made anew from the rollup (`r`). `byPerson`
 * says whose allowed reads and exports count toward the off-hours numbers (a person at work
 * reads in office hours; an integration's batch may run at night).
 */
export const accessRollupSumsFunction = (byPerson: string, create = 'CREATE FUNCTION') => `
      ${create} access_rollup_refresh_sums(days date[]) RETURNS void
        LANGUAGE sql SET search_path = pg_catalog, public AS $$
        -- The days' values are made anew from what the rollup holds now: none is left behind.
        DELETE FROM access_rollup_sums WHERE day = ANY(days);
        INSERT INTO access_rollup_sums AS d (day, hour, sums)
        SELECT s.day, s.hour, json_build_object(
                 'd', COALESCE(json_agg(json_build_array(s.actor_id, s.actor_kind, s.actor_role,
                        s.reads, s.exports, s.provisions, s.denials, s.touches, s.after_hours,
                        s.first_seq, s.last_seq) ORDER BY s.ai) FILTER (WHERE s.g = 3), '[]'::json),
                 'c', ('[' || COALESCE(string_agg(s.flat, ',') FILTER (WHERE s.g = 1), '') || ']')::json,
                 'p', ('[' || COALESCE(string_agg(s.flat, ',') FILTER (WHERE s.g = 2), '') || ']')::json)
          FROM (
            SELECT g.*, concat_ws(',', g.ai, COALESCE(to_json(g.code)::text, 'null'), g.reads,
                     g.exports, g.provisions, g.denials, g.touches, g.after_hours, g.first_seq,
                     g.last_seq) AS flat
              FROM (
            -- hour is never null in the rollup: null here is the sets without it (the whole day).
            SELECT r.day, r.hour, GROUPING(r.category_code, r.purpose_code) AS g,
                   dense_rank() OVER (PARTITION BY r.day, r.hour ORDER BY r.actor_kind, r.actor_id) - 1 AS ai,
                   r.actor_id, r.actor_kind, max(r.actor_role) AS actor_role,
                   COALESCE(r.category_code, r.purpose_code) AS code,
                   COALESCE(sum(r.entries) FILTER (WHERE r.outcome = 'ALLOWED' AND r.action = 'READ'), 0) AS reads,
                   COALESCE(sum(r.entries) FILTER (WHERE r.outcome = 'ALLOWED' AND r.action = 'EXPORT'), 0) AS exports,
                   COALESCE(sum(r.entries) FILTER (WHERE r.outcome = 'ALLOWED' AND r.action = 'PROVIDE'), 0) AS provisions,
                   COALESCE(sum(r.entries) FILTER (WHERE r.outcome = 'DENIED'), 0) AS denials,
                   COALESCE(sum(r.entries) FILTER (WHERE ${byPerson} AND r.outcome = 'ALLOWED'
                                                     AND r.action IN ('READ', 'EXPORT')), 0) AS touches,
                   COALESCE(sum(r.after_hours) FILTER (WHERE ${byPerson} AND r.outcome = 'ALLOWED'
                                                         AND r.action IN ('READ', 'EXPORT')), 0) AS after_hours,
                   min(r.first_seq) AS first_seq, max(r.last_seq) AS last_seq
              FROM access_rollup r
             WHERE r.day = ANY(days)
             GROUP BY r.day, r.actor_id, r.actor_kind,
                      GROUPING SETS ((r.hour, r.category_code), (r.hour, r.purpose_code), (r.hour),
                                     (r.category_code), (r.purpose_code), ())
              ) g
          ) s
         GROUP BY s.day, s.hour
      $$`;

/**
 * The access report's rollup by the hour, and a second rollup at the report's own grain.
 *
 * access_rollup gains the hour in Japan in its key: a period cut at any hour (09:00 in Japan is
 * midnight UTC, as an integration asks) reads its partial days' whole hours from the rollup, and
 * only the partial hour at either edge from the entries (a partial day from the entries cost
 * 100–190 ms at 10,000,000). The rows cannot be split after the fact, so the rollup is emptied
 * and its mark set back to 0: AccessRollupMaintainer folds the ledger again in the background
 * (reports read the entries until it has), as it is a cache, never the record.
 *
 * access_rollup_sums: the report's own grain, per JST day and per hour of it (hour null: the
 * whole day) — each actor's sums per category, per purpose and for the day (reads, exports,
 * hand-offs, refusals, the person's allowed reads and exports and how many of them fell outside
 * 9:00–18:00, first and last sequence number, role), as one JSON value. A month's report reads 30
 * values and adds them up, where it aggregated ~36,000 daily rows into grouping sets (50–90 ms of
 * 101 at 10,000,000 entries); a period cut at 09:00 adds the partial days' hours, where
 * aggregating their ~9,000 rollup rows took 60 ms. Refreshed for every day a fold touches, in the
 * fold's transaction, from the rollup itself: the two always agree at the mark. Off hours stay two
 * numbers so a change to the holiday calendar (a day becoming closed) applies to past days too.
 */
export class AccessRollupSums1765010000000 implements MigrationInterface {
  name = 'AccessRollupSums1765010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`TRUNCATE access_rollup`);
    await q.query(`UPDATE access_rollup_mark SET through_seq = 0, rolled_at = now()`);
    await q.query(`ALTER TABLE access_rollup DROP CONSTRAINT access_rollup_key`);
    await q.query(
      `ALTER TABLE access_rollup ADD COLUMN hour smallint NOT NULL CHECK (hour BETWEEN 0 AND 23)`,
    );
    await q.query(`ALTER TABLE access_rollup ADD CONSTRAINT access_rollup_key UNIQUE NULLS NOT DISTINCT
      (day, hour, actor_kind, actor_id, category_code, purpose_code, action, outcome)`);
    // version: new at every refresh, so a server may keep values it parsed and ask only which
    // changed; random, so never the same again (not after a TRUNCATE, nor a migration down and up).
    await q.query(`
      CREATE TABLE access_rollup_sums (
        day date NOT NULL,
        hour smallint CHECK (hour BETWEEN 0 AND 23),
        version uuid NOT NULL DEFAULT gen_random_uuid(),
        sums json NOT NULL,
        CONSTRAINT access_rollup_sums_key UNIQUE NULLS NOT DISTINCT (day, hour)
      )`);
    // d: the actors, [actor_id, actor_kind, actor_role, …sums], in (kind, id) order; c (per
    // category) and p (per purpose): one flat list of [index of the actor in d, code, …sums]
    // after another, ten values each. The sums: reads, exports, provisions, denials,
    // user_touches, user_touches_after_hours, first_seq, last_seq. Each actor named once and no
    // array per row keep it cheap to parse (a month is 30 of them, parsed per report).
    await q.query(accessRollupSumsFunction(BY_USER));
    // Emptying the rollup to rebuild it (TRUNCATE, mark 0) empties its sums too: sums left behind
    // would be counted again with the entries the report then reads.
    await q.query(`
      CREATE FUNCTION access_rollup_truncated() RETURNS trigger
        LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
        BEGIN
          -- DELETE, not TRUNCATE: a statement that truncates both tables holds the other open.
          DELETE FROM access_rollup_sums;
          RETURN NULL;
        END
      $$`);
    await q.query(`CREATE TRIGGER access_rollup_truncated AFTER TRUNCATE ON access_rollup
      FOR EACH STATEMENT EXECUTE FUNCTION access_rollup_truncated()`);
    await q.query(
      `CREATE UNIQUE INDEX access_rollup_sums_version_key ON access_rollup_sums (version)`,
    );
    await q.query(`ALTER TABLE access_rollup_sums OWNER TO daicho_owner`);
    await q.query(`ALTER FUNCTION access_rollup_truncated() OWNER TO daicho_owner`);
    await q.query(`ALTER FUNCTION access_rollup_refresh_sums(date[]) OWNER TO daicho_owner`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON access_rollup_sums TO daicho_app`);
    await q.query(`REVOKE ALL ON FUNCTION access_rollup_refresh_sums(date[]) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION access_rollup_refresh_sums(date[]) TO daicho_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL daicho.migration = 'on'`);
    await q.query(`DROP FUNCTION access_rollup_refresh_sums(date[])`);
    await q.query(`DROP TRIGGER access_rollup_truncated ON access_rollup`);
    await q.query(`DROP FUNCTION access_rollup_truncated()`);
    await q.query(`DROP TABLE access_rollup_sums`);
    await q.query(`TRUNCATE access_rollup`);
    await q.query(`UPDATE access_rollup_mark SET through_seq = 0, rolled_at = now()`);
    await q.query(`ALTER TABLE access_rollup DROP CONSTRAINT access_rollup_key`);
    await q.query(`ALTER TABLE access_rollup DROP COLUMN hour`);
    await q.query(`ALTER TABLE access_rollup ADD CONSTRAINT access_rollup_key UNIQUE NULLS NOT DISTINCT
      (day, actor_kind, actor_id, category_code, purpose_code, action, outcome)`);
  }
}
