import { randomBytes } from 'node:crypto';
import { DecryptionFailedError } from '@daicho/platform';
import { DecryptionFailed, open, seal } from '../crypto/envelope';
import { recordKeyAad, valuesAad } from './personal-record.entity';
import type { RecordValues } from './record-values';

/**
 * Sealing and unsealing a record's values: pure functions over keys and bytes. A record's values
 * are sealed under its own key, that key under the subject's data key; both bound (associated
 * data) to the record id and category, so bytes copied to another record never open there.
 */

/** The sealed parts of a record the vault reads (the entity, or any row carrying them). */
export interface SealedRecord {
  id: string;
  categoryCode: string;
  wrappedRecordKey: Buffer | null;
  sealedValues: Buffer | null;
}

/** The file items of a record: sealed under the record's key, bound to the record and item. */
export const binaryAad = (recordId: string, itemKey: string) => `binary:${recordId}:${itemKey}`;

/**
 * The one mapping of a failed authentication: `what` (e.g. "the values of record …") was altered,
 * moved or its key is gone. Never garbage, always DECRYPTION_FAILED, an incident to report.
 */
export function unsealed<T>(what: string, unseal: () => T): T {
  try {
    return unseal();
  } catch (error) {
    if (!(error instanceof DecryptionFailed)) throw error;
    throw new DecryptionFailedError(
      `${what} does not authenticate (altered or moved); report an incident.`,
    );
  }
}

function parseValues(json: Buffer): RecordValues {
  const parsed: unknown = JSON.parse(json.toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DecryptionFailed();
  }
  return Object.fromEntries(
    Object.entries(parsed).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/** A new record's key (wrapped under the subject's key) and its first values, sealed. */
export function sealNewRecord(
  subjectKey: Buffer,
  record: { id: string; categoryCode: string },
  values: RecordValues,
): { wrappedRecordKey: Buffer; sealedValues: Buffer } {
  const recordKey = randomBytes(32);
  return {
    wrappedRecordKey: seal(subjectKey, recordKey, recordKeyAad(record.id)),
    sealedValues: sealValues(recordKey, record, values),
  };
}

/** The record's own key, unwrapped with the subject's data key. */
export function recordKeyOf(subjectKey: Buffer, record: SealedRecord): Buffer {
  const wrapped = record.wrappedRecordKey;
  return unsealed(`the key of record ${record.id}`, () => {
    if (!wrapped) throw new DecryptionFailed();
    return open(subjectKey, wrapped, recordKeyAad(record.id));
  });
}

export function sealValues(
  recordKey: Buffer,
  record: { id: string; categoryCode: string },
  values: RecordValues,
): Buffer {
  return seal(
    recordKey,
    Buffer.from(JSON.stringify(values)),
    valuesAad(record.id, record.categoryCode),
  );
}

/** All values of a record in clear; DECRYPTION_FAILED when they were altered or moved. */
export function openValues(subjectKey: Buffer, record: SealedRecord): RecordValues {
  const recordKey = recordKeyOf(subjectKey, record);
  const sealed = record.sealedValues;
  return unsealed(`the values of record ${record.id}`, () => {
    if (!sealed) throw new DecryptionFailed();
    return parseValues(open(recordKey, sealed, valuesAad(record.id, record.categoryCode)));
  });
}

export function sealBinary(
  recordKey: Buffer,
  recordId: string,
  itemKey: string,
  content: Buffer,
): Buffer {
  return seal(recordKey, content, binaryAad(recordId, itemKey));
}

export function openBinary(
  recordKey: Buffer,
  recordId: string,
  itemKey: string,
  sealed: Buffer,
): Buffer {
  return unsealed(`${itemKey} of record ${recordId}`, () =>
    open(recordKey, sealed, binaryAad(recordId, itemKey)),
  );
}
