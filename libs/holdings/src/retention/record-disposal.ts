import type { RequestContext } from '@daicho/access';
import type { Ledger } from '@daicho/ledger';
import { PersonalRecordEntity } from '../record/personal-record.entity';
import { DomainEventType, LedgerAction, type Outbox } from '@daicho/platform';

export type DisposalKind = 'MANUAL' | 'RETENTION' | 'SUBJECT_ERASURE' | 'REQUEST_ERASURE';

/**
 * Disposes of a record by destroying its key and its sealed values (crypto-shredding); the row
 * stays as a tombstone (category, dates, item names), the ledger gets a DISPOSE entry and the
 * integrations a record.disposed event, in the same transaction.
 */
export async function disposeOf(
  tx: RequestContext,
  ledger: Ledger,
  outbox: Outbox,
  record: PersonalRecordEntity,
  kind: DisposalKind,
  /** The reason, sealed under the subject's key (record-texts.ts); null when the kind says it all. */
  sealedReason: Buffer | null,
): Promise<PersonalRecordEntity> {
  const now = new Date();
  Object.assign(record, {
    wrappedRecordKey: null,
    sealedValues: null,
    status: 'DISPOSED',
    disposedAt: now,
    disposalReason: null,
    sealedDisposalReason: sealedReason,
    version: record.version + 1,
    updatedAt: now,
  });
  const saved = await tx.manager.save(PersonalRecordEntity, record);
  await tx.manager.query(`UPDATE record_binaries SET sealed_content = NULL WHERE record_id = $1`, [
    record.id,
  ]);
  await ledger.append(tx, {
    action: LedgerAction.DISPOSE,
    targetType: 'PersonalRecord',
    targetId: record.id,
    subjectId: record.subjectId,
    categoryCode: record.categoryCode,
    fields: record.itemKeys,
    details: { kind },
  });
  await outbox.publish(tx.manager, DomainEventType.RECORD_DISPOSED, {
    recordId: record.id,
    subjectId: record.subjectId,
    categoryCode: record.categoryCode,
    kind,
  });
  return saved;
}
