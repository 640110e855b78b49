#!/usr/bin/env node
// The limit the app is measured against: the least code that does the same
// logical work as the app for two routes, on the same MySQL tables and indexes
// and the same Redis. Plain Fastify, raw mysql2 queries and an ioredis client:
// no Nest, no ORM, no validation library, no plugins.
//
//   GET /api/posts/:id  cache-aside in Redis: GET, else SELECT post JOIN user and
//                       SET with a TTL (not awaited, as in the app); anonymous.
//   GET /api/feed       verifies the HS256 access token (signature, exp, iss, aud),
//                       checks that its user exists, reads the followees, runs the
//                       app's per-author UNION ALL keyset query over (user, id),
//                       hydrates the page's posts with their authors and marks the
//                       ones the caller liked. Never cached (the app's cold feed).
//
// What it skips, on purpose, is listed in bench/README.md ("The baseline").
//
// Environment: DATABASE_URL (mysql://...), REDIS_URL, JWT_SECRET, PORT, HOST,
// CACHE_TTL (seconds, default 60), CACHE_PREFIX (Redis key prefix of this run).
import { createHmac, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';

const ISSUER = 'social-api';
const AUDIENCE = 'social-api';
const AUTHORS_PER_QUERY = 200; // as in src/posts/feed.repository.ts
const TTL_MS = Number(process.env.CACHE_TTL ?? 60) * 1000;
const PREFIX = process.env.CACHE_PREFIX ?? 'bench:baseline';
const secret = Buffer.from(process.env.JWT_SECRET ?? '', 'utf8');

const db = mysql.createPool({
  uri: process.env.DATABASE_URL,
  connectionLimit: 10, // the app's pool size
  timezone: 'Z',
  enableKeepAlive: true,
});
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const app = Fastify({ logger: false });

const problem = (reply, statusCode, error, message) =>
  reply.code(statusCode).send({ statusCode, error, message });

function parseId(text) {
  const id = /^[1-9]\d{0,15}$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(id) ? id : undefined;
}

/** The user id of a valid access token, checked as passport-jwt and JwtStrategy do; else undefined. */
function verifyAccessToken(header) {
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return undefined;
  const parts = header.slice(7).split('.');
  if (parts.length !== 3) return undefined;
  try {
    const head = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    if (head.alg !== 'HS256') return undefined;
    const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
    const given = Buffer.from(parts[2], 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.exp !== 'number' || now >= claims.exp) return undefined;
    if (typeof claims.nbf === 'number' && now < claims.nbf) return undefined;
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (claims.iss !== ISSUER || !audiences.includes(AUDIENCE)) return undefined;
    return Number.isSafeInteger(claims.sub) ? claims.sub : undefined;
  } catch {
    return undefined;
  }
}

/** The cursor codec of src/common/pagination/cursor.ts. */
function parseCursor(cursor) {
  const text = /^[A-Za-z0-9_-]{1,40}$/.test(cursor)
    ? Buffer.from(cursor, 'base64url').toString('utf8')
    : '';
  const match = /^v1:([1-9]\d{0,15})$/.exec(text);
  const key = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(key) ? key : undefined;
}
const encodeCursor = (key) => Buffer.from(`v1:${key}`, 'utf8').toString('base64url');

const POST_COLUMNS =
  'p.id, p.text, p.created_at AS createdAt, p.updated_at AS updatedAt, p.likes_count AS likesCount, ' +
  'u.id AS authorId, u.username, u.name';

function toPost(row) {
  return {
    id: row.id,
    text: row.text,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    author: { id: row.authorId, username: row.username, name: row.name },
    likesCount: row.likesCount,
  };
}

app.get('/api/posts/:id', async (request, reply) => {
  const id = parseId(request.params.id);
  if (id === undefined) return problem(reply, 400, 'Bad Request', 'id must be a positive integer');
  const key = `${PREFIX}:post:${id}`;
  const cached = await redis.get(key);
  reply.type('application/json; charset=utf-8');
  if (cached !== null) return reply.header('x-cache', 'HIT').send(cached);
  const [rows] = await db.query(
    `SELECT ${POST_COLUMNS} FROM post p JOIN user u ON u.id = p.user WHERE p.id = ?`,
    [id],
  );
  if (rows.length === 0) return problem(reply, 404, 'Not Found', 'Post not found');
  const json = JSON.stringify(toPost(rows[0]));
  redis.set(key, json, 'PX', TTL_MS).catch(() => undefined);
  return reply.header('x-cache', 'MISS').send(json);
});

/** Up to `take` newest post ids of each author below `before`, merged: the app's feed query. */
async function feedIds(authorIds, before, take) {
  const perAuthor = `SELECT id FROM post WHERE user = ?${before === undefined ? '' : ' AND id < ?'} ORDER BY id DESC LIMIT ${take}`;
  const ids = [];
  for (let i = 0; i < authorIds.length; i += AUTHORS_PER_QUERY) {
    const chunk = authorIds.slice(i, i + AUTHORS_PER_QUERY);
    const sql = `${chunk.map(() => `(${perAuthor})`).join(' UNION ALL ')} ORDER BY id DESC LIMIT ${take}`;
    const params = chunk.flatMap((a) => (before === undefined ? [a] : [a, before]));
    const [rows] = await db.query(sql, params);
    for (const row of rows) ids.push(row.id);
  }
  return ids.sort((a, b) => b - a).slice(0, take);
}

app.get('/api/feed', async (request, reply) => {
  const userId = verifyAccessToken(request.headers.authorization);
  if (userId === undefined) {
    return problem(reply, 401, 'Unauthorized', 'Invalid or missing access token');
  }
  const { limit: rawLimit = '20', cursor } = request.query;
  const limit = /^\d{1,3}$/.test(rawLimit) ? Number(rawLimit) : NaN;
  const before = cursor === undefined ? undefined : parseCursor(cursor);
  if (!(limit >= 1 && limit <= 100) || (cursor !== undefined && before === undefined)) {
    return problem(reply, 400, 'Bad Request', ['limit or cursor is malformed']);
  }
  const [users] = await db.query('SELECT id, username FROM user WHERE id = ?', [userId]);
  if (users.length === 0) {
    return problem(reply, 401, 'Unauthorized', 'Invalid or missing access token');
  }
  const [follows] = await db.query('SELECT user_to FROM user_follow WHERE user_from = ?', [userId]);
  const authors = [userId, ...follows.map((f) => f.user_to)];
  const ids = await feedIds(authors, before, limit + 1);
  const pageIds = ids.slice(0, limit);
  let items = [];
  if (pageIds.length > 0) {
    // One after the other, as in the app (the page, then the caller's likes among it).
    const [posts] = await db.query(
      `SELECT ${POST_COLUMNS} FROM post p JOIN user u ON u.id = p.user WHERE p.id IN (?)`,
      [pageIds],
    );
    const [likes] = await db.query('SELECT post FROM post_like WHERE user = ? AND post IN (?)', [
      userId,
      pageIds,
    ]);
    const byId = new Map(posts.map((row) => [row.id, row]));
    const liked = new Set(likes.map((row) => row.post));
    items = pageIds
      .filter((id) => byId.has(id))
      .map((id) => ({ ...toPost(byId.get(id)), liked: liked.has(id) }));
  }
  return {
    items,
    nextCursor: ids.length > limit ? encodeCursor(pageIds[pageIds.length - 1]) : null,
  };
});

app.get('/health', async () => ({ status: 'ok' }));

async function shutdown() {
  await app.close();
  await db.end();
  redis.disconnect();
  process.exit(0);
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);

await app.listen({ port: Number(process.env.PORT ?? 3100), host: process.env.HOST ?? '127.0.0.1' });
