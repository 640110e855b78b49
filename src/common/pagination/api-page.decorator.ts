import { applyDecorators, type Type } from '@nestjs/common';
import { ApiOkResponse, ApiProperty } from '@nestjs/swagger';

const pageTypes = new Map<Type<unknown>, Type<unknown>>();

/**
 * The `Page<T>` schema for one item type, as a named model (`UserPage`,
 * `PostPage`) so that generated clients get a named type, not an anonymous one.
 */
function pageOf<T>(item: Type<T>): Type<unknown> {
  let page = pageTypes.get(item);
  if (!page) {
    class Page {
      @ApiProperty({ type: [item] })
      items: T[];

      @ApiProperty({
        type: String,
        nullable: true,
        description: 'Pass as `cursor` for the next page; null on the last page',
        example: 'djE6MTI',
      })
      nextCursor: string | null;
    }
    Object.defineProperty(Page, 'name', { value: `${item.name.replace(/ResponseDto$/, '')}Page` });
    page = Page;
    pageTypes.set(item, page);
  }
  return page;
}

/** Documents a `Page<T>` response: `{ items: T[], nextCursor: string | null }`. */
export const ApiPage = <T>(item: Type<T>) =>
  applyDecorators(ApiOkResponse({ type: pageOf(item), description: 'A page of results' }));
