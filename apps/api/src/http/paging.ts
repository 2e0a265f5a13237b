import { Optional } from './optional';
import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import type { Request, Response } from 'express';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Problem } from './problem';

/** The most rows one page of a list carries (and what a list without `limit` gets). */
export const MAX_PAGE = 500;

/** `limit` and `cursor`, for every list that grows: the cursor is the `next` link's, opaque to clients. */
export class PageQueryDto {
  @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE) limit?: number;
  @Optional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,400}$/, { message: 'cursor is the one a next link gave / 分页游标无效' })
  cursor?: string;
}

/** One sort key of a list: its SQL, its direction, and its value on a row (for the next cursor). */
export interface PageKey<Row> {
  sql: string;
  direction: 'ASC' | 'DESC';
  of(row: Row): string | number;
}

export interface Page<T> {
  items: T[];
  /** The cursor of the page after this one, while more remains. */
  next?: string;
}

/** A keyset cursor: the sort keys of the row it continues from, opaque to clients. */
export const encodeCursor = (values: Array<string | number>) => Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');

export function decodeCursor(cursor: string, arity: number): Array<string | number> {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === 'string' || typeof v === 'number'))
      return values;
  } catch {
    // answered below
  }
  throw new Problem(400, 'Bad Request / 请求有误', 'the cursor is not one a next link gave / 分页游标无效', [
    { field: 'cursor', message: 'not a cursor of this list / 分页游标无效' },
  ]);
}

/**
 * Keyset paging: orders by the keys (the last of which must be unique), starts after the
 * cursor's row, and reads one row more than the page to know whether another page follows. A
 * page costs the same however deep in the list it is.
 */
export async function pageOf<Row extends ObjectLiteral>(
  query: SelectQueryBuilder<Row>,
  keys: ReadonlyArray<PageKey<Row>>,
  page: PageQueryDto,
): Promise<Page<Row>> {
  const limit = page.limit ?? MAX_PAGE;
  keys.forEach((key, i) => (i === 0 ? query.orderBy(key.sql, key.direction) : query.addOrderBy(key.sql, key.direction)));
  if (page.cursor) {
    const after = decodeCursor(page.cursor, keys.length);
    // (k1 beyond v1) or (k1 = v1 and k2 beyond v2) or …, "beyond" in each key's own direction.
    const branches = keys.map((key, i) => {
      const equal = keys.slice(0, i).map((earlier, j) => `${earlier.sql} = :page${j}`);
      return [...equal, `${key.sql} ${key.direction === 'ASC' ? '>' : '<'} :page${i}`].join(' and ');
    });
    query.andWhere(`(${branches.map((b) => `(${b})`).join(' or ')})`, Object.fromEntries(after.map((v, i) => [`page${i}`, v])));
  }
  const rows = await query.limit(limit + 1).getMany();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return rows.length > limit && last ? { items, next: encodeCursor(keys.map((key) => key.of(last))) } : { items };
}

/** Answers a page: the body stays an array; `Link: <…>; rel="next"` names the next page while more remains. */
export function sendPage<T>(request: Request, response: Response, page: Page<T>): T[] {
  if (page.next) {
    const url = new URL(request.originalUrl, 'http://local');
    url.searchParams.set('cursor', page.next);
    response.setHeader('Link', `<${url.pathname}${url.search}>; rel="next"`);
  }
  return page.items;
}
