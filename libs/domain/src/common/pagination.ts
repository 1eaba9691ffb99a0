import { Type } from '@nestjs/common';
import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CommonErrorCode, CommonException } from './common.exception';

@InputType({ description: 'Keyset paging, newest first: pass the previous page’s nextCursor as `after`' })
export class PageInput {
  @Field(() => Int, { defaultValue: 20 })
  @IsInt()
  @Min(1)
  @Max(100)
  first = 20;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function Paginated<T>(item: Type<T>) {
  @ObjectType({ isAbstract: true })
  abstract class PageType implements Page<T> {
    @Field(() => [item]) items: T[];
    @Field(() => String, { nullable: true, description: 'Null on the last page' }) nextCursor: string | null;
  }
  return PageType;
}

interface Cursor {
  at: string;
  id: string;
}

/**
 * Orders newest first by (`atColumn`, `idColumn`) and continues after the cursor; fetches one row
 * more than asked to know whether another page follows.
 */
export function pageQuery<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, page: PageInput, atColumn: string, idColumn: string): SelectQueryBuilder<E> {
  if (page.after) {
    const cursor = decodeCursor(page.after);
    qb.andWhere(`(${atColumn}, ${idColumn}) < (:cursorAt, :cursorId)`, { cursorAt: cursor.at, cursorId: cursor.id });
  }
  return qb.orderBy(atColumn, 'DESC').addOrderBy(idColumn, 'DESC').take(page.first + 1);
}

export function toPage<E, T>(rows: E[], page: PageInput, key: (row: E) => { at: Date; id: string }, view: (row: E) => T): Page<T> {
  const more = rows.length > page.first;
  const items = rows.slice(0, page.first);
  const last = items[items.length - 1];
  const nextCursor = more && last ? encodeCursor(key(last)) : null;
  return { items: items.map(view), nextCursor };
}

export function encodeCursor({ at, id }: { at: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ at: at.toISOString(), id } satisfies Cursor)).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (typeof cursor.id === 'string' && !Number.isNaN(Date.parse(cursor.at))) return cursor;
  } catch {
    // falls through to the refusal below
  }
  throw new CommonException(CommonErrorCode.BadCursor, 'the cursor is not one this API returned');
}
