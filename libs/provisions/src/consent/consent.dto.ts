import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsDate, Length } from 'class-validator';
import {
  IsCatalogCode,
  IsId,
  JAPAN_TIME_ZONE,
  PageArgs,
  Paginated,
  PastDateTime,
} from '@daicho/platform';

@ObjectType('Consent', { description: "A person's consent to a provision rule; withdrawable" })
export class ConsentModel {
  @Field(() => ID)
  id!: string;
  @Field(() => ID)
  subjectId!: string;
  @Field()
  ruleCode!: string;
  @Field({ description: "The category of the person's record the consent was given for" })
  categoryCode!: string;
  @Field()
  givenAt!: Date;
  @Field(() => String, {
    nullable: true,
    description:
      'Where the consent is kept, e.g. "consent form signed at hiring"; only for the department ' +
      'that handles the category and the CPO, and gone once the person is erased',
  })
  evidence!: string | null;
  @Field({ description: 'Whether evidence was recorded (the auditor sees this, not the text)' })
  hasEvidence!: boolean;
  @Field()
  recordedBy!: string;
  @Field(() => Date, { nullable: true })
  withdrawnAt!: Date | null;
  @Field(() => Int, {
    description:
      'Hand-offs relying on this consent dated on or after the day it was withdrawn (in Japan): ' +
      'each may be a provision without consent (APPI art. 27(1)) for the CPO to look into',
  })
  handOffsSinceWithdrawal!: number;
}

@ObjectType('ConsentConnection')
export class ConsentConnection extends Paginated(ConsentModel, 'Consent') {}

@ArgsType()
export class ConsentsArgs extends PageArgs {
  @Field(() => ID)
  @IsId({ message: 'subjectId must be a UUID' })
  subjectId!: string;
}

@InputType()
export class RecordConsentInput {
  @Field(() => ID)
  @IsId({ message: 'subjectId must be a data subject id (UUID)' })
  subjectId!: string;
  @Field()
  @IsCatalogCode('ruleCode', { example: 'EMPLOYEE_ENTRANCE_APPROVAL' })
  ruleCode!: string;
  @Field()
  @IsDate()
  @PastDateTime()
  givenAt!: Date;
  @Field()
  @Length(1, 500)
  evidence!: string;
}

export interface ConsentRow {
  id: string;
  subject_id: string;
  rule_code: string;
  category_code: string;
  given_at: Date;
  /** Clear text of rows written before evidence was sealed (sealed at the next start). */
  evidence: string | null;
  evidence_sealed: Buffer | null;
  recorded_by: string;
  withdrawn_at: Date | null;
  hand_offs_since_withdrawal: number;
}

/** Columns of a consent as the service reads them. */
export const CONSENT_SELECT = `id, subject_id, rule_code, category_code, given_at, evidence,
  evidence_sealed, recorded_by, withdrawn_at,
  CASE WHEN consents.withdrawn_at IS NULL THEN 0 ELSE
    (SELECT count(*)::int FROM provision_subjects ps JOIN hand_offs h ON h.id = ps.hand_off_id
      WHERE ps.consent_id = consents.id
        AND h.handed_on >= (consents.withdrawn_at AT TIME ZONE '${JAPAN_TIME_ZONE}')::date)
  END AS hand_offs_since_withdrawal`;

export const toConsentModel = (r: ConsentRow, evidence: string | null): ConsentModel => ({
  id: r.id,
  subjectId: r.subject_id,
  ruleCode: r.rule_code,
  categoryCode: r.category_code,
  givenAt: r.given_at,
  evidence,
  hasEvidence: r.evidence !== null || r.evidence_sealed !== null,
  recordedBy: r.recorded_by,
  withdrawnAt: r.withdrawn_at,
  handOffsSinceWithdrawal: r.hand_offs_since_withdrawal,
});
