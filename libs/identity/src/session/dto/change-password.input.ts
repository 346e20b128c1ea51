import { Field, InputType } from '@nestjs/graphql';
import { PasswordText } from '../../common/validation';

@InputType()
export class ChangePasswordInput {
  @Field()
  @PasswordText()
  currentPassword!: string;

  @Field()
  @PasswordText()
  newPassword!: string;
}
