import { ConfigError } from '../../config/load-config';
import { StartupError } from './wait-for-services';

/** The one line printed when start-up fails: ours as they are, anything else without its stack. */
export function describeStartupFailure(error: unknown): string {
  if (error instanceof ConfigError || error instanceof StartupError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `failed to start: ${message.split('\n')[0]}`;
}
