import { simpleSignature, standardSignature } from './signer';

export interface HeaderInput {
  eventId: string;
  eventType: string;
  deliveryId: string;
  body: string;
  secrets: readonly string[];
  /** Unix seconds of this attempt. */
  timestamp: number;
  userAgent: string;
  customHeaders: Record<string, string>;
}

const SIGNATURE_HEADERS = new Set(['webhook-signature', 'x-webhook-signature']);
/** Custom header names that carry credentials; their values never reach the attempt log. */
const SECRET_HEADER =
  /^(authorization|proxy-authorization|cookie)$|token|secret|key|password|signature|auth/i;
export const REDACTED = '[redacted]';

/**
 * Every header of docs/API.md §6. Custom headers go first so that Herald's own names always win (the
 * webhooks module refuses reserved names, this keeps it true even if one slipped through).
 */
export function deliveryHeaders(input: HeaderInput): Record<string, string> {
  const timestamp = String(input.timestamp);
  return {
    ...input.customHeaders,
    'content-type': 'application/json',
    'user-agent': input.userAgent,
    'webhook-id': input.eventId,
    'webhook-timestamp': timestamp,
    'webhook-signature': standardSignature(input.secrets, input.eventId, input.timestamp, input.body),
    'x-webhook-signature': simpleSignature(input.secrets, input.body),
    'x-webhook-event': input.eventType,
    'x-webhook-delivery': input.deliveryId,
    'x-webhook-timestamp': timestamp,
  };
}

/** The headers as they may be stored and shown: signatures and credential-bearing values replaced. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SIGNATURE_HEADERS.has(name.toLowerCase()) || SECRET_HEADER.test(name) ? REDACTED : value;
  }
  return out;
}
