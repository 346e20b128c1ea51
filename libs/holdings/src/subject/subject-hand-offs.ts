import { Field, ObjectType } from '@nestjs/graphql';
import type { EntityManager } from 'typeorm';

@ObjectType('SubjectHandOff', {
  description: "A hand-off of the person's data: provision, entrustment, or receipt",
})
export class SubjectHandOffModel {
  @Field({ description: 'PROVISION, ENTRUSTMENT or RECEIPT' })
  kind!: 'PROVISION' | 'ENTRUSTMENT' | 'RECEIPT';
  @Field({ description: 'The provision, entrustment or receipt record' })
  recordId!: string;
  @Field({ description: 'YYYY-MM-DD' })
  on!: string;
  @Field({ description: 'Recipient, contractor or source' })
  counterpart!: string;
  @Field(() => [String])
  items!: string[];
  @Field({ description: 'e.g. RECORDED, PENDING_APPROVAL, APPROVED; ENTRUSTED; RECEIVED' })
  status!: string;
}

/**
 * Port through which a person's footprint shows where their data went and came from; the
 * provisions library implements it (holdings does not know it).
 */
export abstract class SubjectHandOffs {
  abstract forSubject(manager: EntityManager, subjectId: string): Promise<SubjectHandOffModel[]>;
}
