import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { createCache } from 'cache-manager';
import { Keyv } from 'keyv';
import {
  CACHE_AVAILABILITY,
  CACHE_CALL_TIMEOUT_MS,
  CACHE_INVALIDATE_TIMEOUT_MS,
  CACHE_READ_BUDGET_MS,
  type CachedRead,
  CacheService,
} from './cache.service.js';
import { withCacheHint } from './cache-hint.js';
import { type CacheStore } from './cache-store.js';

/** A store that can be made to hang or to fail, like a stalled or a dead Redis. */
class ControllableStore {
  mode: 'ok' | 'stalled' | 'failing' = 'ok';
  /** How long each answer takes, while 'ok': a slow but healthy Redis. */
  delayMs = 0;
  private readonly data = new Map<string, unknown>();

  get(key: string): Promise<unknown> {
    return this.gate(() => this.data.get(key));
  }

  set(key: string, value: unknown): Promise<boolean> {
    return this.gate(() => !!this.data.set(key, value));
  }

  delete(key: string): Promise<boolean> {
    return this.gate(() => this.data.delete(key));
  }

  clear(): Promise<void> {
    return this.gate(() => this.data.clear());
  }

  private gate<T>(op: () => T): Promise<T> {
    if (this.mode === 'stalled') return new Promise<T>(() => undefined);
    if (this.mode === 'failing') return Promise.reject(new Error('connection refused'));
    if (this.delayMs === 0) return Promise.resolve(op());
    return new Promise<T>((resolve) => setTimeout(() => resolve(op()), this.delayMs));
  }
}

function setup(kind: CacheStore['kind'] = 'memory', map = new ControllableStore()) {
  const keyv = new Keyv({
    store: map,
    namespace: undefined,
    useKeyPrefix: false,
    throwOnErrors: true,
  });
  const store: CacheStore = { kind, keyv, onConnectionLost: () => undefined };
  const service = new CacheService(createCache({ stores: [keyv] }), store, {
    ttlSeconds: 60,
    enabled: kind !== 'none',
  });
  return { map, service };
}

const postRead = (id: number): CachedRead => ({
  identity: { route: 'PostsController.get', params: { id: String(id) }, query: {} },
  dependsOn: [`post:${id}`, 'authors'],
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => (resolve = res));
  return { promise, resolve };
}

async function until(condition: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('CacheService', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  let service: CacheService;
  let map: ControllableStore;

  beforeEach(async () => {
    ({ service, map } = setup());
    await service.onModuleInit();
  });
  afterEach(() => service.onModuleDestroy());

  it('misses once, then serves the stored result', async () => {
    const load = jest.fn(async () => ({ id: 1, text: 'v1' }));
    await expect(service.read(postRead(1), load)).resolves.toEqual({
      value: { id: 1, text: 'v1' },
      hit: false,
    });
    await expect(service.read(postRead(1), load)).resolves.toEqual({
      value: { id: 1, text: 'v1' },
      hit: true,
    });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('misses after a namespace it depends on is invalidated, and only then', async () => {
    await service.read(postRead(1), async () => 'v1');
    await service.read(postRead(2), async () => 'other');
    await service.invalidate(['post:1']);
    await expect(service.read(postRead(1), async () => 'v2')).resolves.toEqual({
      value: 'v2',
      hit: false,
    });
    await expect(service.read(postRead(2), async () => 'unused')).resolves.toEqual({
      value: 'other',
      hit: true,
    });
  });

  it('never serves a result read before an invalidation that finished before it was stored', async () => {
    const slow = deferred<string>();
    const before = service.read(postRead(1), () => slow.promise);
    await new Promise((resolve) => setTimeout(resolve, 10)); // the read has its versions
    await service.invalidate(['post:1']); // a write answered while the read was loading
    slow.resolve('before the write');
    await before;
    const after = await service.read(postRead(1), async () => 'after the write');
    expect(after).toEqual({ value: 'after the write', hit: false });
  });

  describe('a result with a hint (CacheHint)', () => {
    const feedRead: CachedRead = {
      identity: { route: 'FeedController.page', params: {}, query: {}, callerId: 1 },
      dependsOn: ['feed:1', 'home:1', 'post-lists'],
    };
    const page = (label: string, hint: Parameters<typeof withCacheHint>[1]) =>
      withCacheHint({ label }, hint);
    /** Until the entry a read stored is served (storing is not awaited); misses meanwhile load `load`. */
    const stored = (load: () => Promise<object>) =>
      until(async () => (await service.read(feedRead, load)).hit);

    it('depends on the namespaces it narrowed to, and `all`, only', async () => {
      const v1 = async () => page('v1', { narrowTo: ['feed:1', 'home:1'] });
      await service.read(feedRead, v1);
      await stored(v1);
      await service.invalidate(['post-lists']);
      await expect(service.read(feedRead, async () => page('no', {}))).resolves.toEqual({
        value: { label: 'v1' },
        hit: true,
      });
      for (const name of ['home:1', 'all']) {
        await service.invalidate([name]);
        const next = `after ${name}`;
        await expect(
          service.read(feedRead, async () => page(next, { narrowTo: ['home:1'] })),
        ).resolves.toEqual({ value: { label: next }, hit: false });
        await stored(async () => page(next, { narrowTo: ['home:1'] }));
      }
    });

    it('keeps every declared namespace without a narrowing, and ignores names it did not declare', async () => {
      const v1 = async () => page('v1', { narrowTo: ['likes-of:1'] });
      await service.read(feedRead, v1);
      await stored(v1);
      await service.invalidate(['likes-of:1']);
      expect((await service.read(feedRead, async () => page('no', {}))).hit).toBe(true);
      await service.invalidate(['post-lists']); // declared; the narrowing kept `all` only
      expect((await service.read(feedRead, async () => page('no', {}))).hit).toBe(true);
      await service.invalidate(['all']);
      const v2 = async () => page('v2', {});
      expect((await service.read(feedRead, v2)).hit).toBe(false);
      await stored(v2);
      await service.invalidate(['post-lists']); // no narrowing: it depends on all it declared
      expect((await service.read(feedRead, async () => page('v3', {}))).hit).toBe(false);
    });

    it('lives no longer than its hint says', async () => {
      const short = async () => page('short', { ttlMs: 150 });
      await service.read(feedRead, short);
      await stored(short);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await expect(service.read(feedRead, async () => page('fresh', {}))).resolves.toEqual({
        value: { label: 'fresh' },
        hit: false,
      });
    });
  });

  it('loads once for concurrent misses of one key, also when its namespaces are new', async () => {
    const load = jest.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return 'loaded';
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => service.read(postRead(9), load)),
    );
    expect(results.every((r) => r.value === 'loaded')).toBe(true);
    expect(load).toHaveBeenCalledTimes(1);
  });

  describe('when the store stalls or fails', () => {
    it.each(['stalled', 'failing'] as const)(
      'serves %s reads from the loader within the bound, then, once it keeps failing, skips the store',
      async (mode) => {
        map.mode = mode;
        // Every read answers within the bound; the store is marked down once calls have
        // kept failing for a while (a single slow call is no outage, see below).
        const trippedBy = Date.now() + CACHE_AVAILABILITY.tripAfterMs + 200;
        while (Date.now() < trippedBy) {
          const started = Date.now();
          await expect(service.read(postRead(1), async () => 'db')).resolves.toEqual({
            value: 'db',
            hit: false,
          });
          expect(Date.now() - started).toBeLessThan(CACHE_READ_BUDGET_MS + 100);
        }
        const next = Date.now();
        await service.read(postRead(1), async () => 'db');
        expect(Date.now() - next).toBeLessThan(CACHE_CALL_TIMEOUT_MS);
        await expect(service.health()).resolves.toEqual({ status: 'down', store: 'memory' });
      },
    );

    it('answers an invalidation within its bound, and at once while the store is known down', async () => {
      map.mode = 'stalled';
      const started = Date.now();
      await service.invalidate(['post:1']);
      expect(Date.now() - started).toBeLessThan(CACHE_INVALIDATE_TIMEOUT_MS + 100);
      const next = Date.now();
      await service.invalidate(['post:2']);
      expect(Date.now() - next).toBeLessThan(CACHE_CALL_TIMEOUT_MS + 100);
      await expect(service.health()).resolves.toEqual({ status: 'down', store: 'memory' });
    });

    it('resumes by itself, discarding every entry from before an invalidation it could not write', async () => {
      await service.read(postRead(1), async () => 'before');
      await service.read(postRead(2), async () => 'untouched');
      map.mode = 'failing';
      await service.invalidate(['post:1']); // lost: the store is down
      map.mode = 'ok';
      await until(async () => (await service.health()).status === 'up');
      await expect(service.read(postRead(1), async () => 'after')).resolves.toEqual({
        value: 'after',
        hit: false,
      });
      // The epoch was replaced: even entries of other namespaces are gone.
      await expect(service.read(postRead(2), async () => 'reloaded')).resolves.toEqual({
        value: 'reloaded',
        hit: false,
      });
      await expect(service.read(postRead(2), async () => 'unused')).resolves.toMatchObject({
        hit: true,
      });
    });

    it('keeps entries after a slow read alone, when no invalidation was lost', async () => {
      await service.read(postRead(2), async () => 'kept');
      map.mode = 'stalled';
      await service.read(postRead(2), async () => 'db');
      map.mode = 'ok';
      await until(async () => (await service.health()).status === 'up');
      await expect(service.read(postRead(2), async () => 'unused')).resolves.toEqual({
        value: 'kept',
        hit: true,
      });
    });
  });

  describe('when the store is slow but answers (a busy machine)', () => {
    let other: CacheService;

    // A second process sharing the store, as another instance shares Redis.
    beforeEach(async () => {
      other = setup('memory', map).service;
      await other.onModuleInit();
    });
    afterEach(() => other.onModuleDestroy());

    it('takes a read that gave up on it for no outage: the next write still invalidates everywhere', async () => {
      await other.read(postRead(1), async () => 'before');
      await other.read(postRead(2), async () => 'untouched');
      map.delayMs = CACHE_READ_BUDGET_MS * 2;
      await expect(service.read(postRead(1), async () => 'db')).resolves.toEqual({
        value: 'db',
        hit: false,
      });
      map.delayMs = 0;
      await service.invalidate(['post:1']);
      await expect(other.read(postRead(1), async () => 'after')).resolves.toEqual({
        value: 'after',
        hit: false,
      });
      // No epoch was replaced: the other process keeps its unrelated entries.
      await expect(other.read(postRead(2), async () => 'unused')).resolves.toEqual({
        value: 'untouched',
        hit: true,
      });
    });

    it('waits for an invalidation slower than a read would, rather than skipping it', async () => {
      await other.read(postRead(1), async () => 'before');
      map.delayMs = CACHE_READ_BUDGET_MS * 3;
      await service.invalidate(['post:1']);
      map.delayMs = 0;
      await expect(other.read(postRead(1), async () => 'after')).resolves.toEqual({
        value: 'after',
        hit: false,
      });
      await expect(service.health()).resolves.toEqual({ status: 'up', store: 'memory' });
    });
  });

  it('passes every read through when caching is off', async () => {
    const off = setup('none').service;
    await off.onModuleInit();
    const load = jest.fn(async () => 'db');
    await off.read(postRead(1), load);
    await expect(off.read(postRead(1), load)).resolves.toEqual({ value: 'db', hit: false });
    expect(load).toHaveBeenCalledTimes(2);
    await expect(off.health()).resolves.toEqual({ status: 'disabled', store: 'none' });
  });
});
