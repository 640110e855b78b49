import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { validateEnvironment } from './env.validation.js';
import { DEVELOPMENT_SECRET, EXAMPLE_SECRET } from './jwt-secret.js';

/** The error production boot stops with for this JWT_SECRET, or '' when it starts. */
function refusal(JWT_SECRET: string): string {
  try {
    validateEnvironment({ NODE_ENV: 'production', JWT_SECRET });
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('JWT_SECRET in production', () => {
  it('ships in .env.example as the placeholder that production refuses', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    expect(example).toMatch(new RegExp(`^# ?JWT_SECRET=${EXAMPLE_SECRET}$`, 'm'));
  });

  it.each([
    ['the development secret from the source', DEVELOPMENT_SECRET],
    ['the .env.example placeholder', EXAMPLE_SECRET],
    ['32 spaces (blank, so unset)', ' '.repeat(32)],
    ['one character repeated', 'a'.repeat(40)],
    ['a word repeated', 'password'.repeat(4)],
    ['a short pattern repeated', '0123456789'.repeat(4)],
    ['a few characters', 'abcabcabcabcabcabcabcabcabcabcabcab'],
    ['too short', 'Xk3-pQ9z'],
  ])('refuses %s with a one-line reason', (_what, secret) => {
    const message = refusal(secret);
    expect(message).toMatch(/^Invalid environment: JWT_SECRET: \S/);
    expect(message).not.toContain('\n');
  });

  it('refuses the public secrets naming why', () => {
    expect(refusal(DEVELOPMENT_SECRET)).toContain('public');
    expect(refusal(EXAMPLE_SECRET)).toContain('public');
  });

  it.each([
    ['32 base64url characters', () => randomBytes(24).toString('base64url')],
    ['43 base64url characters (the README command)', () => randomBytes(32).toString('base64url')],
    ['32 hex digits', () => randomBytes(16).toString('hex')],
    ['64 hex digits', () => randomBytes(32).toString('hex')],
  ])('accepts random secrets of %s', (_what, generate) => {
    for (let i = 0; i < 500; i++) {
      const secret = generate();
      expect([secret, refusal(secret)]).toEqual([secret, '']);
    }
  });

  it('accepts a long passphrase', () => {
    expect(refusal('correct horse battery staple, then forty more')).toBe('');
  });

  it('lets development and tests run with any 32+ character secret', () => {
    expect(() => validateEnvironment({ JWT_SECRET: 'a'.repeat(32) })).not.toThrow();
  });
});
