import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('IncidentReportDraft', {
  description:
    'The report to the PPC (Rule 8(1)) as the CPO edits it: saved, or prefilled from the incident and its scope',
})
export class IncidentReportDraftModel {
  @Field(() => ID)
  incidentId!: string;
  @Field({ description: 'The incident number, e.g. I-2026-0001' })
  number!: string;
  @Field()
  overview!: string;
  @Field()
  items!: string;
  @Field(() => Int)
  persons!: number;
  @Field()
  cause!: string;
  @Field()
  secondaryDamage!: string;
  @Field()
  responseToPersons!: string;
  @Field()
  publication!: string;
  @Field()
  prevention!: string;
  @Field()
  other!: string;
  @Field(() => Int, { description: 'The saved version; 0 while nothing is saved (prefilled)' })
  version!: number;
  @Field({ description: 'Whether the CPO saved it (false: prefilled from the register)' })
  saved!: boolean;
  @Field(() => Date, { nullable: true })
  editedAt!: Date | null;
}
