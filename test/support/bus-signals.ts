import { WebhookDisabledSignal } from '../../src/bus/bus-names';

/** What the delivery engine emits when it disables one of `userId`'s webhooks. */
export const webhookDisabledSignal = (userId: string): WebhookDisabledSignal => ({
  webhookId: 'wh_01JD3Q2W0Z8X9Y7V6T5S4R3Q2P',
  userId,
  url: 'https://example.com/hook',
  name: 'orders',
  reason: '15 deliveries in a row failed',
  disabledAt: new Date(),
});
