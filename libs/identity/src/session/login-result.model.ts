import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('LoginResult')
export class LoginResultModel {
  @Field({ description: 'Send as `Authorization: Bearer <token>`' })
  token!: string;

  @Field({ description: 'The absolute end of the session; it also ends after an idle period' })
  expiresAt!: Date;

  @Field({ description: 'True until the initial or reset password has been changed' })
  mustChangePassword!: boolean;

  @Field({
    description:
      'True when the token opens only completeMfa: send the code from your authenticator app (or a recovery code) to finish signing in',
  })
  mfaRequired!: boolean;
}
