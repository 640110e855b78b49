import type { ConfigType } from '@nestjs/config';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { appConfig } from '../config/app.config.js';
import { prettyStream } from './pretty-stream.js';

/**
 * Never written, whatever a log call is handed: credentials, and what a
 * database error carries of the statement that failed (its values may be a
 * password hash or a token hash).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.passwordHash',
  '*.accessToken',
  '*.refreshToken',
  '*.secret',
  'err.parameters',
  'err.sql',
  'err.driverError.sql',
  'err.driverError.parameters',
];

type LogConfig = Pick<ConfigType<typeof appConfig>, 'logLevel' | 'logFormat'>;

/**
 * The process's one logger: Fastify logs requests through it (see
 * request-log.ts) and Nest everything else (see nest-logger.ts). JSON lines on
 * stdout, or readable lines with LOG_FORMAT=pretty.
 */
export function createLogger(config: LogConfig, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Only these fields of a request are logged: no headers (tokens), no bodies (passwords).
      // They replace Fastify's own serializers, which add the client's address and port.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination ?? (config.logFormat === 'pretty' ? prettyStream() : undefined),
  );
}
