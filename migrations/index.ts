/* Every migration, in order. `npm run migration:generate` writes a new file here: add its class below. */
import { CreateUsersAndApiKeys1764100000000 } from './1764100000000-CreateUsersAndApiKeys';
import { CreateWebhooksEventsDeliveries1764100001000 } from './1764100001000-CreateWebhooksEventsDeliveries';
import { SeedEventTypes1764100002000 } from './1764100002000-SeedEventTypes';
import { AddEventFanoutCount1764100003000 } from './1764100003000-AddEventFanoutCount';
import { AddDeliveryRetryCycle1764100005000 } from './1764100005000-AddDeliveryRetryCycle';
import { IndexWebhookSubscriptions1764100006000 } from './1764100006000-IndexWebhookSubscriptions';
import { DeliveryMailboxesAndCircuit1764100007000 } from './1764100007000-DeliveryMailboxesAndCircuit';
import { AddEventCommitOrder1764100008000 } from './1764100008000-AddEventCommitOrder';

export const migrations = [
  CreateUsersAndApiKeys1764100000000,
  CreateWebhooksEventsDeliveries1764100001000,
  SeedEventTypes1764100002000,
  AddEventFanoutCount1764100003000,
  AddDeliveryRetryCycle1764100005000,
  IndexWebhookSubscriptions1764100006000,
  DeliveryMailboxesAndCircuit1764100007000,
  AddEventCommitOrder1764100008000,
];
