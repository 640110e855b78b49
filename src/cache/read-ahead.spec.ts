import { jest } from '@jest/globals';
import { createCache } from 'cache-manager';
import { Keyv } from 'keyv';
import { type CachedRead, CacheService } from './cache.service.js';
import { type CacheStore } from './cache-store.js';
import { planReadAhead } from './read-ahead.js';

function setup() {
  const keyv = new Keyv({ store: new Map(), namespace: undefined, useKeyPrefix: false });
  const store: CacheStore = { kind: 'memory', keyv, onConnectionLost: () => undefined };
  const manager = createCache({ stores: [keyv] });
  const service = new CacheService(manager, store, { ttlSeconds: 60, enabled: true });
  return { service, mget: jest.spyOn(manager, 'mget') };
}

const token: CachedRead = {
  identity: { route: 'token', params: { userId: 1 }, query: {} },
  dependsOn: ['credentials:1'],
};
const page: CachedRead = {
  identity: { route: 'page', params: {}, query: {}, callerId: 1 },
  dependsOn: ['feed:1'],
};

/** Waits for the entries a read stores without awaiting. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('ReadAhead', () => {
  let cache: CacheService;
  let mget: ReturnType<typeof setup>['mget'];
  let current: string;
  const loadPage = jest.fn(async () => current);
  /** One request: the token check, which fetches the page ahead, then the page. */
  async function request() {
    const ahead = planReadAhead({});
    await cache.read(token, async () => 1, ahead, [page]);
    return cache.read(page, loadPage, ahead);
  }

  beforeEach(async () => {
    ({ service: cache, mget } = setup());
    await cache.onModuleInit();
    current = 'page v1';
    await request();
    await settled();
    mget.mockClear();
    loadPage.mockClear();
  });
  afterEach(() => cache.onModuleDestroy());

  it('serves a warm page from the round trip of the token check', async () => {
    expect(await request()).toEqual({ value: 'page v1', hit: true });
    expect(mget).toHaveBeenCalledTimes(1);
    expect(loadPage).not.toHaveBeenCalled();
  });

  it('checks what it fetched against the versions read with it: a write before it is seen', async () => {
    current = 'page v2';
    await cache.invalidate(['feed:1']);
    expect(await request()).toEqual({ value: 'page v2', hit: false });
    expect(loadPage).toHaveBeenCalledTimes(1);
  });

  it('serves what it fetched once: a second read makes its own round trip', async () => {
    const ahead = planReadAhead({});
    await cache.read(token, async () => 1, ahead, [page]);
    await cache.read(page, loadPage, ahead);
    current = 'page v2';
    await cache.invalidate(['feed:1']);
    expect(await cache.read(page, loadPage, ahead)).toEqual({ value: 'page v2', hit: false });
    expect(mget).toHaveBeenCalledTimes(2);
  });
});
