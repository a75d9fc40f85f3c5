/**
 * The shapes of Herald's public API that the portal reads, taken from the client generated from
 * openapi.json (clients/typescript, `npm run openapi`), so that the portal and the API cannot drift apart:
 * a renamed or retyped field fails `npm run typecheck` here.
 */
import type { components } from '../../../clients/typescript/src/schema';

type Schemas = components['schemas'];

/** Every list route answers this envelope (the generated *PageDto types, one per list). */
export interface Page<T> {
  data: T[];
  page: number;
  limit: number;
  total: number;
}

export type User = Schemas['UserDto'];
export type Webhook = Schemas['WebhookDto'];
/** The fields a person edits: create and PATCH take the same ones. */
export type WebhookInput = Required<
  Pick<
    Schemas['CreateWebhookDto'],
    'url' | 'events' | 'name' | 'description' | 'channels' | 'headers' | 'rate_limit_per_second'
  >
>;
export type Delivery = Schemas['DeliveryDto'];
export type DeliveryStatus = Delivery['status'];
export type Attempt = Schemas['DeliveryAttemptDto'];
export type DeliveryDetail = Schemas['DeliveryDetailDto'];
export type TestResult = Schemas['WebhookTestResultDto'];
export type Stats = Schemas['DeliveryStatsDto'];
export type EventType = Schemas['EventTypeDto'];
export type HeraldEvent = Schemas['EventDto'];
