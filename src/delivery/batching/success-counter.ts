import { Injectable } from '@nestjs/common';
import { WebhooksService } from '../../webhooks/webhooks.service';
import { batcher } from './batch-window';

/** Adds up successful deliveries per webhook and writes them in one statement per batch. */
@Injectable()
export class SuccessCounter {
  private readonly loader = batcher<{ webhookId: string; at: Date }, void>(async (successes) => {
    await this.webhooks.recordSuccesses(successes);
    return successes.map(() => undefined);
  });

  constructor(private readonly webhooks: WebhooksService) {}

  count(webhookId: string, at: Date): Promise<void> {
    return this.loader.load({ webhookId, at });
  }
}
