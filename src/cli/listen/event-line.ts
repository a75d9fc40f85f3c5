import type { ForwardOutcome } from './forwarder';

/** `12:00:01.234`, the local wall clock a person compares with their receiver's log. */
export function clock(at: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
}

/** One line per forwarded event: time, type, id, the receiver's status and how long it took. */
export function eventLine(at: Date, type: string, id: string, outcome: ForwardOutcome): string {
  const answer = outcome.status !== undefined ? `${outcome.status}` : `failed (${outcome.error})`;
  return `${clock(at)}  ${type.padEnd(22)} ${id}  -> ${answer} in ${outcome.ms} ms`;
}
