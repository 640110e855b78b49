import type { TestApp } from './test-app.js';

export interface TestUser {
  id: number;
  username: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  /** Headers that authenticate as this user. */
  auth: { Authorization: string };
}

let sequence = 0;

/** A unique, valid username for this run. */
export function uniqueUsername(prefix = 'user'): string {
  sequence += 1;
  return `${prefix}_${process.pid % 10000}_${sequence}`;
}

/** Registers a user through the API, as a client would. */
export async function createUser(
  t: TestApp,
  fields: Partial<{ username: string; name: string; password: string }> = {},
): Promise<TestUser> {
  const body = {
    username: fields.username ?? uniqueUsername(),
    name: fields.name ?? 'Test User',
    password: fields.password ?? 'correct horse battery',
  };
  const res = await t.http().post('/api/auth/register').send(body).expect(201);
  return {
    id: res.body.user.id,
    username: body.username,
    password: body.password,
    accessToken: res.body.accessToken,
    refreshToken: res.body.refreshToken,
    auth: { Authorization: `Bearer ${res.body.accessToken}` },
  };
}

/** Publishes a post through the API and returns its response body. */
export async function createPost(t: TestApp, author: TestUser, text = 'hello world') {
  const res = await t.http().post('/api/posts').set(author.auth).send({ text }).expect(201);
  return res.body as { id: number; text: string; likesCount: number };
}

/** What a walk through the pages does around each page request. */
export interface PageHooks<T> {
  /** Before each request: lose a timeline, say. */
  beforePage?: () => Promise<unknown>;
  /** After each page: check it, or publish before the next one is asked for. */
  afterPage?: (items: T[]) => Promise<unknown> | void;
}

/** Follows every page of a list endpoint and returns all items. */
export async function collectPages<T>(
  t: TestApp,
  url: string,
  limit: number,
  headers: Record<string, string> = {},
  { beforePage, afterPage }: PageHooks<T> = {},
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    await beforePage?.();
    const query: Record<string, string | number> = { limit };
    if (cursor) query.cursor = cursor;
    const res = await t.http().get(url).query(query).set(headers).expect(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    await afterPage?.(res.body.items);
  } while (cursor);
  return items;
}
