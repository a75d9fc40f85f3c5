import { createHmac } from 'node:crypto';
import { SECRET_PREFIX } from '../../webhooks/validation/webhook-secret';

/** Standard Webhooks key: the base64 after `whsec_`, decoded. */
function standardKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return Buffer.from(encoded, 'base64');
}

/**
 * `webhook-signature`: `v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>` per secret, space-separated
 * (current secret first), as the Standard Webhooks spec and svix expect during a rotation.
 */
export function standardSignature(
  secrets: readonly string[],
  msgId: string,
  timestampSeconds: number,
  body: string,
): string {
  const content = `${msgId}.${timestampSeconds}.${body}`;
  return secrets
    .map((secret) => `v1,${createHmac('sha256', standardKey(secret)).update(content).digest('base64')}`)
    .join(' ');
}

/** `X-Webhook-Signature`: `sha256=<hex HMAC-SHA256(whole secret as UTF-8, body)>` per secret, comma-separated. */
export function simpleSignature(secrets: readonly string[], body: string): string {
  return secrets
    .map((secret) => `sha256=${createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('hex')}`)
    .join(',');
}
