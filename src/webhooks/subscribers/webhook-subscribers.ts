import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { subscriberPatterns } from '../../catalog/type-pattern';
import { WebhooksRepository } from '../webhooks.repository';

export interface SubscriberQuery {
  type: string;
  userId: string | null;
  channels: string[] | null;
}

/**
 * Active webhooks that should get an event: a pattern matches its type, it is in scope (platform-wide, or
 * the webhook's owner) and the channels intersect when the webhook has any. The match itself is one
 * statement for a whole publish batch (WebhooksRepository.subscribersOf).
 */
@Injectable()
export class WebhookSubscribers {
  constructor(private readonly webhooks: WebhooksRepository) {}

  /** The subscribers' ids of each event, in input order; inside the caller's transaction when given. */
  findMany(events: readonly SubscriberQuery[], manager?: EntityManager): Promise<string[][]> {
    return this.webhooks.subscribersOf(
      events.map((e) => ({ userId: e.userId, patterns: subscriberPatterns(e.type), channels: e.channels })),
      manager,
    );
  }

  async find(event: SubscriberQuery, manager?: EntityManager): Promise<string[]> {
    return (await this.findMany([event], manager))[0];
  }
}
