import { registerEnumType } from '@nestjs/graphql';

export enum UserStatus {
  ACTIVE = 'ACTIVE',
  /** Cannot log in; every session of the user stops working at once. */
  DISABLED = 'DISABLED',
}

registerEnumType(UserStatus, { name: 'UserStatus' });
