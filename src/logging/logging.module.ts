import type { IncomingMessage } from 'node:http';
import { Module, RequestMethod } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { LoggerModule, type Params } from 'nestjs-pino';
import { appConfig } from '../config/app.config.js';
import { prettyStream } from './pretty-stream.js';
import { routeOf } from './request-context.js';

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

/** pino-http's options: one `request completed` line per request, only the fields below. */
export function loggerParams(config: ConfigType<typeof appConfig>): Params {
  const options = {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // Only these fields of a request are logged: no headers (tokens), no bodies (passwords).
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customProps: (req: IncomingMessage) => {
      const route = routeOf(req);
      return route ? { route } : {};
    },
  };
  return {
    pinoHttp: config.logFormat === 'pretty' ? [options, prettyStream()] : options,
    // Health probes arrive every few seconds from every balancer and would drown
    // the log. (Left to the default, /health was also logged twice: once through
    // Nest's own handling of paths outside the global prefix, once through
    // nestjs-pino's.)
    forRoutes: [{ path: '{/*splat}', method: RequestMethod.ALL }],
    exclude: [{ path: 'health', method: RequestMethod.ALL }],
  };
}

/**
 * Structured JSON logs through pino (readable lines instead with
 * LOG_FORMAT=pretty): one line per request with its id, method, URL, route,
 * status and duration. Credentials never reach a log line.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: loggerParams,
    }),
  ],
})
export class LoggingModule {}
