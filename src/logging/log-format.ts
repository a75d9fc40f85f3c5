import PinoPretty from 'pino-pretty';
import type { DestinationStream } from 'pino';
import { AppConfig } from '../config/app-config';

export type LogFormat = 'json' | 'pretty';

/** LOG_FORMAT when set; otherwise pretty for a person at a terminal in development, JSON for machines. */
export function logFormat(config: Pick<AppConfig, 'env' | 'logFormat'>, stdoutIsTty: boolean): LogFormat {
  if (config.logFormat) return config.logFormat;
  return config.env === 'development' && stdoutIsTty ? 'pretty' : 'json';
}

/**
 * One line per entry, "12:00:01.234 INFO [Context] message", the request-id and fields after it.
 * Synchronous, so that the last lines before an exit are not lost in a worker thread.
 */
export function prettyStream(colorize: boolean): DestinationStream {
  return PinoPretty({
    colorize,
    sync: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service,role,context,req,res,responseTime',
    messageFormat: '{if context}[{context}] {end}{msg}',
  });
}
