import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Answers every request with its id in `X-Request-Id` (the one a proxy sent,
 * or a new one): a client can quote it, and it names the request's log line.
 */
export function registerRequestId(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      void reply.header('x-request-id', request.id);
      done();
    });
}
