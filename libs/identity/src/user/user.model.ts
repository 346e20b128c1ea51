import { Role } from '@daicho/access';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { UserEntity } from './user.entity';
import { UserStatus } from './user-status';

@ObjectType('User', { description: 'A person who uses Daicho' })
export class UserModel {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field()
  displayName!: string;

  @Field(() => Role)
  role!: Role;

  @Field()
  department!: string;

  @Field(() => UserStatus)
  status!: UserStatus;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

/** What of a user leaves the server: never the password hash or the password-change flag. */
export function toUserModel(user: UserEntity): UserModel {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    department: user.department,
    status: user.status,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
