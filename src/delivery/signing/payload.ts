/** What a delivery body is built from: the stored event, never anything that changes between attempts. */
export interface PayloadEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

/**
 * The body of docs/API.md §6. Key order is fixed and `data` comes from the stored jsonb, so every attempt
 * (and every worker) produces the same bytes, which is what the signatures cover.
 */
export function buildPayload(event: PayloadEvent, webhookId: string): string {
  return JSON.stringify({
    id: event.id,
    event: event.type,
    timestamp: event.createdAt.toISOString(),
    webhook_id: webhookId,
    data: event.data,
  });
}
