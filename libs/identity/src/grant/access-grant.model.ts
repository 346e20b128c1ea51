import { Role } from '@daicho/access';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Paginated } from '@daicho/platform';
import { UserModel } from '../user/user.model';
import { AccessGrantKind, AccessGrantStatus } from './access-grant-rules';

@ObjectType('AccessGrant', {
  description:
    'A grant of a role that reads personal data (or ADMIN), taking effect only when a second person approves it',
})
export class AccessGrantModel {
  @Field(() => ID)
  id!: string;

  @Field(() => UserModel, { description: 'Who would receive the role' })
  user!: UserModel;

  @Field(() => Role)
  role!: Role;

  @Field(() => AccessGrantKind)
  kind!: AccessGrantKind;

  @Field({ description: "The requester's actor id (a user id, or cli:<os user>@<host>)" })
  requestedBy!: string;

  @Field()
  requestedAt!: Date;

  @Field(() => AccessGrantStatus)
  status!: AccessGrantStatus;

  @Field(() => String, { nullable: true })
  decidedBy!: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was rejected' })
  reason!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Only in approveAccessGrant's answer: the one-time password, shown to the approver once, who hands it to the user (the password from before, the requester's initial one or the old one, no longer works; a role change ends the user's sessions)",
  })
  oneTimePassword!: string | null;
}

@ObjectType('AccessGrantConnection')
export class AccessGrantConnection extends Paginated(AccessGrantModel, 'AccessGrant') {}
