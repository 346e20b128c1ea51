import { Field, InputType } from '@nestjs/graphql';
import { EmailAddress, PasswordText } from '../../common/validation';

@InputType()
export class LoginInput {
  @Field()
  @EmailAddress()
  email!: string;

  @Field()
  @PasswordText()
  password!: string;
}
