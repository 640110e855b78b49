import { jest } from '@jest/globals';
import { createCache } from 'cache-manager';
import { Keyv } from 'keyv';
import { type CachedRead, CacheService } from './cache.service.js';
import { type CacheStore } from './cache-store.js';

function setup() {
  const keyv = new Keyv({ store: new Map(), namespace: undefined, useKeyPrefix: false });
  const store: CacheStore = { kind: 'memory', keyv, onConnectionLost: () => undefined };
  return new CacheService(createCache({ stores: [keyv] }), store, {
    ttlSeconds: 60,
    enabled: true,
  });
}

const post = (id: number): CachedRead => ({
  identity: { route: 'post', params: { id }, query: {} },
  dependsOn: [`post:${id}`, 'authors'],
});

/** Waits for the entries a read stores without awaiting. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('CacheService.readMany', () => {
  let cache: CacheService;
  let rows: Map<number, string>;
  const load = jest.fn(async (ids: number[]) => ids.map((id) => rows.get(id)));
  const read = (ids: number[]) =>
    cache.readMany(ids.map(post), (missed) => load(missed.map((index) => ids[index])));

  beforeEach(async () => {
    cache = setup();
    await cache.onModuleInit();
    rows = new Map([
      [1, 'one'],
      [2, 'two'],
      [3, 'three'],
    ]);
    load.mockClear();
  });
  afterEach(() => cache.onModuleDestroy());

  it('loads what is missing in one call, then serves every entry from the cache', async () => {
    expect(await read([3, 1])).toEqual({ values: ['three', 'one'], hit: false });
    await settled();
    expect(await read([1, 3])).toEqual({ values: ['one', 'three'], hit: true });
    expect(load).toHaveBeenCalledTimes(1);
    expect(load).toHaveBeenCalledWith([3, 1]);
  });

  it('reloads only the entries whose namespaces changed', async () => {
    await read([1, 2, 3]);
    await settled();
    rows.set(2, 'two, edited');
    await cache.invalidate(['post:2']);
    expect(await read([1, 2, 3])).toEqual({ values: ['one', 'two, edited', 'three'], hit: false });
    expect(load).toHaveBeenLastCalledWith([2]);
  });

  it('reloads every entry that depends on a shared namespace', async () => {
    await read([1, 2]);
    await settled();
    rows.set(1, 'one, renamed');
    rows.set(2, 'two, renamed');
    await cache.invalidate(['authors']);
    expect((await read([1, 2])).values).toEqual(['one, renamed', 'two, renamed']);
  });

  it('never stores what does not exist: a deleted item is not served from the cache', async () => {
    rows.delete(2);
    expect((await read([1, 2])).values).toEqual(['one', undefined]);
    await settled();
    rows.set(2, 'two, back');
    expect(await read([1, 2])).toEqual({ values: ['one', 'two, back'], hit: false });
  });

  it('is a hit for an empty list, and loads nothing', async () => {
    expect(await read([])).toEqual({ values: [], hit: true });
    expect(load).not.toHaveBeenCalled();
  });
});
