export { IdentityModule } from './identity.module';
export { IDENTITY_ENTITIES } from './identity.entities';
export { UserEntity } from './user/user.entity';
export { UserStatus } from './user/user-status';
export { UserService } from './user/user.service';
export { SessionEntity } from './session/session.entity';
export { LOGIN_FAILED_MESSAGE } from './session/session.service';
export { ApiKeyEntity } from './api-key/api-key.entity';
export { API_KEY_PREFIX } from './common/secret-hash';
export { PasswordHasher } from './password/password-hasher';
export { HashingProcess } from './password/hashing-process';
export {
  assertAcceptablePassword,
  MIN_PASSWORD_LENGTH,
  MAX_PASSWORD_LENGTH,
} from './password/password-policy';
export { generateOneTimePassword } from './password/one-time-password';
export {
  InitialAdminService,
  INITIAL_ADMIN_EMAIL,
  type InitialAdmin,
} from './bootstrap/initial-admin';
export { CreateUserInput } from './user/dto/create-user.input';
export { AccessGrantEntity } from './grant/access-grant.entity';
export { AccessGrantKind, AccessGrantStatus } from './grant/access-grant-rules';
export { auditEventFor } from './common/identity-audit';
