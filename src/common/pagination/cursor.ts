import { BadRequestException } from '@nestjs/common';

// Cursors are opaque to clients: base64url of a versioned key, so the encoding can
// change later without breaking the contract.
const PREFIX = 'v1:';

export function encodeCursor(key: number): string {
  return Buffer.from(`${PREFIX}${key}`, 'utf8').toString('base64url');
}

/** The key a cursor stands for, or undefined for anything that is not one of ours. */
export function parseCursor(cursor: string): number | undefined {
  const text = /^[A-Za-z0-9_-]{1,40}$/.test(cursor)
    ? Buffer.from(cursor, 'base64url').toString('utf8')
    : '';
  const match = /^v1:([1-9]\d{0,15})$/.exec(text);
  const key = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(key) ? key : undefined;
}

/** The key a cursor stands for; a 400 for anything that is not one of ours. */
export function decodeCursor(cursor: string): number {
  const key = parseCursor(cursor);
  if (key === undefined) throw new BadRequestException('cursor is malformed');
  return key;
}
