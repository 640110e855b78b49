import { BadRequestException } from '@nestjs/common';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('cursor codec', () => {
  it.each([1, 42, 2 ** 31, Number.MAX_SAFE_INTEGER])('round-trips %d', (key) => {
    expect(decodeCursor(encodeCursor(key))).toBe(key);
  });

  it('is opaque: no bare number on the wire', () => {
    expect(encodeCursor(123)).not.toContain('123');
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc$%'],
    ['a bare number', '123'],
    ['the wrong version', Buffer.from('v2:5').toString('base64url')],
    ['zero', Buffer.from('v1:0').toString('base64url')],
    ['negative', Buffer.from('v1:-5').toString('base64url')],
    ['a fraction', Buffer.from('v1:1.5').toString('base64url')],
    ['too large', Buffer.from('v1:99999999999999999').toString('base64url')],
    ['too long', 'A'.repeat(500)],
  ])('refuses %s with a 400', (_case, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(BadRequestException);
  });
});
