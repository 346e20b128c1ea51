import { Field, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsDate,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { Trim } from '../../common/validation';

@InputType()
export class CreateApiKeyInput {
  @Field({ description: 'What the key is for, e.g. "HR system nightly sync"' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @Field(() => [String], { description: 'What the key may do, e.g. ["users:read"]' })
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(32)
  scopes!: string[];

  @Field({ nullable: true, description: 'When the key stops working; no expiry when omitted' })
  @IsOptional()
  @IsDate()
  expiresAt?: Date;
}
