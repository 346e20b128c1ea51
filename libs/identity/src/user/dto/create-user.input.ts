import { Role } from '@daicho/access';
import { Field, InputType } from '@nestjs/graphql';
import { IsEnum } from 'class-validator';
import { EmailAddress, NameText, PasswordText } from '../../common/validation';

@InputType()
export class CreateUserInput {
  @Field()
  @EmailAddress()
  email!: string;

  @Field()
  @NameText()
  displayName!: string;

  @Field(() => Role)
  @IsEnum(Role)
  role!: Role;

  @Field()
  @NameText()
  department!: string;

  @Field({ description: 'An initial password; the user must change it at first login.' })
  @PasswordText()
  password!: string;
}
