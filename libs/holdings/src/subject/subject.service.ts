import { Inject, Injectable } from '@nestjs/common';
import { assertAllowed, type RequestContext } from '@daicho/access';
import { Ledger, LedgerStore } from '@daicho/ledger';
import {
  AuditTrail,
  BadUserInputError,
  ConflictError,
  decodeTimeCursor,
  DomainEventType,
  encodeCursor,
  NotFoundError,
  LedgerAction,
  Outbox,
  pageOf,
  timeKey,
  type Page,
} from '@daicho/platform';
import { blindIndex, type BlindIndexKind } from '../crypto/blind-index';
import { HoldingsKeys } from '../crypto/holdings-keys';
import { PersonalRecordEntity } from '../record/personal-record.entity';
import { disposeOf } from '../retention/record-disposal';
import { DataSubjectEntity } from './data-subject.entity';
import { ErasureJournal, type ErasureEntry } from './erasure-journal';
import { SubjectHandOffs } from './subject-hand-offs';
import { refuseWhileHeld } from './legal-holds';
import { SEALED_FILE } from './sealed-files';
import { dataKeyOf, lockSubject } from './subject-keys';
import { sealStillClear, sealText } from '../record/record-texts';

export interface SubjectLookup {
  email?: string;
  phone?: string;
  name?: string;
}

export interface SubjectFound {
  subject: DataSubjectEntity;
  records: PersonalRecordEntity[];
}

const REQUEST = 'DATA_SUBJECT_REQUEST';

/**
 * What the CPO needs to answer a person (APPI arts. 33–35): find them by what they tell us
 * (matched through blind indexes, never in clear), show everything held and every access, and
 * erase them by destroying their key. Each step is a ledger entry for the request purpose.
 */
@Injectable()
export class SubjectService {
  constructor(
    private readonly keys: HoldingsKeys,
    private readonly ledger: Ledger,
    private readonly ledgerStore: LedgerStore,
    private readonly auditTrail: AuditTrail,
    private readonly journal: ErasureJournal,
    @Inject(SubjectHandOffs) private readonly handOffs: SubjectHandOffs, // required port: no footprint without hand-offs
    private readonly outbox: Outbox,
  ) {}

  /** The persons every given criterion matches, a keyset page of (creation time, id). */
  async find(
    ctx: RequestContext,
    lookup: SubjectLookup,
    page: { first: number; after?: string },
  ): Promise<Page<SubjectFound>> {
    await assertAllowed(ctx, 'read', 'DataSubject');
    const wanted = (['email', 'phone', 'name'] as const).flatMap((field) => {
      const value = lookup[field];
      if (value === undefined) return [];
      const kind = field.toUpperCase() as BlindIndexKind;
      const digest = blindIndex(this.keys.indexKey, kind, value);
      if (!digest) throw new BadUserInputError(`${field} is not a valid ${field}.`, [field]);
      return [{ kind, digest }];
    });
    if (wanted.length === 0)
      throw new BadUserInputError('Give an email, phone or name to look for.', ['email']);
    const cursor = page.after ? decodeTimeCursor(page.after) : null;
    return ctx.transaction(async (tx) => {
      // Every given criterion must match: a name alone is weak, a name with an address is not.
      const rows = await tx.manager.query<{ id: string; sort_at: Date }[]>(
        `SELECT s.id, ${timeKey('s.created_at')} AS sort_at FROM data_subjects s
          WHERE s.id IN (SELECT subject_id FROM subject_blind_indexes
                          WHERE (kind, digest) IN (SELECT * FROM unnest($1::text[], $2::bytea[]))
                          GROUP BY subject_id HAVING count(DISTINCT kind) = $3)
            AND ($4::timestamptz IS NULL
                 OR (${timeKey('s.created_at')}, s.id) > ($4::timestamptz, $5::uuid))
          ORDER BY sort_at, s.id LIMIT $6`,
        [
          wanted.map((w) => w.kind),
          wanted.map((w) => w.digest),
          wanted.length,
          cursor?.at ?? null,
          cursor?.id ?? null,
          page.first + 1,
        ],
      );
      const found = new Map<string, SubjectFound>();
      for (const { id } of rows.slice(0, page.first)) {
        const subject = await tx.manager.findOneByOrFail(DataSubjectEntity, { id });
        const records = await tx.manager.find(PersonalRecordEntity, {
          where: { subjectId: id },
          order: { createdAt: 'ASC' },
        });
        found.set(id, { subject, records });
      }
      await this.ledger.append(tx, {
        action: LedgerAction.READ,
        targetType: 'SubjectSearch',
        purposeCode: REQUEST,
        fields: wanted.map((w) => w.kind.toLowerCase()),
        details: { matches: found.size, subjects: [...found.keys()] },
      });
      return pageOf(
        rows,
        page.first,
        (row) => encodeCursor(row.sort_at.toISOString(), row.id),
        (row) => found.get(row.id)!,
      );
    });
  }

  async footprint(ctx: RequestContext, subjectId: string) {
    await assertAllowed(ctx, 'read', 'DataSubject');
    return ctx.transaction(async (tx) => {
      const subject = await tx.manager.findOneBy(DataSubjectEntity, { id: subjectId });
      // A sealed file's key holder is no person: not found, as an unknown id.
      if (!subject || subject.kind === SEALED_FILE)
        throw new NotFoundError(`There is no data subject ${subjectId}.`);
      const records = await tx.manager.find(PersonalRecordEntity, {
        where: { subjectId },
        order: { createdAt: 'ASC' },
      });
      const history = await this.ledgerStore.entries({ subjectId }, 0, 500);
      const handOffs = await this.handOffs.forSubject(tx.manager, subjectId);
      await this.ledger.append(tx, {
        action: LedgerAction.READ,
        targetType: 'SubjectFootprint',
        subjectId,
        purposeCode: REQUEST,
        details: {
          records: records.length,
          ledgerEntries: history.length,
          handOffs: handOffs.length,
        },
      });
      return { subject, records, history, handOffs };
    });
  }

  /**
   * Erasure by crypto-shredding: every record disposed of, the subject's key destroyed, indexes
   * gone; once committed, the erasure is journalled outside the database (see ErasureJournal).
   * Refused while the person is under a legal hold (APPI arts. 33–35): an open request about
   * them must be answered from what is held.
   */
  async erase(
    ctx: RequestContext,
    subjectId: string,
    reason: string,
    /** Runs under the person's exclusive lock, before anything goes: throws to refuse. */
    guard?: (tx: RequestContext) => Promise<void>,
  ): Promise<DataSubjectEntity> {
    await assertAllowed(ctx, 'delete', 'DataSubject');
    const erased = await ctx.transaction(async (tx) => {
      const subject = await this.lockSubject(tx, subjectId);
      // A sealed file's key holder is no person: not found, as an unknown id.
      if (!subject || subject.kind === SEALED_FILE)
        throw new NotFoundError(`There is no data subject ${subjectId}.`);
      if (subject.erasedAt)
        throw new ConflictError(`Data subject ${subjectId} was already erased.`);
      await refuseWhileHeld(tx, subjectId, `Data subject ${subjectId} cannot be erased`);
      if (guard) await guard(tx);
      return this.shred(tx, subject, reason, {});
    });
    await this.journal.append([
      { subjectId, erasedAt: erased.erasedAt!.toISOString(), requestId: ctx.requestId },
    ]);
    return erased;
  }

  /**
   * Erases again a journalled subject a restored database still holds (replay after a restore):
   * 'replayed', or 'already-erased', or 'absent' when the backup predates the subject. Holds are
   * not asked: the erasure was decided, under the holds of its day, before the restore.
   */
  async replayErasure(
    ctx: RequestContext,
    entry: ErasureEntry,
  ): Promise<'replayed' | 'already-erased' | 'absent'> {
    await assertAllowed(ctx, 'delete', 'DataSubject');
    return ctx.transaction(async (tx) => {
      const subject = await this.lockSubject(tx, entry.subjectId);
      if (!subject) return 'absent';
      if (subject.erasedAt) return 'already-erased';
      if (entry.recordId) return this.replayRecord(tx, entry.recordId, entry);
      await this.shred(tx, subject, 'erasure replayed after a restore from backup', {
        replayOf: entry.erasedAt,
        originalRequestId: entry.requestId,
      });
      return 'replayed';
    });
  }

  /** One record erased at the person's request, disposed of again (the person locked). */
  private async replayRecord(
    tx: RequestContext,
    recordId: string,
    entry: ErasureEntry,
  ): Promise<'replayed' | 'already-erased' | 'absent'> {
    const record = await tx.manager.findOne(PersonalRecordEntity, {
      where: { id: recordId, subjectId: entry.subjectId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!record) return 'absent';
    if (record.status === 'DISPOSED') return 'already-erased';
    const key = await dataKeyOf(tx, this.keys, entry.subjectId);
    const reason = sealText(key, recordId, 'disposalReason', 'erasure replayed after a restore');
    await disposeOf(tx, this.ledger, this.outbox, record, 'REQUEST_ERASURE', reason);
    return 'replayed';
  }

  /** Exclusive: waits for creates, changes and holds in flight, which then see the erasure. */
  private lockSubject(tx: RequestContext, subjectId: string) {
    return lockSubject(tx, subjectId, 'exclusive');
  }

  private async shred(
    tx: RequestContext,
    subject: DataSubjectEntity,
    reason: string,
    details: Record<string, string>,
  ): Promise<DataSubjectEntity> {
    const subjectId = subject.id;
    const records = await tx.manager.find(PersonalRecordEntity, {
      where: { subjectId, status: 'ACTIVE' },
    });
    // The reason goes under the key destroyed below: kept as a fact, unreadable with the rest.
    const subjectKey = await dataKeyOf(tx, this.keys, subjectId);
    for (const record of records) {
      const sealed = sealText(subjectKey, record.id, 'disposalReason', reason);
      await disposeOf(tx, this.ledger, this.outbox, record, 'SUBJECT_ERASURE', sealed);
    }
    // Texts still clear (rows from before they were sealed) go under the key destroyed below.
    await sealStillClear(tx, subjectId, subjectKey);
    Object.assign(subject, { wrappedKey: null, masterKeyId: null, erasedAt: new Date() });
    const saved = await tx.manager.save(DataSubjectEntity, subject);
    await tx.manager.query('DELETE FROM subject_blind_indexes WHERE subject_id = $1', [subjectId]);
    await this.ledger.append(tx, {
      action: LedgerAction.ERASE,
      targetType: 'DataSubject',
      targetId: subjectId,
      subjectId,
      purposeCode: REQUEST,
      details: { records: records.length, ...details },
    });
    await this.outbox.publish(tx.manager, DomainEventType.SUBJECT_ERASED, {
      subjectId,
      records: records.length,
    });
    return saved;
  }
}
