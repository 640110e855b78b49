import { LruMap } from './lru-map.js';

describe('LruMap', () => {
  it('stores and returns values like a Map', () => {
    const map = new LruMap(1000);
    map.set('a', 'one');
    expect(map.get('a')).toBe('one');
    expect(map.get('missing')).toBeUndefined();
    expect(map.delete('a')).toBe(true);
    expect(map.get('a')).toBeUndefined();
  });

  it('forgets the least recently used entries once over its size', () => {
    const map = new LruMap(12); // room for three entries of 4 characters
    map.set('a', '123');
    map.set('b', '123');
    map.set('c', '123');
    map.get('a'); // now b is the least recently used
    map.set('d', '123');
    expect([...map.keys()].sort()).toEqual(['a', 'c', 'd']);
    expect(map.chars).toBeLessThanOrEqual(12);
  });

  it('counts a replaced value once', () => {
    const map = new LruMap(100);
    map.set('a', '12345');
    map.set('a', '12');
    expect(map.chars).toBe(3);
    map.clear();
    expect(map.chars).toBe(0);
  });

  it('keeps a single entry larger than the bound until the next write', () => {
    const map = new LruMap(4);
    map.set('big', 'x'.repeat(10));
    expect(map.get('big')).toBe('x'.repeat(10));
    map.set('s', '1');
    expect(map.has('big')).toBe(false);
  });
});
