import type { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { BadUserInputError } from '../errors/domain-error';
import { parseCalendarDate, parseDateTime } from '../input/dates';
import { UUID_PATTERN } from '../input/id-field';
import { breaksTextRule } from '../input/text-rule';

@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true })
  endCursor!: string | null;

  @Field()
  hasNextPage!: boolean;
}

/** One element of a page: the node and the cursor to continue after it. */
export interface Edge<T> {
  node: T;
  cursor: string;
}

/** The one list shape: `edges { node cursor } pageInfo { endCursor hasNextPage }`. */
export interface Page<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

/**
 * The GraphQL types of a list of `node`s: `<Name>Edge` and `<Name>Connection`. Every list that
 * can grow is a keyset page of this shape (small, bounded catalog lists stay plain arrays).
 */
export function Paginated<T>(node: Type<T>, name: string = node.name.replace(/Model$/, '')) {
  @ObjectType(`${name}Edge`)
  class EdgeType implements Edge<T> {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { isAbstract: true })
  abstract class ConnectionType implements Page<T> {
    @Field(() => [EdgeType])
    edges!: Edge<T>[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionType;
}

/**
 * A page from rows fetched with `LIMIT first + 1` in keyset order: the extra row only says
 * there is a next page. `toNode` maps a row to its node; `cursorOf` gives the row's keyset cursor.
 */
export function pageOf<R, T>(
  rows: readonly R[],
  first: number,
  cursorOf: (row: R) => string,
  toNode: (row: R) => T,
): Page<T> {
  const shown = rows.slice(0, first);
  const edges = shown.map((row) => ({ node: toNode(row), cursor: cursorOf(row) }));
  const last = edges.at(-1);
  return {
    edges,
    pageInfo: { endCursor: last ? last.cursor : null, hasNextPage: rows.length > first },
  };
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

/** A cursor of a list ordered by (timestamp, uuid), checked so it can go into SQL as typed. */
export function decodeTimeCursor(cursor: string): { at: Date; id: string } {
  const { sortKey, id } = decodeCursor(cursor);
  const at = parseDateTime(sortKey);
  if (!at || !UUID_PATTERN.test(id)) {
    throw new BadUserInputError('after is not a cursor returned by this list.', ['after']);
  }
  return { at, id };
}

/**
 * The SQL sort key of a timestamp column in a (timestamp, id) keyset: cut to the millisecond, as
 * a cursor (from a JavaScript Date) carries it. A column written by now() keeps microseconds; a
 * keyset on the bare column would show a page's last row again, or skip its neighbours.
 */
export function timeKey(column: string): string {
  return `date_trunc('milliseconds', ${column})`;
}

/** A cursor of a list ordered by (calendar date, uuid), checked so it can go into SQL as typed. */
export function decodeDateCursor(cursor: string): { sortKey: string; id: string } {
  const decoded = decodeCursor(cursor);
  if (parseCalendarDate(decoded.sortKey) === null || !UUID_PATTERN.test(decoded.id)) {
    throw new BadUserInputError('after is not a cursor returned by this list.', ['after']);
  }
  return decoded;
}

/**
 * A cursor of a list ordered by (text key such as a code or name, id): the key is any text (it
 * is compared as text in SQL), the id must look like the list's ids (a UUID unless told).
 */
export function decodeTextCursor(
  cursor: string,
  idPattern: RegExp = UUID_PATTERN,
): { sortKey: string; id: string } {
  const decoded = decodeCursor(cursor);
  if (!idPattern.test(decoded.id)) {
    throw new BadUserInputError('after is not a cursor returned by this list.', ['after']);
  }
  return decoded;
}
