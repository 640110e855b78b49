import type { IncomingMessage } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

// The matched route of each request (`/api/posts/:id`), for its log line: the
// request logger sees only Node's request, which does not know the route.
const routes = new WeakMap<IncomingMessage, string>();

/** The route pattern a request matched; undefined for a 404. */
export function routeOf(req: IncomingMessage): string | undefined {
  return routes.get(req);
}

/**
 * Remembers each request's route for the log, and answers with its id in
 * `X-Request-Id`, so that a client can quote the id of the log line that
 * tells what happened to its request.
 */
export function registerRequestContext(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      if (request.routeOptions.url) routes.set(request.raw, request.routeOptions.url);
      void reply.header('x-request-id', request.id);
      done();
    });
}
