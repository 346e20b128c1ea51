import { randomBytes, randomUUID } from 'node:crypto';
import type { RequestContext } from '@daicho/access';
import { In } from 'typeorm';
import { NotFoundError, SubjectErasedError } from '@daicho/platform';
import type { HoldingsKeys } from '../crypto/holdings-keys';
import { DataSubjectEntity } from './data-subject.entity';

/** Creates a subject with a fresh data key, wrapped under the current master key. */
export async function createSubject(
  tx: RequestContext,
  keys: HoldingsKeys,
  kind: string,
): Promise<DataSubjectEntity> {
  const id = randomUUID();
  const { keyId, wrapped } = await keys.wrapDataKey(tx, randomBytes(32), id);
  return tx.manager.save(
    tx.manager.create(DataSubjectEntity, {
      id,
      kind,
      masterKeyId: keyId,
      wrappedKey: wrapped,
      createdAt: new Date(),
      erasedAt: null,
      useSuspendedAt: null,
      provisionStoppedAt: null,
    }),
  );
}

/** The refusal for anything on an erased person: their data is gone for good (APPI art. 35). */
export const subjectErased = (subjectId: string) =>
  new SubjectErasedError(`Data subject ${subjectId} was erased; the values are gone.`);

/**
 * Locks the subject's row for the rest of the transaction: shared by whoever adds to or changes
 * the person's records (create, update, files, disposal), exclusive for erasure, so an erasure
 * waits for changes in flight and a change that waited sees the erasure (APPI art. 35: once erased,
 * nothing new may appear). Always taken before any record row of the subject (one lock order).
 */
export function lockSubject(
  tx: RequestContext,
  subjectId: string,
  mode: 'shared' | 'exclusive',
): Promise<DataSubjectEntity | null> {
  return tx.manager.findOne(DataSubjectEntity, {
    where: { id: subjectId },
    lock: { mode: mode === 'shared' ? 'pessimistic_read' : 'pessimistic_write' },
  });
}

/**
 * `lockSubject` for several persons at once (a hand-off naming many), shared, in id order so two
 * such calls never wait on each other crosswise.
 */
export const lockSubjectsShared = (tx: RequestContext, subjectIds: readonly string[]) =>
  lockSubjects(tx, subjectIds, 'SHARE');

/** `lockSubjectsShared`, exclusive: for changes that rebuild the persons' digests. */
export const lockSubjectsExclusive = (tx: RequestContext, subjectIds: readonly string[]) =>
  lockSubjects(tx, subjectIds, 'UPDATE');

async function lockSubjects(
  tx: RequestContext,
  subjectIds: readonly string[],
  strength: 'SHARE' | 'UPDATE',
): Promise<void> {
  await tx.manager.query(
    `SELECT id FROM data_subjects WHERE id = ANY($1::uuid[]) ORDER BY id FOR ${strength}`,
    [subjectIds],
  );
}

/** The subject's data key, or SUBJECT_ERASED once the subject was erased (its records are unreadable). */
export async function dataKeyOf(
  tx: RequestContext,
  keys: HoldingsKeys,
  subjectId: string,
): Promise<Buffer> {
  const key = (await dataKeysOf(tx, keys, [subjectId])).get(subjectId);
  if (!key) throw new NotFoundError(`There is no data subject ${subjectId}.`);
  return key;
}

/** Several subjects' data keys in one query; refuses as `dataKeyOf` does if any is missing or erased. */
export async function dataKeysOf(
  tx: RequestContext,
  keys: HoldingsKeys,
  subjectIds: string[],
): Promise<Map<string, Buffer>> {
  const wanted = [...new Set(subjectIds)];
  const subjects = wanted.length
    ? await tx.manager.findBy(DataSubjectEntity, { id: In(wanted) })
    : [];
  const found = new Map(subjects.map((s) => [s.id, s]));
  const unwrapped = new Map<string, Buffer>();
  for (const subjectId of wanted) {
    const subject = found.get(subjectId);
    if (!subject) throw new NotFoundError(`There is no data subject ${subjectId}.`);
    if (!subject.wrappedKey || !subject.masterKeyId) {
      throw subjectErased(subjectId);
    }
    unwrapped.set(
      subjectId,
      keys.masterKeys.unwrap(subject.masterKeyId, subject.wrappedKey, subject.id),
    );
  }
  return unwrapped;
}
