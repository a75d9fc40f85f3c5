/** The one input of publishing, whichever way an event arrives (HTTP or the in-process bus). */
export interface PublishEventCommand {
  type: string;
  data: Record<string, unknown>;
  /** The Herald user the event belongs to; null or absent for a platform-wide event. */
  userId?: string | null;
  channels?: string[] | null;
  idempotencyKey?: string | null;
  /** Who published: a user id for HTTP publishers, null for Herald itself and in-process publishers. */
  publisherId?: string | null;
}

export interface PublishEventResult {
  event: import('../entities/event.entity').EventEntity;
  /** How many webhooks it was fanned out to. */
  deliveries: number;
  /** True when an earlier event with the same idempotency key was returned instead. */
  replayed: boolean;
}
