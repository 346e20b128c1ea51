import { Field, InputType } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';
import { MAX_PASSWORD_INPUT } from '../../common/validation';

@InputType()
export class ChangePasswordInput {
  @Field()
  @IsString()
  @MaxLength(MAX_PASSWORD_INPUT)
  currentPassword!: string;

  @Field()
  @IsString()
  @MaxLength(MAX_PASSWORD_INPUT)
  newPassword!: string;
}
