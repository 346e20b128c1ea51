import type { MigrationInterface, QueryRunner } from 'typeorm';
import { FOLD_COUNTED, accessRollupFoldFunction } from './1765020000000-access-rollup-fold';

/**
 * The access report counts CLI operators too. The CLI acts as SYSTEM under the operator's name
 * (`cli:<OS user>@<host>`, apps/cli/src/cli-operator.ts), and the fold counted users and API keys
 * only: an operator's `provisions:export` (one EXPORT entry a person) was in no report, its
 * rollup or the bulk-export anomaly (APPI art. 23: every handling traceable to a person). Other
 * SYSTEM work (the sequencer, retention sweeps) stays out. The fold's choice of entries is the
 * report's (`countedEntries` in libs/reports/src/access/access-sql.ts); the rollup is emptied and
 * its mark set back to 0 so the past is folded again with the operators in (a cache, never the
 * record: reports read the entries until it has caught up).
 */
export const FOLD_COUNTED_WITH_CLI = `(e.actor_kind IN ('USER', 'API_KEY')
     OR (e.actor_kind = 'SYSTEM' AND e.actor_id LIKE 'cli:%')) AND e.actor_id IS NOT NULL
   AND ((e.action = ANY(ARRAY['READ', 'EXPORT', 'PROVIDE']::text[]) AND e.category_code IS NOT NULL) OR e.outcome = 'DENIED')`;

async function refold(q: QueryRunner, counted: string): Promise<void> {
  await q.query(`SET LOCAL daicho.migration = 'on'`);
  await q.query(accessRollupFoldFunction(counted, 'CREATE OR REPLACE FUNCTION'));
  await q.query(`TRUNCATE access_rollup`);
  await q.query(`UPDATE access_rollup_mark SET through_seq = 0, rolled_at = now()`);
}

export class AccessReportCliOperators1765110000000 implements MigrationInterface {
  name = 'AccessReportCliOperators1765110000000';

  async up(q: QueryRunner): Promise<void> {
    await refold(q, FOLD_COUNTED_WITH_CLI);
  }

  async down(q: QueryRunner): Promise<void> {
    await refold(q, FOLD_COUNTED);
  }
}
