import { CACHE_MANAGER } from '@nestjs/cache-manager';
import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import type { Cache } from 'cache-manager';
import { cacheConfig } from '../config/cache.config.js';
import { withinMs } from './bounded-wait.js';
import { CacheAvailability } from './cache-availability.js';
import { cacheHintOf } from './cache-hint.js';
import { type CachedRead, entryKey, newVersion, PROBE_KEY, versionKey } from './cache-keys.js';
import { ALL } from './cache-namespaces.js';
import { CACHE_STORE, type CacheStore } from './cache-store.js';
import { type Fetched, planReadAhead, type ReadAhead } from './read-ahead.js';
import { SingleFlight } from './single-flight.js';

/**
 * The bound on every call to the store a read makes, and on all the calls a
 * read awaits before it answers (versions, a new version if one is missing,
 * the entry; storing a result is never awaited): a slow store adds at most
 * 100 ms to a read, the contract's bound. A read that gives up on the store
 * reads the database; that alone never marks the store down (see
 * cache-availability.ts for what does).
 */
export const CACHE_CALL_TIMEOUT_MS = 50;
export const CACHE_READ_BUDGET_MS = 100;
/**
 * How long a write waits for its invalidation while the store is up. Read your
 * writes depends on it: a write that gives up marks the store down and leaves
 * other processes free to serve entries from before it, so it waits ten times
 * longer than a read waits for a hit; a healthy Redis on a busy machine
 * answers well within that. It is paid only by the writes in flight when a
 * stall begins: the first one that gives up marks the store down, and while
 * the store is known to be down an invalidation gets one call's bound.
 */
export const CACHE_INVALIDATE_TIMEOUT_MS = 500;
export const CACHE_AVAILABILITY = {
  // While the store is down, how often to try it again.
  probeEveryMs: 500,
  // Down after failures in a row (no success between) for a second: a stalled Redis,
  // not a busy moment, in which every call waiting times out together.
  failuresToTrip: 3,
  tripAfterMs: 1000,
};
// A version outlives every entry written under it; a version that expires anyway
// only costs a miss (a missing version is replaced by a fresh one, never reused).
const VERSION_TTL_MS = 24 * 60 * 60 * 1000;
// A result that took longer than this to load is served but not stored.
const MAX_LOAD_MS_TO_STORE = 10_000;

export type { CachedRead } from './cache-keys.js';

/** What is stored for a read: its result, and the versions it was read under. */
interface Entry<T> {
  versions: string;
  value: T;
  /** The namespaces `versions` are of, when the result narrowed them (see CacheHint). */
  only?: string[];
}

export interface CacheResult<T> {
  value: T;
  hit: boolean;
}

export interface CacheHealth {
  status: 'up' | 'down' | 'disabled';
  store: CacheStore['kind'];
}

type Outcome<T> = { ok: true; value: T } | { ok: false };

/**
 * Owns every key, version and TTL of the response cache (see
 * cache-namespaces.ts for the scheme) and keeps the cache an optimisation only:
 * any failure or slowness of the store turns into reading the database.
 */
@Injectable()
export class CacheService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Cache');
  private readonly ttlMs: number;
  private readonly availability: CacheAvailability;
  private readonly loads = new SingleFlight<unknown>();
  private readonly mints = new SingleFlight<string | undefined>();
  /** Read errors cache-manager turned into misses (see `attempt`). */
  private swallowedReadErrors = 0;

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    @Inject(CACHE_STORE) private readonly store: CacheStore,
    @Inject(cacheConfig.KEY) config: ConfigType<typeof cacheConfig>,
  ) {
    this.ttlMs = config.ttlSeconds * 1000;
    this.availability = new CacheAvailability(
      { probe: () => this.probe(), bumpEpoch: () => this.writeVersions([ALL]) },
      CACHE_AVAILABILITY,
      this.logger,
    );
    // cache-manager swallows read errors (a failed get looks like a miss) and
    // reports them only as events: those events are how a failing read is noticed.
    const onRead = ({ error }: { error?: unknown }) => {
      if (!error) return;
      this.swallowedReadErrors += 1;
      this.availability.failed(error);
    };
    this.cache.on('get', onRead);
    this.cache.on('mget', onRead);
    this.store.onConnectionLost((error) => this.availability.connectionLost(error));
  }

  get enabled(): boolean {
    return this.store.kind !== 'none';
  }

  /**
   * The request's ReadAhead, for a read that will share its round trip with
   * the request's next ones; undefined without a cache, where there is no
   * round trip to share and planning would only cost every request.
   */
  planReadAhead(request: object): ReadAhead | undefined {
    return this.enabled ? planReadAhead(request) : undefined;
  }

  async onModuleInit(): Promise<void> {
    if (this.enabled) await this.availability.start();
  }

  onModuleDestroy(): void {
    this.availability.stop();
  }

  /**
   * The cached result of `read`, or `load()`'s, stored for CACHE_TTL.
   *
   * One round trip reads the versions of the namespaces the read depends on
   * together with its entry, which holds the versions it was stored under: it
   * is served only if those are still the current ones. Versions are read
   * before loading, so a result is only ever stored with versions that were
   * current before its data was read: a write that replaces one of them
   * afterwards makes the entry stale. A result can narrow what it depends on,
   * or shorten its life, with a CacheHint (cache-hint.ts).
   */
  async read<T>(
    read: CachedRead,
    load: () => Promise<T>,
    ahead?: ReadAhead,
    alongside: (CachedRead | undefined)[] = [],
  ): Promise<CacheResult<T>> {
    if (!this.enabled || !this.availability.isUp) return { value: await load(), hit: false };
    const timeLeft = budget(CACHE_READ_BUDGET_MS);
    const names = namesOf(read);
    const key = entryKey(read.identity);
    let fetched = ahead?.take(key);
    if (!fetched || !names.every((name) => fetched!.versions.has(name))) {
      fetched = (await this.fetch([names], [key], timeLeft, ahead, alongside))?.[0];
      if (!fetched || !this.availability.isUp) return { value: await load(), hit: false };
    }
    const entry = fetched.entry as Entry<T> | undefined;
    const found = fetched.versions;
    const current = await this.currentVersions(
      names,
      names.map((name) => found.get(name)),
      timeLeft,
    );
    if (!current) return { value: await load(), hit: false };
    const versions = current.join('.');
    if (entry && entry.versions === versionsOf(names, current, entry.only)) {
      return { value: entry.value, hit: true };
    }
    const started = Date.now();
    // Requests that miss under the same versions share one load. The store write
    // is not awaited by the response: it only keeps the flight joinable meanwhile.
    const value = await this.loads.run(`${key}@${versions}`, load, (loaded) =>
      Date.now() - started < MAX_LOAD_MS_TO_STORE
        ? this.call(() => this.storeEntry(key, names, current, loaded))
        : Promise.resolve(),
    );
    return { value: value as T, hit: false };
  }

  /**
   * One round trip: the versions of every namespace the reads (their
   * `readNames` and entry `keys`) and `alongside` depend on, and their
   * entries. What was found for the reads is returned, in order; what was
   * found for `alongside` is kept in `ahead`, for the reads the request makes
   * next (ReadAhead). Undefined if the store did not answer.
   */
  private async fetch(
    readNames: string[][],
    keys: string[],
    timeLeft: () => number,
    ahead?: ReadAhead,
    alongside: (CachedRead | undefined)[] = [],
  ): Promise<Fetched[] | undefined> {
    const extra = ahead ? alongside.filter((read) => read !== undefined) : [];
    const extraKeys = extra.map((read) => entryKey(read.identity));
    const names = new Set<string>();
    for (const list of [...readNames, ...extra.map(namesOf)]) {
      for (const name of list) names.add(name);
    }
    const versionKeys = [...names].map(versionKey);
    const found = await this.call(
      () => this.cache.mget<unknown>([...versionKeys, ...keys, ...extraKeys]),
      timeLeft(),
    );
    if (!found.ok) return undefined;
    const versions = new Map<string, string | undefined>();
    let i = 0;
    for (const name of names) versions.set(name, found.value[i++] as string | undefined);
    extraKeys.forEach((key, n) =>
      ahead!.keep(key, { versions, entry: found.value[i + keys.length + n] }),
    );
    return keys.map((_, n) => ({ versions, entry: found.value[i + n] }));
  }

  /** Stores a loaded result under the versions read before loading it, as its hint narrows them. */
  private storeEntry<T>(key: string, names: string[], current: string[], loaded: T) {
    const hint = cacheHintOf(loaded);
    const only = hint?.narrowTo && names.filter((n) => n === ALL || hint.narrowTo!.includes(n));
    const entry: Entry<T> = only
      ? { versions: versionsOf(names, current, only)!, value: loaded, only }
      : { versions: current.join('.'), value: loaded };
    const ttlMs = hint?.ttlMs !== undefined ? Math.min(hint.ttlMs, this.ttlMs) : this.ttlMs;
    return this.cache.set(key, entry, ttlMs);
  }

  /**
   * Many cached reads in one round trip, for pages that are assembled from
   * per-item entries (a page of post ids, each post from its own entry, so that
   * a like makes one post miss rather than every page it appears on).
   *
   * The same rules as `read`: versions are read (or minted) before anything is
   * loaded, and an entry is served only under the versions it was stored with.
   * `load` is called once, with the indexes of the reads that missed, and
   * answers a value for each (undefined for one that does not exist, which is
   * not stored). `hit` is true when every read was served from the cache.
   */
  async readMany<T>(
    reads: CachedRead[],
    load: (missed: number[]) => Promise<(T | undefined)[]>,
    ahead?: ReadAhead,
    alongside: (CachedRead | undefined)[] = [],
  ): Promise<{ values: (T | undefined)[]; hit: boolean }> {
    const loadAll = async () => ({ values: await load(reads.map((_, i) => i)), hit: false });
    if (reads.length === 0) return { values: [], hit: true };
    if (!this.enabled || !this.availability.isUp) return loadAll();
    const timeLeft = budget(CACHE_READ_BUDGET_MS);
    const readNames = reads.map(namesOf);
    const keys = reads.map((read) => entryKey(read.identity));
    const fetched = await this.fetch(readNames, keys, timeLeft, ahead, alongside);
    if (!fetched || !this.availability.isUp) return loadAll();
    const found = fetched[0].versions;
    const names = [...new Set(readNames.flat())];
    const current = await Promise.all(
      names.map(
        (name) => found.get(name) ?? this.mints.run(name, () => this.mint(name, timeLeft())),
      ),
    );
    if (current.some((version) => version === undefined)) return loadAll();
    const versionOf = new Map(names.map((name, i) => [name, current[i]!]));
    const versions = readNames.map((list) => list.map((name) => versionOf.get(name)).join('.'));
    const values: (T | undefined)[] = fetched.map(({ entry }, i) => {
      const stored = entry as Entry<T> | undefined;
      return stored?.versions === versions[i] ? stored.value : undefined;
    });
    const missed = values.flatMap((value, i) => (value === undefined ? [i] : []));
    if (missed.length === 0) return { values, hit: true };
    const loaded = await load(missed);
    const stored = missed.flatMap((index, n) =>
      loaded[n] === undefined
        ? []
        : [
            {
              key: keys[index],
              value: { versions: versions[index], value: loaded[n] },
              ttl: this.ttlMs,
            },
          ],
    );
    missed.forEach((index, n) => (values[index] = loaded[n]));
    // Not awaited: storing is for the next read, never a cost to this one.
    if (stored.length > 0) void this.call(() => this.cache.mset(stored));
    return { values, hit: false };
  }

  /**
   * Replaces the versions of `namespaces`: every cached read depending on one
   * of them misses from now on, in every process sharing the store. Resolves
   * once written, or once it is known that it could not be: within
   * CACHE_INVALIDATE_TIMEOUT_MS while the store is up, one call's bound while
   * it is down.
   */
  async invalidate(namespaces: string[]): Promise<void> {
    if (!this.enabled || namespaces.length === 0) return;
    const timeoutMs = this.availability.isUp ? CACHE_INVALIDATE_TIMEOUT_MS : CACHE_CALL_TIMEOUT_MS;
    if (!(await this.writeVersions(namespaces, timeoutMs))) {
      // Writes still succeed; this process skips the cache until the epoch is replaced.
      this.availability.invalidationMissed('an invalidation could not be written');
    }
  }

  async health(): Promise<CacheHealth> {
    if (!this.enabled) return { status: 'disabled', store: this.store.kind };
    return { status: (await this.availability.check()) ? 'up' : 'down', store: this.store.kind };
  }

  /**
   * The versions of `names`, from what the store holds (`stored`, in the same
   * order). A missing version is replaced by a fresh one before
   * anything is loaded, so that a version is never reused and nothing read
   * before a write is stored with a version made after it. Undefined when the
   * store cannot tell.
   */
  private async currentVersions(
    names: string[],
    stored: (string | undefined)[],
    timeLeft: () => number,
  ): Promise<string[] | undefined> {
    const versions = await Promise.all(
      names.map((name, i) => stored[i] ?? this.mints.run(name, () => this.mint(name, timeLeft()))),
    );
    return versions.every((v) => v !== undefined) ? (versions as string[]) : undefined;
  }

  private async mint(namespace: string, timeoutMs: number): Promise<string | undefined> {
    const version = newVersion();
    const written = await this.call(
      () => this.cache.set(versionKey(namespace), version, VERSION_TTL_MS),
      timeoutMs,
    );
    return written.ok ? version : undefined;
  }

  private async writeVersions(
    namespaces: string[],
    timeoutMs = CACHE_INVALIDATE_TIMEOUT_MS,
  ): Promise<boolean> {
    const list = namespaces.map((name) => ({
      key: versionKey(name),
      value: newVersion(),
      ttl: VERSION_TTL_MS,
    }));
    return (await this.attempt(() => this.cache.mset(list), timeoutMs)).ok;
  }

  private async probe(): Promise<boolean> {
    return (await this.attempt(() => this.cache.set(PROBE_KEY, Date.now(), 60_000))).ok;
  }

  /** A bounded store call that is skipped while the store is down. */
  private async call<T>(op: () => Promise<T>, timeoutMs?: number): Promise<Outcome<T>> {
    if (!this.availability.isUp) return { ok: false };
    return this.attempt(op, timeoutMs);
  }

  /**
   * A bounded store call; its failure or timeout is reported to the breaker. A
   * read that cache-manager swallowed (it answers a miss and emits an error
   * event) counts as failed too, so that a lost read is never taken for a
   * missing version. Another read's error at the same moment may be taken
   * for this call's: that costs a database read, or an epoch, nothing worse.
   */
  private async attempt<T>(
    op: () => Promise<T>,
    timeoutMs = CACHE_CALL_TIMEOUT_MS,
  ): Promise<Outcome<T>> {
    const swallowedBefore = this.swallowedReadErrors;
    try {
      const value = await withinMs(op(), timeoutMs);
      if (this.swallowedReadErrors !== swallowedBefore) return { ok: false };
      this.availability.succeeded();
      return { ok: true, value };
    } catch (error) {
      this.availability.failed(error);
      return { ok: false };
    }
  }
}

/** The namespaces a read's entry is stored under: `all` first, then its own, once each. */
function namesOf(read: CachedRead): string[] {
  const names: string[] = [ALL];
  for (const name of read.dependsOn) if (!names.includes(name)) names.push(name);
  return names;
}

/**
 * The versions of `only` (all of `names` if unset) as one string, from the
 * `current` versions of `names`; undefined if `only` names one that was not read.
 */
function versionsOf(names: string[], current: string[], only?: string[]): string | undefined {
  if (!only) return current.join('.');
  const picked = only.map((name) => current[names.indexOf(name)]);
  return picked.every((v) => v !== undefined) ? picked.join('.') : undefined;
}

/** The time left of a budget, for the next call: never more than one call's bound. */
function budget(totalMs: number): () => number {
  const end = Date.now() + totalMs;
  return () => Math.max(0, Math.min(CACHE_CALL_TIMEOUT_MS, end - Date.now()));
}
