import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { BadUserInputError } from '../errors/domain-error';

@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true })
  endCursor!: string | null;

  @Field()
  hasNextPage!: boolean;
}

/** `first` (1–100, default 50) and `after` for keyset pages; list arguments extend it. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(100)
  first = 50;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;
}

/** A keyset position (sort key and id) as an opaque cursor. */
export function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { sortKey: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return { sortKey: value[0], id: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new BadUserInputError('after is not a cursor returned by this list.', ['after']);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cursor of a list ordered by (timestamp, uuid), checked so it can go into SQL as typed. */
export function decodeTimeCursor(cursor: string): { at: Date; id: string } {
  const { sortKey, id } = decodeCursor(cursor);
  const at = new Date(sortKey);
  if (Number.isNaN(at.getTime()) || !UUID.test(id)) {
    throw new BadUserInputError('after is not a cursor returned by this list.', ['after']);
  }
  return { at, id };
}
