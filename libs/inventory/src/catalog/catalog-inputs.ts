import { Field, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, Min } from 'class-validator';

/** Optimistic locking for edits: the version the editor saw. */
@InputType({ isAbstract: true })
export class VersionedUpdate {
  @Field(() => Int, {
    nullable: true,
    description: 'The version you edited; a newer one in the database gives CONFLICT',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

/**
 * The fields a client actually sent: GraphQL inputs arrive with left-out fields as undefined,
 * which would hide defaults when spread; the optimistic-lock version is not a field.
 */
export function sentFields<T extends object>(input: T): Omit<T, 'expectedVersion'> {
  const sent = Object.entries(input).filter(
    ([key, value]) => value !== undefined && key !== 'expectedVersion',
  );
  return Object.fromEntries(sent) as Omit<T, 'expectedVersion'>;
}
