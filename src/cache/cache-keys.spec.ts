import { entryKey, newVersion, versionKey } from './cache-keys.js';

describe('cache keys', () => {
  const read = { route: 'PostsController.list', params: {}, query: { limit: '5', cursor: 'x' } };

  it('does not depend on the order of query parameters', () => {
    const reordered = { ...read, query: { cursor: 'x', limit: '5' } };
    expect(entryKey(reordered)).toBe(entryKey(read));
  });

  it('changes with any input or the caller', () => {
    const base = entryKey(read);
    const variants = [
      entryKey({ ...read, route: 'UsersController.list' }),
      entryKey({ ...read, query: { limit: '6', cursor: 'x' } }),
      entryKey({ ...read, params: { id: '1' } }),
      entryKey({ ...read, callerId: 1 }),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it('keeps one caller’s key apart from another’s', () => {
    expect(entryKey({ ...read, callerId: 1 })).not.toBe(entryKey({ ...read, callerId: 11 }));
  });

  it('cannot be confused by separators inside values', () => {
    const a = entryKey({ ...read, query: { q: 'x:y' } });
    const b = entryKey({ ...read, query: { q: 'x', y: '' } });
    expect(a).not.toBe(b);
  });

  it('names namespace versions apart from entries', () => {
    expect(versionKey('post:7')).toBe('cache:v2:ns:post:7');
  });

  it('never hands out the same version twice', () => {
    const versions = new Set(Array.from({ length: 10_000 }, () => newVersion()));
    expect(versions.size).toBe(10_000);
  });
});
