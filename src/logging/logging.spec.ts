import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_PATHS } from './logger.js';
import { formatLogLine } from './pretty-stream.js';

describe('log lines', () => {
  function capture(): { lines: string[]; stream: Writable } {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    return { lines, stream };
  }

  it('never writes a credential or the values of a failed SQL statement', () => {
    const { lines, stream } = capture();
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, stream);
    const failed = Object.assign(new Error('Duplicate entry'), {
      query: 'INSERT INTO `auth` (`user_id`, `password_hash`) VALUES (?, ?)',
      parameters: [7, '$argon2id$v=19$secret-hash'],
      driverError: { sql: "INSERT INTO `auth` VALUES (7, '$argon2id$v=19$secret-hash')" },
    });
    logger.error({ err: failed }, 'insert failed');
    logger.info({ body: { password: 'hunter2-hunter2', refreshToken: 'rt-123' } }, 'request body');
    const text = lines.join('');
    expect(text).not.toContain('secret-hash');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('rt-123');
    expect(text).toContain('Duplicate entry');
  });

  it('prints a request line for a person: method, URL, status, time, id and route', () => {
    const line = JSON.stringify({
      level: 30,
      time: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
      pid: 1,
      hostname: 'h',
      reqId: 'abc',
      req: { id: 'abc', method: 'GET', url: '/api/posts/7' },
      res: { statusCode: 200 },
      responseTime: 4,
      route: '/api/posts/:id',
      msg: 'request completed',
    });
    expect(formatLogLine(line)).toBe(
      '03:04:05.678 INFO  GET /api/posts/7 200 4ms  req=abc route=/api/posts/:id',
    );
  });

  it('prints other lines as context and message, and passes non-JSON through', () => {
    const line = JSON.stringify({ level: 40, time: 0, context: 'Cache', msg: 'cache unavailable' });
    expect(formatLogLine(line)).toBe('00:00:00.000 WARN  [Cache] cache unavailable');
    expect(formatLogLine('plain text\n')).toBe('plain text');
  });
});
