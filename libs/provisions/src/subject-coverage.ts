import type { RequestContext } from '@daicho/access';
import { lockSubjectsShared } from '@daicho/holdings';
import { BadUserInputError } from '@daicho/platform';

export interface CoveredSubject {
  subjectId: string;
  categoryCode: string;
}

/**
 * For each subject, the category (one of `categoryCodes`) of an active record the company holds
 * about them; refuses (BAD_USER_INPUT naming the position, never the person) a subject that is
 * unknown, erased, or has no active record in those categories. The persons' rows are locked
 * shared first (holdings' lock order: person before records), so an erasure waits for this
 * hand-off or is seen by it: nothing is handed over for a person erased meanwhile (APPI art. 35).
 */
export async function coveredSubjects(
  tx: RequestContext,
  subjectIds: readonly string[],
  categoryCodes: readonly string[],
  field: string,
): Promise<CoveredSubject[]> {
  const duplicate = subjectIds.findIndex((id, i) => subjectIds.indexOf(id) !== i);
  if (duplicate >= 0) {
    throw new BadUserInputError(`${field}[${duplicate}] names the same subject twice.`, [
      `${field}.${duplicate}`,
    ]);
  }
  await lockSubjectsShared(tx, subjectIds);
  const rows = await tx.manager.query<{ subject_id: string; category_code: string }[]>(
    `SELECT DISTINCT ON (r.subject_id) r.subject_id, r.category_code
       FROM personal_records r JOIN data_subjects s ON s.id = r.subject_id
      WHERE r.subject_id = ANY($1::uuid[]) AND r.category_code = ANY($2::text[])
        AND r.status = 'ACTIVE' AND s.erased_at IS NULL
      ORDER BY r.subject_id, r.created_at`,
    [subjectIds, categoryCodes],
  );
  const byId = new Map(rows.map((r) => [r.subject_id, r.category_code]));
  return subjectIds.map((subjectId, index) => {
    const categoryCode = byId.get(subjectId);
    if (!categoryCode) {
      throw new BadUserInputError(
        `${field}[${index}] is not a subject with an active record of ${categoryCodes.join(', ')}; nothing was recorded.`,
        [`${field}.${index}`],
      );
    }
    return { subjectId, categoryCode };
  });
}
