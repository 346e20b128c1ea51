import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsCatalogCode, LedgerAction, PastDateTime, IsId } from '@daicho/platform';
import { LEDGER_FIELD } from '../entry/entry-input';
import { LEDGER_OUTCOMES } from '../entry/ledger-entry';

/** What an internal system may report it did with personal data: the data actions, READ…RECEIVE. */
export const REPORTABLE_ACTIONS: readonly LedgerAction[] = [
  LedgerAction.READ,
  LedgerAction.CREATE,
  LedgerAction.UPDATE,
  LedgerAction.DISPOSE,
  LedgerAction.EXPORT,
  LedgerAction.PROVIDE,
  LedgerAction.ENTRUST,
  LedgerAction.RECEIVE,
];
export const MAX_EVENTS_PER_CALL = 1000;

/**
 * What a reporting system may add about an access: a closed set of keys, each with a code of its
 * own (GATE_3, IVR, BATCH-2026-11), never free text. Entries are kept for ever and hold no
 * personal data, so anything else is refused, not stored.
 */
export const ACCESS_EVENT_DETAIL_KEYS = [
  'channel',
  'system',
  'site',
  'terminal',
  'reason',
  'batch',
] as const;
export const ACCESS_EVENT_DETAIL_VALUE = /^[A-Z0-9][A-Z0-9_.:-]{0,63}$/;

@InputType()
export class AccessEventDetailInput {
  @Field({ description: ACCESS_EVENT_DETAIL_KEYS.join(', ') })
  @IsIn(ACCESS_EVENT_DETAIL_KEYS, {
    message: `details key must be one of ${ACCESS_EVENT_DETAIL_KEYS.join(', ')}`,
  })
  key!: string;

  @Field({ description: 'A code: A–Z, 0–9 and _ . : - (up to 64), e.g. GATE_3' })
  @IsString()
  @Matches(ACCESS_EVENT_DETAIL_VALUE, {
    message: 'details value must be a code: A–Z, 0–9 and _ . : - (up to 64 characters)',
  })
  value!: string;
}

@InputType()
export class AccessEventInput {
  @Field({ description: "The reporting system's own id for the event; resending it is harmless" })
  @Matches(/^[A-Za-z0-9._:-]{1,200}$/, {
    message: 'eventId must be 1–200 letters, digits or . _ : -',
  })
  eventId!: string;

  @Field({ description: 'When the access happened in the reporting system' })
  @IsDate()
  @PastDateTime()
  occurredAt!: Date;

  @Field(() => String, { description: REPORTABLE_ACTIONS.join(', ') })
  @IsIn(REPORTABLE_ACTIONS)
  action!: LedgerAction;

  @Field({ defaultValue: 'ALLOWED' })
  @IsIn(LEDGER_OUTCOMES)
  outcome: string = 'ALLOWED';

  @Field({ nullable: true, description: 'Pseudonymous id of the data subject' })
  @IsOptional()
  @IsId()
  subjectId?: string;

  @Field()
  @IsCatalogCode('categoryCode')
  categoryCode!: string;

  @Field()
  @IsCatalogCode('purposeCode')
  purposeCode!: string;

  @Field(() => [String], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(LEDGER_FIELD, { each: true, message: 'fields must be item keys' })
  fields: string[] = [];

  @Field({
    nullable: true,
    description:
      'Id of the person who acted in that system; the ledger keeps only its keyed hash (details.reportedActor)',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'actorRef must be an opaque id' })
  actorRef?: string;

  @Field(() => [AccessEventDetailInput], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AccessEventDetailInput)
  details: AccessEventDetailInput[] = [];
}

@InputType()
export class RecordAccessEventsInput {
  @Field(() => [AccessEventInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_EVENTS_PER_CALL)
  @ValidateNested({ each: true })
  @Type(() => AccessEventInput)
  events!: AccessEventInput[];
}

@ObjectType()
export class RecordAccessEventsResult {
  @Field(() => Int, { description: 'Events recorded by this call' })
  recorded!: number;

  @Field(() => Int, { description: 'Events already recorded earlier under the same eventId' })
  duplicates!: number;
}
