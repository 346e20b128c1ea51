import type { RequestContext } from '@daicho/access';
import { REQUESTER_CATEGORY } from './request-intake.service';

/** An active record a request answers for: the company's own retained data about the person. */
export interface RetainedRecord {
  id: string;
  subject_id: string;
  category_code: string;
  collected_at: Date;
}

/**
 * The persons' active records in categories that are the company's disclosure targets (a
 * client's entrusted data is not: policy §5), without the requesters' own request records.
 */
export function retainedRecords(
  tx: RequestContext,
  subjectIds: readonly string[],
): Promise<RetainedRecord[]> {
  return tx.manager.query<RetainedRecord[]>(
    `SELECT p.id, p.subject_id, p.category_code, p.collected_at FROM personal_records p
       JOIN data_categories c ON c.code = p.category_code
      WHERE p.subject_id = ANY($1::uuid[]) AND p.status = 'ACTIVE' AND c.disclosure_target
        AND p.category_code <> $2
      ORDER BY p.subject_id, p.created_at, p.id`,
    [subjectIds, REQUESTER_CATEGORY],
  );
}
