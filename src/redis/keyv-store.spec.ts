import { Keyv } from 'keyv';
import { RedisServer } from '../../test/utils/redis-server.js';
import { IoredisKeyvStore } from './keyv-store.js';
import { RedisConnection } from './redis-connection.js';

// Against a real, throwaway redis-server: the adapter is a handful of Redis commands.
const suite = RedisServer.installed() ? describe : describe.skip;

suite('IoredisKeyvStore under Keyv (cache-manager 7 stores)', () => {
  let server: RedisServer;
  let connection: RedisConnection;
  let store: IoredisKeyvStore;
  let keyv: Keyv;

  beforeAll(async () => {
    server = await RedisServer.onFreePort();
    await server.start();
    connection = new RedisConnection('cache', server.url);
    await connection.waitUntilReady();
    store = new IoredisKeyvStore(connection.client, 'cache:*');
    keyv = new Keyv({ store, namespace: undefined, useKeyPrefix: false, throwOnErrors: true });
  });

  afterAll(async () => {
    connection?.close();
    await server?.kill();
  });

  it('reads what it wrote, under the key as given, expiring after the TTL', async () => {
    await keyv.set('cache:a', { n: 1 }, 200);
    expect(await keyv.get('cache:a')).toEqual({ n: 1 });
    expect(await connection.client.pttl('cache:a')).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await keyv.get('cache:a')).toBeUndefined();
  });

  it('reads and writes many in one round trip each, missing keys as undefined', async () => {
    await keyv.setMany([
      { key: 'cache:b', value: 'B', ttl: 60_000 },
      { key: 'cache:c', value: 'C', ttl: 60_000 },
      { key: 'cache:kept', value: 'K' },
    ]);
    expect(await connection.client.pttl('cache:c')).toBeGreaterThan(59_000);
    expect(await connection.client.pttl('cache:kept')).toBe(-1);
    expect(await keyv.getMany(['cache:b', 'cache:missing', 'cache:c'])).toEqual([
      'B',
      undefined,
      'C',
    ]);
  });

  it('deletes, and clears only its own keys', async () => {
    await keyv.set('cache:d', 1, 60_000);
    await connection.client.set('rate-limit:v1:auth:1.2.3.4', '3');
    expect(await keyv.delete('cache:d')).toBe(true);
    expect(await keyv.has('cache:d')).toBe(false);
    await keyv.set('cache:e', 1, 60_000);
    await keyv.clear();
    expect(await keyv.get('cache:e')).toBeUndefined();
    expect(await connection.client.get('rate-limit:v1:auth:1.2.3.4')).toBe('3');
  });

  it('fails at once, instead of queueing, while Redis is down', async () => {
    await server.kill();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await expect(keyv.get('cache:b')).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(500);
    await server.start();
    await connection.waitUntilReady();
  });

  it('refuses to be used once disconnected (nothing reconnects after shutdown)', async () => {
    await keyv.disconnect();
    await expect(keyv.get('cache:b')).rejects.toThrow('cache store is closed');
  });
});
