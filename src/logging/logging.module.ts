import { Module, RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { logFormat, prettyStream } from './log-format';

/** Paths whose values are never written to a log line, whatever logs them. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.query.ticket',
  'res.headers["set-cookie"]',
  '*.password',
  '*.password_hash',
  '*.passwordHash',
  '*.secret',
  '*.access_token',
  '*.key',
  '*.token',
  '*.ticket',
  // A failed query's parameters can hold a password hash or a secret's ciphertext; the query text stays.
  'err.parameters',
  'err.driverError.parameters',
];

/**
 * Structured logs (pino), one line per event, each with the request id of the request it belongs to:
 * JSON for machines, or readable lines for a terminal (LOG_FORMAT, see log-format.ts).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const pretty = logFormat(config, process.stdout.isTTY === true) === 'pretty';
        const options: Options = {
          level: config.logLevel,
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          genReqId: (req: IncomingMessage, res: ServerResponse) => {
            const given = req.headers['x-request-id'];
            const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
            res.setHeader('X-Request-Id', id);
            return id;
          },
          customProps: () => ({ service: 'herald', role: config.role }),
          // Query strings can carry SSE tickets; log the path only.
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              path: req.url.split('?')[0],
            }),
          },
          autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
          // A readable line says what happened; JSON keeps pino-http's message and the fields beside it.
          ...(pretty && {
            customSuccessMessage: (req, res, ms) =>
              `${req.method} ${req.url?.split('?')[0]} ${res.statusCode} ${ms} ms`,
            customErrorMessage: (req, res, error) =>
              `${req.method} ${req.url?.split('?')[0]} ${res.statusCode} ${error.message}`,
          }),
        };
        return {
          // Express 5 path syntax (the default '*' makes Nest print a legacy-route warning at every start).
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: pretty ? [options, prettyStream(process.stdout.hasColors?.() ?? false)] : options,
        };
      },
    }),
  ],
})
export class LoggingModule {}
