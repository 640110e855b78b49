import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { createLogger } from './logger.js';
import { RequestLog } from './request-log.js';

/** A Fastify server logging as the app does, into `lines`. */
async function serve(level: string) {
  const lines: object[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as object);
      done();
    },
  });
  const server = Fastify({
    loggerInstance: createLogger({ logLevel: level, logFormat: 'json' }, sink),
    logController: new RequestLog(),
  });
  server.get('/api/posts/:id', async () => ({ id: 7 }));
  server.get('/health', async () => ({ status: 'ok' }));
  const base = await server.listen({ port: 0, host: '127.0.0.1' });
  return { server, lines, url: (path: string) => `${base}${path}` };
}

describe('request log', () => {
  it('writes one line per request with what an operator needs, and none for health probes', async () => {
    const { server, lines, url } = await serve('info');
    try {
      await fetch(url('/health'));
      await fetch(url('/api/posts/7?x=1'), {
        headers: { authorization: 'Bearer secret-token' },
      });
      // The line is written once the response has gone out, which may be just after the client has it.
      for (let tries = 0; tries < 100 && !lines.some((line) => 'req' in line); tries++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      await server.close();
    }
    const requests = lines.filter((line) => 'req' in line);
    expect(requests).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        reqId: expect.any(String),
        req: { id: expect.any(String), method: 'GET', url: '/api/posts/7?x=1' },
        res: { statusCode: 200 },
        route: '/api/posts/:id',
        responseTime: expect.any(Number),
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret-token');
    expect(lines.filter((line) => JSON.stringify(line).includes('incoming request'))).toEqual([]);
  });

  it('writes no request line at warn, the level the benchmark runs at', async () => {
    const { server, lines, url } = await serve('warn');
    try {
      await fetch(url('/api/posts/7'));
    } finally {
      await server.close();
    }
    expect(lines.filter((line) => 'req' in line)).toEqual([]);
  });
});
