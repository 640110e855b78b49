import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * How long requests in flight get to finish after SIGTERM/SIGINT before the
 * process exits anyway. Process managers must wait longer than this before
 * they SIGKILL (PM2's kill_timeout, compose's stop_grace_period: both 15 s).
 */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
// Time for the last log lines to reach a file or pipe before the process exits.
const LOG_FLUSH_MS = 250;

/**
 * Closes the app in the order that loses nothing:
 *
 * 1. Stop listening, so new connections go to another worker (or are
 *    refused), and let the requests in flight finish; a keep-alive connection
 *    is closed after the response it is waiting for.
 * 2. Then close what those requests needed: Nest's shutdown stops the
 *    timeline worker (it finishes the jobs it holds; the rest wait in Redis)
 *    and its queue, and closes the cache's Redis client and the database pool
 *    (the rate limiter's Redis client closed with the server).
 *
 * Nest's own `close()` runs the other way round (module hooks before the HTTP
 * server), which would pull the cache and the pool from under requests still
 * running: a write could commit and then fail to invalidate the cache.
 */
export async function closeGracefully(app: NestFastifyApplication): Promise<void> {
  await app.getHttpAdapter().getInstance().close();
  await app.close();
}

/**
 * On the first SIGTERM or SIGINT (PM2 sends SIGINT, Docker SIGTERM), shuts the
 * app down gracefully and exits 0; exits 1 if that fails or takes longer than
 * SHUTDOWN_TIMEOUT_MS. A second signal during the shutdown changes nothing.
 */
export function exitGracefullyOnSignals(
  app: NestFastifyApplication,
  logger: LoggerService,
  timeoutMs = SHUTDOWN_TIMEOUT_MS,
): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received: finishing requests in flight, then exiting`, 'Shutdown');
    const deadline = setTimeout(() => {
      logger.error(`still closing after ${timeoutMs} ms: exiting anyway`, undefined, 'Shutdown');
      process.exit(1);
    }, timeoutMs);
    deadline.unref();
    closeGracefully(app).then(
      () => {
        logger.log('closed: requests finished, database and Redis disconnected', 'Shutdown');
        // Exit as soon as nothing is left to do, once the last log lines are written;
        // under PM2 the IPC channel stays open, so exit on a short timer there.
        process.exitCode = 0;
        setTimeout(() => process.exit(0), LOG_FLUSH_MS).unref();
      },
      (error: unknown) => {
        logger.error(`shutdown failed: ${String(error)}`, undefined, 'Shutdown');
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
