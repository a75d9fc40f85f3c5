import { newId } from '../../common/ids';
import { generateSecret, secretProblem } from '../../webhooks/validation/webhook-secret';
import { version } from '../../../package.json';
import { clock, eventLine } from './event-line';
import { followStream, StreamRefusedError, StreamStatus } from './event-stream';
import { eventTime, forwardEvent } from './forwarder';

export interface ListenOptions {
  forwardTo: string;
  url: string;
  apiKey?: string;
  events?: string;
  secret?: string;
}

/** A mistake in the command line; printed as it is, exit code 2. */
export class UsageError extends Error {}

/**
 * `herald listen`: holds the caller's stream on Herald and forwards each event to a local receiver as a
 * signed webhook request, printing a line per event, until `signal` aborts (Ctrl-C). Resolves with the
 * exit code.
 */
export async function listen(
  options: ListenOptions,
  say: (line: string) => void,
  signal: AbortSignal,
): Promise<number> {
  const { forwardTo, baseUrl, apiKey, secret } = checked(options);
  const webhookId = newId('wh');
  say(
    `Forwarding events from ${baseUrl} to ${forwardTo}${options.events ? ` (events: ${options.events})` : ''}`,
  );
  say(`Signing secret: ${secret}  (verify as a Herald webhook, e.g. with the standardwebhooks library)`);
  say('Ctrl-C to stop.');
  let forwarded = 0;
  const onStatus = (status: StreamStatus) => say(statusLine(status));
  try {
    for await (const message of followStream({ baseUrl, apiKey, types: options.events, signal, onStatus })) {
      if (message.type === 'stream.reset') {
        say(
          `${clock(new Date())}  Herald could not replay every event missed (${message.data}): some were not forwarded`,
        );
        continue;
      }
      if (!message.id) continue;
      const createdAt = await eventTime(baseUrl, apiKey, message.id);
      const event = { id: message.id, type: message.type, data: parseData(message.data), createdAt };
      const outcome = await forwardEvent(forwardTo, event, {
        secret,
        webhookId,
        userAgent: `Herald-Webhooks/${version}`,
      });
      forwarded++;
      say(eventLine(new Date(), message.type, message.id, outcome));
    }
  } catch (error) {
    if (error instanceof StreamRefusedError) {
      say(error.message);
      return 1;
    }
    if (!signal.aborted) throw error;
  }
  say(`Stopped; ${forwarded} event${forwarded === 1 ? '' : 's'} forwarded.`);
  return 0;
}

function checked(options: ListenOptions) {
  const forwardTo = absoluteHttpUrl(options.forwardTo, '--forward-to');
  const baseUrl = absoluteHttpUrl(options.url, '--url');
  if (!options.apiKey)
    throw new UsageError('an API key is needed: pass --api-key <key> or set HERALD_API_KEY');
  if (options.secret !== undefined) {
    const problem = secretProblem(options.secret);
    if (problem) throw new UsageError(`--secret: ${problem}`);
  }
  return { forwardTo, baseUrl, apiKey: options.apiKey, secret: options.secret ?? generateSecret() };
}

function absoluteHttpUrl(value: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `${flag} must be an absolute URL such as http://localhost:4000/hooks (got ${value})`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${flag} must be an http(s) URL`);
  return url.toString();
}

function statusLine(status: StreamStatus): string {
  const now = clock(new Date());
  if (status.kind === 'connected')
    return status.resumedFrom
      ? `${now}  Reconnected; resuming after ${status.resumedFrom}`
      : `${now}  Connected; waiting for events`;
  const resume = status.resumeFrom ? `, resuming after ${status.resumeFrom}` : '';
  return `${now}  Connection lost (${status.reason}); retrying in ${Math.round(status.retryInMs / 100) / 10} s${resume}`;
}

/** `data:` is the event's data object on one line (§7); anything else is forwarded as it came, wrapped. */
function parseData(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    return { value };
  } catch {
    return { value: text };
  }
}
