import { randomBytes, randomUUID } from 'node:crypto';
import type { RequestContext } from '@daicho/access';
import { ConflictError, NotFoundError } from '@daicho/platform';
import type { HoldingsKeys } from '../crypto/holdings-keys';
import { DataSubjectEntity } from './data-subject.entity';

/** Creates a subject with a fresh data key, wrapped under the current master key. */
export async function createSubject(
  tx: RequestContext,
  keys: HoldingsKeys,
  kind: string,
): Promise<DataSubjectEntity> {
  const id = randomUUID();
  const { keyId, wrapped } = keys.masterKeys.wrap(randomBytes(32), id);
  return tx.manager.save(
    tx.manager.create(DataSubjectEntity, {
      id,
      kind,
      masterKeyId: keyId,
      wrappedKey: wrapped,
      createdAt: new Date(),
      erasedAt: null,
    }),
  );
}

/** The subject's data key, or CONFLICT once the subject was erased (its records are unreadable). */
export async function dataKeyOf(
  tx: RequestContext,
  keys: HoldingsKeys,
  subjectId: string,
): Promise<Buffer> {
  const subject = await tx.manager.findOneBy(DataSubjectEntity, { id: subjectId });
  if (!subject) throw new NotFoundError(`There is no data subject ${subjectId}.`);
  if (!subject.wrappedKey || !subject.masterKeyId) {
    throw new ConflictError(
      `SUBJECT_ERASED: data subject ${subjectId} was erased; the values are gone.`,
    );
  }
  return keys.masterKeys.unwrap(subject.masterKeyId, subject.wrappedKey, subject.id);
}
