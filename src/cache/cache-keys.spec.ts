import { entryKey, newVersion, versionKey } from './cache-keys.js';

describe('cache keys', () => {
  const read = { route: 'PostsController.list', params: {}, query: { limit: '5', cursor: 'x' } };

  it('does not depend on the order of query parameters', () => {
    const reordered = { ...read, query: { cursor: 'x', limit: '5' } };
    expect(entryKey(reordered, ['a', 'b'])).toBe(entryKey(read, ['a', 'b']));
  });

  it('changes with any input, the caller or a version', () => {
    const base = entryKey(read, ['a', 'b']);
    const variants = [
      entryKey({ ...read, route: 'UsersController.list' }, ['a', 'b']),
      entryKey({ ...read, query: { limit: '6', cursor: 'x' } }, ['a', 'b']),
      entryKey({ ...read, params: { id: '1' } }, ['a', 'b']),
      entryKey({ ...read, callerId: 1 }, ['a', 'b']),
      entryKey(read, ['a', 'c']),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it('keeps one caller’s key apart from another’s', () => {
    expect(entryKey({ ...read, callerId: 1 }, ['a'])).not.toBe(
      entryKey({ ...read, callerId: 11 }, ['a']),
    );
  });

  it('cannot be confused by separators inside values', () => {
    const a = entryKey({ ...read, query: { q: 'x:y' } }, ['v']);
    const b = entryKey({ ...read, query: { q: 'x', y: '' } }, ['v']);
    expect(a).not.toBe(b);
  });

  it('names namespace versions apart from entries', () => {
    expect(versionKey('post:7')).toBe('cache:v1:ns:post:7');
  });

  it('never hands out the same version twice', () => {
    const versions = new Set(Array.from({ length: 10_000 }, () => newVersion()));
    expect(versions.size).toBe(10_000);
  });
});
