import { Role } from '@daicho/access';
import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { NameText } from '../../common/validation';
import { UserStatus } from '../user-status';

@InputType()
export class UpdateUserInput {
  @Field({ nullable: true })
  @IsOptional()
  @NameText()
  displayName?: string;

  @Field(() => Role, { nullable: true })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @Field({ nullable: true })
  @IsOptional()
  @NameText()
  department?: string;

  @Field(() => UserStatus, { nullable: true })
  @IsOptional()
  @IsEnum(UserStatus)
  status?: UserStatus;
}
