import { registerEnumType } from '@nestjs/graphql';

export enum UserStatus {
  ACTIVE = 'ACTIVE',
  /** Cannot log in; every session of the user stops working at once. */
  DISABLED = 'DISABLED',
  /**
   * Created with a role that reads personal data (or ADMIN) and waiting for a second person to
   * approve the grant; cannot log in until then (separation of duties).
   */
  PENDING = 'PENDING',
}

registerEnumType(UserStatus, { name: 'UserStatus' });
