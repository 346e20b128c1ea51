import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { BadUserInputError } from '../errors/domain-error';
import { parseDateTime } from '../input/dates';
import { breaksTextRule } from '../input/text-rule';

@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true })
  endCursor!: string | null;

  @Field()
  hasNextPage!: boolean;
}

/** The largest page any list serves (`first`). */
export const PAGE_SIZE_LIMIT = 100;

/** `first` (1–100, default 50) and `after` for keyset pages; list arguments extend it. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(PAGE_SIZE_LIMIT)
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
    // A forged cursor is client text like any other: the text rule applies (NUL cannot reach SQL).
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      value.every((v) => typeof v === 'string' && !breaksTextRule(v))
    ) {
      const [sortKey, id] = value as [string, string];
      return { sortKey, id };
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
  const at = parseDateTime(sortKey);
  if (!at || !UUID.test(id)) {
    throw new BadUserInputError('after is not a cursor returned by this list.', ['after']);
  }
  return { at, id };
}
