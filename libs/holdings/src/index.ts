export { seal, open, DecryptionFailed } from './crypto/envelope';
export { blindIndex, normalise, type BlindIndexKind } from './crypto/blind-index';
export { MasterKeyring, type MasterKey } from './crypto/master-keys';
