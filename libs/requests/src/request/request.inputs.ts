import { Field, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CalendarDateScalar, IsCatalogCode, IsId, IsItemKey, PastDateTime } from '@daicho/platform';
import {
  AgentKind,
  AuthorityDocumentType,
  DisclosureExemption,
  DisclosureMethod,
  FeePaymentMethod,
  IdentityCheckResult,
  IdentityCheckSubject,
  IdentityDocumentType,
  RefusalGround,
  RequestChannel,
  RequestKind,
  RequestOutcome,
  ResponseMethod,
} from '../request-enums';
import { MissingItem } from './request-row';
import { RecordValueInput, ContactInput } from '@daicho/holdings';

/** A calendar date field: the `Date` scalar checks its form; this admits it past the whitelist. */
const DateField = () => IsString();

@InputType()
export class RequesterInput extends ContactInput {}

@InputType()
export class AgentInput {
  @Field(() => AgentKind)
  @IsEnum(AgentKind)
  kind!: AgentKind;
  @Field()
  @IsString()
  @Length(1, 200)
  name!: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  address?: string;
}

@InputType()
export class ReceiveRequestInput {
  @Field(() => RequestKind)
  @IsEnum(RequestKind)
  kind!: RequestKind;
  @Field({ description: 'When the request reached the company (not in the future)' })
  @IsDate()
  @PastDateTime()
  receivedAt!: Date;
  @Field(() => RequestChannel)
  @IsEnum(RequestChannel)
  channel!: RequestChannel;
  @Field(() => RequesterInput)
  @ValidateNested()
  @Type(() => RequesterInput)
  requester!: RequesterInput;
  @Field(() => AgentInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AgentInput)
  agent?: AgentInput;
  @Field(() => DisclosureMethod, { nullable: true, description: 'For DISCLOSURE only' })
  @IsOptional()
  @IsEnum(DisclosureMethod)
  disclosureMethod?: DisclosureMethod;
  @Field({ nullable: true, description: 'What the person asks for, as written (kept sealed)' })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  details?: string;
}

@InputType()
export class RecordIdentityCheckInput {
  @Field(() => IdentityCheckSubject)
  @IsEnum(IdentityCheckSubject)
  subject!: IdentityCheckSubject;
  @Field(() => IdentityDocumentType)
  @IsEnum(IdentityDocumentType)
  documentType!: IdentityDocumentType;
  @Field({ description: 'The domicile of origin was blacked out on the copy' })
  @IsBoolean()
  domicileBlackedOut!: boolean;
  @Field(() => AuthorityDocumentType, {
    nullable: true,
    description: 'For an agent: the document proving the authority (art. 37)',
  })
  @IsOptional()
  @IsEnum(AuthorityDocumentType)
  authorityDocument?: AuthorityDocumentType;
  @Field(() => IdentityCheckResult)
  @IsEnum(IdentityCheckResult)
  result!: IdentityCheckResult;
  @Field({ nullable: true, description: 'What was seen (kept sealed)' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

@InputType()
export class RecordFeePaymentInput {
  @Field(() => Int, { description: 'Yen' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  amount!: number;
  @Field(() => FeePaymentMethod)
  @IsEnum(FeePaymentMethod)
  method!: FeePaymentMethod;
  @Field(() => CalendarDateScalar, { description: 'YYYY-MM-DD, not in the future' })
  @DateField()
  receivedOn!: string;
  @Field({ description: "The money order's number or another reference" })
  @IsString()
  @Length(1, 100)
  reference!: string;
}

@InputType()
export class RequestMissingItemsInput {
  @Field(() => [MissingItem])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsEnum(MissingItem, { each: true })
  items!: MissingItem[];
}

@InputType()
export class RouteRequestInput {
  @Field({ description: 'The client (a catalog recipient) whose entrusted data it is' })
  @IsCatalogCode('recipientCode', { example: 'CLIENT_CALL_CENTER' })
  recipientCode!: string;
  @Field(() => CalendarDateScalar)
  @DateField()
  sentOn!: string;
}

@InputType()
export class ClientInstructionInput {
  @Field(() => CalendarDateScalar)
  @DateField()
  receivedOn!: string;
  @Field({ description: 'What the client instructed (kept sealed)' })
  @IsString()
  @Length(1, 5000)
  instruction!: string;
}

/** What SUSPENSION_OR_ERASURE does: suspend use, or erase by crypto-shredding (art. 35(1)). */
export enum SuspensionMeasure {
  SUSPEND_USE = 'SUSPEND_USE',
  ERASE = 'ERASE',
}
registerEnumType(SuspensionMeasure, { name: 'SuspensionMeasure' });

@InputType({ description: 'One item of a category held back' })
export class WithheldItemInput {
  @Field()
  @IsCatalogCode('categoryCode', { example: 'EMPLOYEE' })
  categoryCode!: string;
  @Field()
  @IsItemKey('itemKey', { example: 'healthCheckResults' })
  itemKey!: string;
}

@InputType({
  description:
    'What a PARTIAL decision holds back (APPI arts. 33(2), 34(2), 35): whole categories, single items, or both',
})
export class WithheldPartInput {
  @Field(() => [String], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsCatalogCode('categoryCodes', { each: true, example: 'CCTV' })
  categoryCodes: string[] = [];
  @Field(() => [WithheldItemInput], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => WithheldItemInput)
  items: WithheldItemInput[] = [];
}

@InputType()
export class DecideRequestInput {
  @Field(() => RequestOutcome)
  @IsEnum(RequestOutcome)
  outcome!: RequestOutcome;
  @Field(() => [RefusalGround], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(7)
  @IsEnum(RefusalGround, { each: true })
  grounds: RefusalGround[] = [];
  @Field(() => DisclosureExemption, { nullable: true })
  @IsOptional()
  @IsEnum(DisclosureExemption)
  exemption?: DisclosureExemption;
  @Field(() => WithheldPartInput, {
    nullable: true,
    description: 'PARTIAL only, and required then: what is held back',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => WithheldPartInput)
  withheld?: WithheldPartInput;
  @Field(() => SuspensionMeasure, {
    nullable: true,
    description:
      'SUSPENSION_OR_ERASURE complied with (in part): the measure decided on, which the execution then carries out',
  })
  @IsOptional()
  @IsEnum(SuspensionMeasure)
  measure?: SuspensionMeasure;
  @Field({
    defaultValue: false,
    description:
      'Answers what an earlier decision on the same person kept from them under an exemption, its grounds no longer holding (recorded with the decision); without it, such a part must be held back again',
  })
  @IsBoolean()
  liftEarlierExemptions: boolean = false;
  @Field({ nullable: true, description: 'Internal note (kept sealed)' })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  note?: string;
}

@InputType()
export class RecordCorrectionInput {
  @Field(() => ID)
  @IsId()
  recordId!: string;
  @Field(() => [RecordValueInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RecordValueInput)
  values!: RecordValueInput[];
}

@InputType()
export class ExecuteRequestInput {
  @Field(() => [RecordCorrectionInput], {
    nullable: true,
    description: 'CORRECTION: the items to correct, add or delete, per record',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RecordCorrectionInput)
  corrections?: RecordCorrectionInput[];
  @Field(() => SuspensionMeasure, { nullable: true, description: 'SUSPENSION_OR_ERASURE only' })
  @IsOptional()
  @IsEnum(SuspensionMeasure)
  measure?: SuspensionMeasure;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'PURPOSE_NOTICE, DISCLOSURE, PROVISION_RECORDS: true when the search found no person held, so nobody was matched; the answer then says no retained personal data is held (APPI arts. 32(3), 33(3)). Required then, refused otherwise.',
  })
  @IsOptional()
  @IsBoolean()
  noneHeld?: boolean;
}

@InputType()
export class RespondToRequestInput {
  @Field(() => CalendarDateScalar)
  @DateField()
  sentOn!: string;
  @Field(() => ResponseMethod)
  @IsEnum(ResponseMethod)
  method!: ResponseMethod;
}
