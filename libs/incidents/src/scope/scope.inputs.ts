import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsDate, IsOptional, Matches } from 'class-validator';
import { IsActorId, IsCatalogCode, PastDateTime, IsId } from '@daicho/platform';

@InputType()
export class AffectedRecordsInput {
  @Field(() => [ID], { defaultValue: [], description: 'Records known to be affected' })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsId({ each: true, message: 'recordIds must hold record ids (UUIDs)' })
  recordIds!: string[];
  @Field(() => [ID], {
    defaultValue: [],
    description: 'Persons known to be affected: every record of theirs goes in',
  })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsId({ each: true, message: 'subjectIds must hold data subject ids (UUIDs)' })
  subjectIds!: string[];
}

@InputType({ description: 'Every record of a category, or in a system, held during a period' })
export class ScopeByHoldingInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsCatalogCode('categoryCode')
  categoryCode?: string;
  @Field({ nullable: true, description: 'A storage system: every category kept in it' })
  @IsOptional()
  @IsCatalogCode('systemCode')
  systemCode?: string;
  @Field()
  @IsDate()
  @PastDateTime()
  from!: Date;
  @Field()
  @IsDate()
  @PastDateTime()
  to!: Date;
}

@InputType({
  description: 'What an account (a user, an API key or a CLI operator) read, exported or provided',
})
export class ScopeFromLedgerInput {
  @Field(() => ID, {
    description:
      'The actor as the ledger names it: a user or API key id, or a CLI operator (cli:<OS user>@<host>)',
  })
  @IsActorId('actorId must be a user or API key id (UUID) or a CLI operator (cli:<user>@<host>)')
  actorId!: string;
  @Field({
    nullable: true,
    description:
      "A person in an integrated system, as its events name them (recordAccessEvents' actorRef); actorId is then the reporting API key and the window is when the events happened",
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'actorRef must be an opaque id' })
  actorRef?: string;
  @Field()
  @IsDate()
  @PastDateTime()
  from!: Date;
  @Field()
  @IsDate()
  @PastDateTime()
  to!: Date;
}
