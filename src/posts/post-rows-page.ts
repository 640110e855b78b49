import { type KeysetWindow, type Page, paginate } from '../common/pagination/page.js';
import { type PageQueryDto } from '../common/pagination/page-query.dto.js';
import { type PostRow } from './posts.repository.js';

const ROWS = Symbol('post rows');

/**
 * A page of post ids read from the database as whole rows. Lists are cached as
 * ids (the posts come from their own cache entries), but a page that was just
 * read from the database already has its posts: the rows ride along as a hidden
 * property, so hydration does not read them a second time. Like a cache hint
 * (src/cache/cache-hint.ts), they are never stored nor sent, and a page served
 * from the cache has none.
 */
export async function paginatePostRows(
  query: PageQueryDto,
  fetch: (window: KeysetWindow) => Promise<PostRow[]>,
): Promise<Page<number>> {
  let served: PostRow[] = [];
  const page = await paginate(
    query,
    fetch,
    (row) => row.id,
    (rows) => {
      served = rows;
      return rows.map((row) => row.id);
    },
  );
  Object.defineProperty(page, ROWS, { value: served, enumerable: false });
  return page;
}

/** The rows a page was read with, if it was just read from the database. */
export function postRowsOf(page: Page<number>): readonly PostRow[] | undefined {
  return (page as { [ROWS]?: PostRow[] })[ROWS];
}
