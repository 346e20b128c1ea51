import type { RequestContext } from '@daicho/access';
import { ConflictError } from '@daicho/platform';
import { RequestKind } from '../request-enums';
import { SuspensionMeasure, type ExecuteRequestInput } from './request.inputs';
import type { RequestRow } from './request-row';

/** What carrying out a request does: the claim, the summary and the letter name it so. */
export enum ExecutionMeasure {
  PURPOSES_NOTIFIED = 'PURPOSES_NOTIFIED',
  DISCLOSED = 'DISCLOSED',
  /** Nobody held: the answer says no retained personal data is held (APPI arts. 32(3), 33(3)). */
  NONE_HELD = 'NONE_HELD',
  PROVISION_RECORDS_DISCLOSED = 'PROVISION_RECORDS_DISCLOSED',
  CORRECTED = 'CORRECTED',
  USE_SUSPENDED = 'USE_SUSPENDED',
  ERASED = 'ERASED',
  PROVISION_STOPPED = 'PROVISION_STOPPED',
}

/** The measure a decided request of `kind` is carried out with (the input was checked). */
export function measureFor(kind: RequestKind, input: ExecuteRequestInput): ExecutionMeasure {
  if (input.noneHeld) return ExecutionMeasure.NONE_HELD;
  switch (kind) {
    case RequestKind.PURPOSE_NOTICE:
      return ExecutionMeasure.PURPOSES_NOTIFIED;
    case RequestKind.DISCLOSURE:
      return ExecutionMeasure.DISCLOSED;
    case RequestKind.PROVISION_RECORDS:
      return ExecutionMeasure.PROVISION_RECORDS_DISCLOSED;
    case RequestKind.CORRECTION:
      return ExecutionMeasure.CORRECTED;
    case RequestKind.SUSPENSION_OR_ERASURE:
      return input.measure === SuspensionMeasure.ERASE
        ? ExecutionMeasure.ERASED
        : ExecutionMeasure.USE_SUSPENDED;
    case RequestKind.STOP_PROVISION:
      return ExecutionMeasure.PROVISION_STOPPED;
  }
}

/** An erasure's plan, fixed when it is claimed: what the summary reports, retries included. */
export interface ErasurePlan {
  records: number;
  categoryCodes: string[];
}

/**
 * Claims the request's execution with its measure, under the request's lock, before anything
 * is done: an erasure commits person by person ahead of the request's own transaction, so a
 * second call with another measure must be refused before it touches anyone. The same measure
 * again (a retry after a crash) goes on with the plan first claimed, which it returns.
 */
export async function claimExecution(
  tx: RequestContext,
  row: RequestRow,
  measure: ExecutionMeasure,
  plan: ErasurePlan | null,
): Promise<ErasurePlan | null> {
  // Under the request's lock (every step takes it first): read, then claim if unclaimed.
  const read = () =>
    tx.manager.query<
      {
        measure: ExecutionMeasure;
        planned_records: number | null;
        planned_categories: string[] | null;
      }[]
    >(
      `SELECT measure, planned_records, planned_categories FROM request_execution_claims
        WHERE request_id = $1`,
      [row.id],
    );
  let [claim] = await read();
  if (!claim) {
    await tx.manager.query(
      `INSERT INTO request_execution_claims (request_id, measure, planned_records,
         planned_categories, claimed_by)
       VALUES ($1, $2, $3, $4, $5)`,
      [
        row.id,
        measure,
        plan?.records ?? null,
        plan?.categoryCodes ?? null,
        tx.actor.id ?? tx.actor.kind,
      ],
    );
    [claim] = await read();
  }
  if (!claim) throw new Error('an execution claim vanished under the request lock');
  if (claim.measure !== measure) {
    throw new ConflictError(
      `Request ${row.number} is already being carried out as ${claim.measure}: a request is carried out once, with the measure first started.`,
    );
  }
  return claim.planned_records === null
    ? null
    : { records: claim.planned_records, categoryCodes: claim.planned_categories ?? [] };
}
