/** Event-emitter names of published events: `event.<type>`, e.g. `event.sync.completed`. */
export const eventName = (type: string) => `event.${type}`;

/**
 * The emitter pattern for a subscription pattern (docs/API.md §3): `*` is every event, `sync.*` every
 * event whose type starts with `sync.` (any depth), anything else one exact type.
 */
export function eventNamePattern(pattern: string): string {
  if (pattern === '*') return 'event.**';
  if (pattern.endsWith('.*')) {
    // EventEmitter2's `**` also matches zero segments, so `a.b.**` would hear the type `a.b` itself, which
    // `a.b.*` does not match. A type has at most three segments: under a two-segment prefix exactly one
    // more follows (`*`); under a one-segment prefix one or two do, and the prefix alone is no type (`**`).
    const prefix = pattern.slice(0, -2);
    return `event.${prefix}.${prefix.includes('.') ? '*' : '**'}`;
  }
  return eventName(pattern);
}

/**
 * Internal signal (not a platform event): the delivery engine disabled a webhook. The events module turns
 * it into a `webhook.disabled` event for the owner, so that delivery never imports the events module.
 */
export const WEBHOOK_DISABLED_SIGNAL = 'internal.webhook-disabled';

export interface WebhookDisabledSignal {
  webhookId: string;
  userId: string;
  url: string;
  name: string | null;
  reason: string;
  disabledAt: Date;
}

/**
 * Internal signal: a user's role changed or the user was deleted. Whoever caches identities (the bearer
 * authentication) forgets that user at once in this process; other processes' caches expire within a second.
 */
export const IDENTITY_CHANGED_SIGNAL = 'internal.identity-changed';

export interface IdentityChangedSignal {
  userId: string;
}

/**
 * Internal signal: one credential stopped working before its time (a portal session signed out, an API key
 * deleted). Streams opened with it, on every instance, end; so do the tickets taken with it.
 */
export const CREDENTIAL_REVOKED_SIGNAL = 'internal.credential-revoked';

export interface CredentialRevokedSignal {
  userId: string;
  /** The credential's id (`credentialId` of src/auth/credential-id.ts). */
  credential: string;
}
