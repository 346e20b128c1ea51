import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { IsEmail, IsOptional, IsString, Length } from 'class-validator';

/**
 * How to reach a person who wrote to the company (a requester, a complainant): kept as a sealed
 * personal record of its own category, never as columns. The GraphQL types that take or show it
 * extend these, so each is checked the same way.
 */
@InputType({ isAbstract: true })
export abstract class ContactInput {
  @Field()
  @IsString()
  @Length(1, 200)
  name!: string;
  @Field({ nullable: true, description: 'Where a written answer goes (policy: by mail)' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  address?: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @Length(3, 254)
  email?: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(3, 30)
  phone?: string;
}

@ObjectType({ isAbstract: true })
export abstract class ContactModel {
  @Field()
  name!: string;
  @Field(() => String, { nullable: true })
  address!: string | null;
  @Field(() => String, { nullable: true })
  email!: string | null;
  @Field(() => String, { nullable: true })
  phone!: string | null;
}
