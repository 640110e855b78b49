import { encodeCursor } from './cursor.js';
import { paginate } from './page.js';

describe('paginate', () => {
  const rows = Array.from({ length: 10 }, (_, i) => ({ id: 10 - i }));
  const fetch = async ({ before, take }: { before?: number; take: number }) =>
    rows.filter((r) => before === undefined || r.id < before).slice(0, take);

  it('serves `limit` items and a cursor when more follow', async () => {
    const page = await paginate(
      { limit: 3 },
      fetch,
      (r) => r.id,
      (r) => r,
    );
    expect(page.items.map((r) => r.id)).toEqual([10, 9, 8]);
    expect(page.nextCursor).toBe(encodeCursor(8));
  });

  it('continues after the cursor and ends with null', async () => {
    const page = await paginate(
      { limit: 5, cursor: encodeCursor(5) },
      fetch,
      (r) => r.id,
      (r) => r,
    );
    expect(page.items.map((r) => r.id)).toEqual([4, 3, 2, 1]);
    expect(page.nextCursor).toBeNull();
  });

  it('gives no cursor when the page is exactly full and nothing follows', async () => {
    const page = await paginate(
      { limit: 10 },
      fetch,
      (r) => r.id,
      (r) => r,
    );
    expect(page.items).toHaveLength(10);
    expect(page.nextCursor).toBeNull();
  });
});
