import type { RequestContext } from '@daicho/access';
import { ConflictError } from '@daicho/platform';

/**
 * Legal holds (subject_legal_holds): while a request about a person is open, nothing of theirs is
 * disposed of or erased, so the answer is never cut short (APPI arts. 33–35). Whoever disposes
 * of or erases locks the person's row exclusively first and then asks here; a hold locks the
 * rows shared (SubjectMarks.hold), so the two serialise: the hold is seen, or waits.
 */

/** Of `subjectIds`, those under a legal hold. */
export async function heldAmong(
  tx: RequestContext,
  subjectIds: readonly string[],
): Promise<Set<string>> {
  if (subjectIds.length === 0) return new Set();
  const rows = await tx.manager.query<{ subject_id: string }[]>(
    `SELECT DISTINCT subject_id FROM subject_legal_holds WHERE subject_id = ANY($1::uuid[])`,
    [subjectIds],
  );
  return new Set(rows.map((r) => r.subject_id));
}

/**
 * Refuses (CONFLICT: not an access denial, so no DENIED entry) what would dispose of a held
 * person's data; `refused` names what was asked, e.g. "Record … cannot be disposed of". Call with
 * the person's row locked exclusively. A request that erases its own person lifts its own holds
 * first: another open request's hold still refuses.
 */
export async function refuseWhileHeld(
  tx: RequestContext,
  subjectId: string,
  refused: string,
): Promise<void> {
  if ((await heldAmong(tx, [subjectId])).size === 0) return;
  throw new ConflictError(
    `${refused}: the person is under a legal hold while a request or an incident about them is open (APPI arts. 26, 33–35). Nothing was changed; it can be done once that is closed and the hold lifted.`,
  );
}
