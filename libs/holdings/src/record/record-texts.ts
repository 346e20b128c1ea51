import { randomBytes } from 'node:crypto';
import type { RequestContext } from '@daicho/access';
import { open, seal } from '../crypto/envelope';
import type { PersonalRecordEntity } from './personal-record.entity';
import { unsealed } from './record-vault';

/**
 * A record's free texts: where it came from, the consent it rests on, why it was disposed of.
 * People write them, so they can name the person ("form handed in by 山田's mother"): they are
 * sealed under the subject's data key (not the record's, so a disposal keeps them and an erasure
 * shreds them, APPI art. 35), never stored in clear.
 */
export interface RecordTexts {
  source: string | null;
  consentRef: string | null;
  disposalReason: string | null;
}

/**
 * The texts a change's answer carries: only those its caller sent in it. Reading the others is a
 * read of the record, with a purpose checked and recorded (record(id, purpose)); a change names
 * no purpose, so it opens nothing (APPI art. 18: use within the purposes, and the ledger's READ).
 */
export const sentTexts = (sent: Partial<RecordTexts> = {}): RecordTexts => ({
  source: sent.source ?? null,
  consentRef: sent.consentRef ?? null,
  disposalReason: sent.disposalReason ?? null,
});

/** A record with its free texts opened, for a caller who may read or change it. */
export interface RecordWithTexts {
  record: PersonalRecordEntity;
  texts: RecordTexts;
}

type TextField = keyof RecordTexts;
const SEALED: Record<TextField, 'sealedSource' | 'sealedConsentRef' | 'sealedDisposalReason'> = {
  source: 'sealedSource',
  consentRef: 'sealedConsentRef',
  disposalReason: 'sealedDisposalReason',
};

/** Binds a sealed text to its record and field: copied elsewhere it fails authentication. */
export const textAad = (recordId: string, field: TextField) => `record-text:${recordId}:${field}`;

export function sealText(
  subjectKey: Buffer,
  recordId: string,
  field: TextField,
  text: string | null | undefined,
): Buffer | null {
  return text === null || text === undefined
    ? null
    : seal(subjectKey, Buffer.from(text, 'utf8'), textAad(recordId, field));
}

/** The texts in clear, for a caller who may read the record (a still-clear row before the backfill as is). */
export function openTexts(subjectKey: Buffer, record: PersonalRecordEntity): RecordTexts {
  const one = (field: TextField): string | null => {
    const sealed = record[SEALED[field]];
    if (!sealed) return record[field];
    return unsealed(`the ${field} of record ${record.id}`, () =>
      open(subjectKey, sealed, textAad(record.id, field)).toString('utf8'),
    );
  };
  return {
    source: one('source'),
    consentRef: one('consentRef'),
    disposalReason: one('disposalReason'),
  };
}

/** Which texts a record holds, for those who may know they exist but not read them (the auditor). */
export function textsHeld(record: PersonalRecordEntity): Record<TextField, boolean> {
  const held = (field: TextField) => record[SEALED[field]] !== null || record[field] !== null;
  return {
    source: held('source'),
    consentRef: held('consentRef'),
    disposalReason: held('disposalReason'),
  };
}

/**
 * Seals the texts of the subject's records that are still clear (rows from before texts were sealed) and
 * clears them; under a throwaway key when the subject was erased (unreadable, as erasure wants).
 * Call with the subject's row locked.
 */
export async function sealStillClear(
  tx: RequestContext,
  subjectId: string,
  subjectKey: Buffer | null,
): Promise<number> {
  const rows = await tx.manager.query<
    {
      id: string;
      source: string | null;
      consent_ref: string | null;
      disposal_reason: string | null;
    }[]
  >(
    `SELECT id, source, consent_ref, disposal_reason FROM personal_records
      WHERE subject_id = $1
        AND (source IS NOT NULL OR consent_ref IS NOT NULL OR disposal_reason IS NOT NULL)
      FOR UPDATE`,
    [subjectId],
  );
  const key = subjectKey ?? randomBytes(32);
  for (const row of rows) {
    await tx.manager.query(
      `UPDATE personal_records
          SET sealed_source = COALESCE(sealed_source, $2),
              sealed_consent_ref = COALESCE(sealed_consent_ref, $3),
              sealed_disposal_reason = COALESCE(sealed_disposal_reason, $4),
              source = NULL, consent_ref = NULL, disposal_reason = NULL
        WHERE id = $1`,
      [
        row.id,
        sealText(key, row.id, 'source', row.source),
        sealText(key, row.id, 'consentRef', row.consent_ref),
        sealText(key, row.id, 'disposalReason', row.disposal_reason),
      ],
    );
  }
  return rows.length;
}
