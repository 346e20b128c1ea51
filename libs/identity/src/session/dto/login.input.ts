import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsString, MaxLength } from 'class-validator';
import { MAX_EMAIL_LENGTH, MAX_PASSWORD_INPUT, NormaliseEmail } from '../../common/validation';

@InputType()
export class LoginInput {
  @Field()
  @NormaliseEmail()
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(MAX_EMAIL_LENGTH)
  email!: string;

  @Field()
  @IsString()
  @MaxLength(MAX_PASSWORD_INPUT)
  password!: string;
}
