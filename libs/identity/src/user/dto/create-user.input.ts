import { Role } from '@daicho/access';
import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsEnum, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import {
  MAX_EMAIL_LENGTH,
  MAX_NAME_LENGTH,
  MAX_PASSWORD_INPUT,
  NormaliseEmail,
  Trim,
} from '../../common/validation';

@InputType()
export class CreateUserInput {
  @Field()
  @NormaliseEmail()
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(MAX_EMAIL_LENGTH)
  email!: string;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_NAME_LENGTH)
  displayName!: string;

  @Field(() => Role)
  @IsEnum(Role)
  role!: Role;

  @Field()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_NAME_LENGTH)
  department!: string;

  @Field({ description: 'An initial password; the user must change it at first login.' })
  @IsString()
  @MaxLength(MAX_PASSWORD_INPUT)
  password!: string;
}
