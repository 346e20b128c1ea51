import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsDate, IsUUID, Length } from 'class-validator';
import { PastDateTime } from '@daicho/platform';
import { CodeField } from '../input-fields';

@ObjectType('Consent', { description: "A person's consent to a provision rule; withdrawable" })
export class ConsentModel {
  @Field(() => ID)
  id!: string;
  @Field(() => ID)
  subjectId!: string;
  @Field()
  ruleCode!: string;
  @Field()
  givenAt!: Date;
  @Field({ description: 'Where the consent is kept, e.g. "consent form signed at hiring"' })
  evidence!: string;
  @Field()
  recordedBy!: string;
  @Field(() => Date, { nullable: true })
  withdrawnAt!: Date | null;
}

@InputType()
export class RecordConsentInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'subjectId must be a data subject id (UUID)' })
  subjectId!: string;
  @Field()
  @CodeField('ruleCode must be a provision rule code')
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
  given_at: Date;
  evidence: string;
  recorded_by: string;
  withdrawn_at: Date | null;
}

export const toConsentModel = (r: ConsentRow): ConsentModel => ({
  id: r.id,
  subjectId: r.subject_id,
  ruleCode: r.rule_code,
  givenAt: r.given_at,
  evidence: r.evidence,
  recordedBy: r.recorded_by,
  withdrawnAt: r.withdrawn_at,
});
