import type { TestUser } from './factories.js';
import type { TestApp } from './test-app.js';

/** An id that no row will ever have in a test run. */
export const UNKNOWN_ID = 999_999_999;

/** ISO 8601 in UTC, as every timestamp in a response. */
export const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Path ids that are not positive integers: each must give 400. */
export const BAD_IDS = ['abc', '0', '-1', '1.5', '1e3', '0x10', '99999999999999999999'];

const cursorOf = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** Query strings that must give 400 on every paginated list. */
export const BAD_PAGE_QUERIES: [string, Record<string, string>][] = [
  ['limit=0', { limit: '0' }],
  ['limit=101', { limit: '101' }],
  ['limit=abc', { limit: 'abc' }],
  ['limit=-1', { limit: '-1' }],
  ['limit=1.5', { limit: '1.5' }],
  ['an empty cursor', { cursor: '' }],
  ['a cursor that is not base64url', { cursor: 'not a cursor!' }],
  ['a cursor that decodes to garbage', { cursor: 'bm9uc2Vuc2U' }],
  ['a cursor with key 0', { cursor: cursorOf('v1:0') }],
  ['a cursor with a negative key', { cursor: cursorOf('v1:-5') }],
  ['a cursor of another version', { cursor: cursorOf('v2:5') }],
];

/** The contract's error body for a status; `message` may be text, a pattern or a matcher. */
export function errorBody(statusCode: number, error: string, message?: unknown) {
  return {
    statusCode,
    error,
    message:
      message === undefined
        ? expect.anything()
        : message instanceof RegExp
          ? expect.stringMatching(message)
          : message,
  };
}

export const badRequest = (message?: unknown) => errorBody(400, 'Bad Request', message);
export const unauthorized = () => errorBody(401, 'Unauthorized');
export const forbidden = () => errorBody(403, 'Forbidden');
export const notFound = (message?: unknown) => errorBody(404, 'Not Found', message);

/** Headers that send a token the API must refuse. */
export const BAD_TOKEN = { Authorization: 'Bearer not.a.token' };

export async function follow(t: TestApp, follower: TestUser, target: { id: number }) {
  await t.http().put(`/api/users/${target.id}/follow`).set(follower.auth).expect(204);
}

export async function unfollow(t: TestApp, follower: TestUser, target: { id: number }) {
  await t.http().delete(`/api/users/${target.id}/follow`).set(follower.auth).expect(204);
}

export async function like(t: TestApp, user: TestUser, post: { id: number }) {
  await t.http().put(`/api/posts/${post.id}/like`).set(user.auth).expect(204);
}

export async function unlike(t: TestApp, user: TestUser, post: { id: number }) {
  await t.http().delete(`/api/posts/${post.id}/like`).set(user.auth).expect(204);
}

/** A user's public profile, as an anonymous reader sees it. */
export async function profile(t: TestApp, user: { id: number }) {
  return (await t.http().get(`/api/users/${user.id}`).expect(200)).body as {
    id: number;
    followersCount: number;
    followingCount: number;
    postsCount: number;
  };
}

/** A post, as an anonymous reader sees it. */
export async function readPost(t: TestApp, post: { id: number }) {
  return (await t.http().get(`/api/posts/${post.id}`).expect(200)).body as {
    id: number;
    text: string;
    createdAt: string;
    updatedAt: string;
    likesCount: number;
  };
}

/** The ids of one page of a list. */
export async function pageIds(
  t: TestApp,
  url: string,
  headers: Record<string, string> = {},
): Promise<number[]> {
  const res = await t.http().get(url).set(headers).expect(200);
  return (res.body.items as { id: number }[]).map((item) => item.id);
}

/**
 * COUNT(*) of the rows of a table matching column = value pairs: the ground
 * truth the stored counters are compared with.
 */
export async function countRows(
  t: TestApp,
  table: 'user_follow' | 'post' | 'post_like',
  where: Record<string, number>,
): Promise<number> {
  const q = (name: string) => t.dataSource.driver.escape(name);
  const columns = Object.keys(where);
  const condition = columns.map((c) => `${q(c)} = ?`).join(' AND ');
  const rows: { n: number | string }[] = await t.dataSource.query(
    `SELECT COUNT(*) AS n FROM ${q(table)}${columns.length ? ` WHERE ${condition}` : ''}`,
    columns.map((c) => where[c]),
  );
  return Number(rows[0].n);
}
