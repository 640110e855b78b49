import { readServicesConfig, SERVICE_NAMES } from './services.config.js';

describe('SERVICES', () => {
  it.each([{}, { SERVICES: '' }, { SERVICES: '  ' }, { SERVICES: ' , ' }])(
    'unset or blank (%j) serves everything: the monolith',
    (env) => {
      expect(readServicesConfig(env).services).toEqual([...SERVICE_NAMES]);
    },
  );

  it('serves the names it lists, spaces and repeats allowed', () => {
    const config = readServicesConfig({ SERVICES: ' posts, worker,posts ' });
    expect(config.services).toEqual(['posts', 'worker']);
    expect(config.serves('posts')).toBe(true);
    expect(config.serves('auth')).toBe(false);
  });

  it('refuses an unknown name with a one-line reason', () => {
    expect(() => readServicesConfig({ SERVICES: 'posts,feed' })).toThrow(
      /^Invalid environment: SERVICES: unknown service "feed" \(known: auth, users, follows, posts, worker\)$/,
    );
  });
});

describe('TRUST_PROXY', () => {
  it('unset or blank trusts no one', () => {
    expect(readServicesConfig({}).trustProxy).toEqual([]);
    expect(readServicesConfig({ TRUST_PROXY: ' ' }).trustProxy).toEqual([]);
  });

  it('takes addresses, CIDR ranges and the loopback name', () => {
    const TRUST_PROXY = '127.0.0.1, 10.0.0.0/8,::1,fd00::/8,loopback';
    expect(readServicesConfig({ TRUST_PROXY }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  it.each(['10.0.0.300', '10.0.0.0/33', '::1/129', 'proxy.local', '10.0.0.0/8/1', '10.0.0.0/'])(
    'refuses %s with a one-line reason',
    (entry) => {
      expect(() => readServicesConfig({ TRUST_PROXY: `127.0.0.1,${entry}` })).toThrow(
        new RegExp(
          `^Invalid environment: TRUST_PROXY: "${entry.replace(/[.*/]/g, '\\$&')}" is not`,
        ),
      );
    },
  );
});
