import { randomBytes } from 'node:crypto';

// One prefix for every key this cache writes, versioned so that a change of
// format never reads entries written by an older build.
const PREFIX = 'cache:v2';

/** What identifies a cached read: the handler and its inputs. */
export interface ReadIdentity {
  /** `Controller.handler`: two routes never share a key. */
  route: string;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  /** Set only for reads whose shared result differs per caller (the feed). */
  callerId?: number;
}

/** A cacheable read: who it is, and which namespaces its result depends on. */
export interface CachedRead {
  identity: ReadIdentity;
  dependsOn: string[];
}

/** The key holding a namespace's current version. */
export function versionKey(namespace: string): string {
  return `${PREFIX}:ns:${namespace}`;
}

/**
 * The key of a cached read: its identity. (The versions it was stored under are
 * kept inside the entry, so that one MGET reads the versions and the entry.)
 * Parameters and query are written with sorted names, so `?limit=5&cursor=x`
 * and `?cursor=x&limit=5` share an entry.
 */
export function entryKey(read: ReadIdentity): string {
  const caller = read.callerId === undefined ? '-' : String(read.callerId);
  return [
    PREFIX,
    'read',
    read.route,
    caller,
    canonicalJson(read.params),
    canonicalJson(read.query),
  ].join(':');
}

/**
 * A fresh version: random, so a version is never reused (a reused version could
 * make an entry cached before a write current again after it).
 */
export function newVersion(): string {
  return randomBytes(9).toString('base64url');
}

/** The key the availability probe writes. */
export const PROBE_KEY = `${PREFIX}:probe`;

function canonicalJson(record: Record<string, unknown>): string {
  const names = Object.keys(record ?? {});
  // Most reads have no query and one parameter (a post's entry): nothing to sort.
  if (names.length === 0) return '[]';
  if (names.length > 1) names.sort();
  return JSON.stringify(names.map((name) => [name, record[name]]));
}
