import { ApiKeyEntity } from './api-key/api-key.entity';
import { ApiKeyOperationEntity } from './api-key/api-key-operation.entity';
import { IdempotencyKeyEntity } from './api-key/idempotency-key.entity';
import { AccessGrantEntity } from './grant/access-grant.entity';
import { RecoveryCodeEntity, UserTotpEntity } from './mfa/totp.entity';
import { SessionEntity } from './session/session.entity';
import { UserEntity } from './user/user.entity';

/** Every TypeORM entity of this library, for the data source. */
export const IDENTITY_ENTITIES = [
  UserEntity,
  SessionEntity,
  ApiKeyEntity,
  ApiKeyOperationEntity,
  IdempotencyKeyEntity,
  AccessGrantEntity,
  UserTotpEntity,
  RecoveryCodeEntity,
];
