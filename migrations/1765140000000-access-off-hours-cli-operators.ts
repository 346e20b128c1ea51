import type { MigrationInterface, QueryRunner } from 'typeorm';
import { BY_USER, accessRollupSumsFunction } from './1765010000000-access-rollup-sums';

/**
 * Off hours count CLI operators too. Since migration 1765110000000 an operator's exports at the
 * shell (`cli:<OS user>@<host>`, as SYSTEM) are in the access report, but only user accounts'
 * reads and exports were counted as outside office hours: a bulk export at 3 a.m. from the shell
 * showed as a count, never as an OFF_HOURS anomaly (APPI art. 23 and the PPC guidelines' 組織的
 * 安全管理措置: access by a person at an unusual time is what the log review looks for). An
 * integration's batch may still run at night. The report's own query holds the same text
 * (`BY_PERSON` in libs/reports/src/access/access-sql.ts). The stored sums are made anew for every
 * day the rollup holds; the rollup itself (its after-hours counts per entry) is unchanged.
 */
export const BY_PERSON_WITH_CLI = `(r.actor_kind = 'USER'
     OR (r.actor_kind = 'SYSTEM' AND r.actor_id LIKE 'cli:%'))`;

async function refresh(q: QueryRunner, byPerson: string): Promise<void> {
  await q.query(`SET LOCAL daicho.migration = 'on'`);
  await q.query(accessRollupSumsFunction(byPerson, 'CREATE OR REPLACE FUNCTION'));
  await q.query(
    `SELECT access_rollup_refresh_sums(COALESCE(array_agg(DISTINCT day), '{}')) FROM access_rollup`,
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
