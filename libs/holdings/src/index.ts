export { seal, open, DecryptionFailed } from './crypto/envelope';
export { blindIndex, normalise, type BlindIndexKind } from './crypto/blind-index';
export { MasterKeyring, type MasterKey } from './crypto/master-keys';
export { HoldingsModule } from './holdings.module';
export { HOLDINGS_ENTITIES } from './holdings.entities';
export { HoldingsKeys } from './crypto/holdings-keys';
export { RecordReader, type ReadRecord } from './record/record-reader';
export { RecordWriter } from './record/record-writer';
export { RecordFiles } from './record/record-files';
export { RecordTextsBackfill } from './record/record-texts-backfill';
export { RetentionService, type RetentionRun } from './retention/retention.service';
export { KeyRotation, type RotationResult } from './crypto/key-rotation';
export { ErasureReplay, type ReplayResult } from './subject/erasure-replay';
export { ErasureJournal, type ErasureEntry } from './subject/erasure-journal';
export { SubjectHandOffs, SubjectHandOffModel } from './subject/subject-hand-offs';
export { SubjectService, type SubjectFound, type SubjectLookup } from './subject/subject.service';
export {
  SubjectMarks,
  SubjectMark,
  SubjectMarkLiftReason,
  SUSPENSION_EXEMPT,
  type HoldFor,
} from './subject/subject-marks';
export { DataSubjectEntity } from './subject/data-subject.entity';
export { PersonalRecordEntity } from './record/personal-record.entity';
export { RetentionClock } from './retention/retention-clock';
export { RecordAccess } from './record/record-access';
export { sealText, openTexts } from './record/record-texts';
export { recordKeyFor } from './record/record-key';
export { RecordValueInput } from './record/record.dto';
export { dataKeysOf, lockSubjectsExclusive, lockSubjectsShared } from './subject/subject-keys';
export { newSealedFile, sealInFile, openInFile, SEALED_FILE } from './subject/sealed-files';
export { ContactInput, ContactModel } from './record/contact.types';
