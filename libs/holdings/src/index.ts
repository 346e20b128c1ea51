export { seal, open, DecryptionFailed } from './crypto/envelope';
export { blindIndex, normalise, type BlindIndexKind } from './crypto/blind-index';
export { MasterKeyring, type MasterKey } from './crypto/master-keys';
export { HoldingsModule } from './holdings.module';
export { HOLDINGS_ENTITIES } from './holdings.entities';
export { HoldingsKeys } from './crypto/holdings-keys';
export { RecordService } from './record/record.service';
export { RetentionService, type RetentionRun } from './retention/retention.service';
export { KeyRotation, type RotationResult } from './crypto/key-rotation';
