import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/**
 * Fastify's request logging, one line per request: `request completed` (or
 * `request errored`) once the response is sent, with its id, method, URL,
 * route, status and duration, on the request's child logger (so with `reqId`).
 * Fastify's `incoming request` line is not written: it would double every
 * entry. Health probes arrive every few seconds from every balancer and would
 * drown the log, so they are not logged at all.
 *
 * This replaces pino-http as a Nest middleware (nestjs-pino), which took two
 * fifths of a cached read's CPU: a child logger and its serializers built per
 * request even when the level skips the line, and an AsyncLocalStorage whose
 * promise hooks slowed every await in the process.
 */
export class RequestLog extends LogController {
  constructor() {
    super({ disableRequestLogging: (request) => request.routeOptions?.url === '/health' });
  }

  override incomingRequest(): void {
    // Logged once, on completion.
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    const line = {
      req: request,
      res: reply,
      route: request.routeOptions.url,
      responseTime: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
