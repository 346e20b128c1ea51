import type { MigrationInterface, QueryRunner } from 'typeorm';
import { BY_USER, accessRollupSumsFunction } from './1765010000000-access-rollup-sums';

/**
 * Off hours count CLI operators too. Since migration 1765110000000 an operator's exports at the
 * shell (`cli:<OS user>@<host>`, as SYSTEM) are in the access report, but only user accounts'
 * reads and exports were counted as outside office hours: a bulk export at 3 a.m. from the shell
 * showed as a count, never as an OFF_HOURS anomaly (APPI art. 23 and the PPC guidelines' 組織的
 * 安全管理措置: access by a person at an unusual time is what the log review looks for). An
 * integration's batch may still run at night. The report's own query holds the same text
 * (`byPerson` in libs/reports/src/access/access-sql.ts). The stored sums are made anew for every
 * day an operator worked on, under the rollup's lock; the rollup itself is unchanged.
 */
export const BY_PERSON_WITH_CLI = `(r.actor_kind = 'USER'
     OR (r.actor_kind = 'SYSTEM' AND r.actor_id LIKE 'cli:%'))`;

/** The rollup's lock (ROLLUP_LOCK in libs/reports): a server folding meanwhile waits for this. */
const ROLLUP_LOCK = '110386170848259';

async function refresh(q: QueryRunner, byPerson: string): Promise<void> {
  await q.query(`SET LOCAL daicho.migration = 'on'`);
  await q.query(`SELECT pg_advisory_xact_lock($1::bigint)`, [ROLLUP_LOCK]);
  await q.query(accessRollupSumsFunction(byPerson, 'CREATE OR REPLACE FUNCTION'));
  // CREATE OR REPLACE drops the SET clauses: the path that keeps pg_temp last (migration
  // 1765020000000), so a temporary table of the caller's cannot stand in for the rollup.
  await q.query(
    `ALTER FUNCTION access_rollup_refresh_sums(date[]) SET search_path = pg_catalog, public, pg_temp`,
  );
  // Only the days an operator's work is on can change.
  await q.query(
    `SELECT access_rollup_refresh_sums(COALESCE(array_agg(DISTINCT day), '{}'))
       FROM access_rollup WHERE actor_kind = 'SYSTEM' AND actor_id LIKE 'cli:%'`,
  );
}

export class AccessOffHoursCliOperators1765140000000 implements MigrationInterface {
  name = 'AccessOffHoursCliOperators1765140000000';

  async up(q: QueryRunner): Promise<void> {
    await refresh(q, BY_PERSON_WITH_CLI);
  }

  async down(q: QueryRunner): Promise<void> {
    await refresh(q, BY_USER);
  }
}
