import { decodeCursor, encodeCursor } from './cursor.js';
import { PageQueryDto } from './page-query.dto.js';

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

/** What a keyset query needs: fetch `take` rows whose key is below `before`. */
export interface KeysetWindow {
  before?: number;
  take: number;
}

/**
 * Keyset pagination, newest first, in one place. The query fetches one row
 * more than the page to learn whether another page follows; the cursor is
 * the key of the last row served, so rows added at the head never shift a page.
 */
export async function paginate<Row, Item>(
  query: PageQueryDto,
  fetch: (window: KeysetWindow) => Promise<Row[]>,
  keyOf: (row: Row) => number,
  toItems: (rows: Row[]) => Promise<Item[]> | Item[],
): Promise<Page<Item>> {
  const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const rows = await fetch({ before, take: query.limit + 1 });
  const hasMore = rows.length > query.limit;
  const pageRows = hasMore ? rows.slice(0, query.limit) : rows;
  return {
    items: await toItems(pageRows),
    nextCursor: hasMore ? encodeCursor(keyOf(pageRows[pageRows.length - 1])) : null,
  };
}
