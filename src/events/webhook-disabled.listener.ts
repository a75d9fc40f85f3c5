import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { EventPublisher } from './publishing/event-publisher.service';
import { WEBHOOK_DISABLED_SIGNAL, WebhookDisabledSignal } from '../bus/bus-names';

/** Turns the delivery engine's signal into a `webhook.disabled` event for the webhook's owner. */
@Injectable()
export class WebhookDisabledListener {
  private readonly logger = new Logger(WebhookDisabledListener.name);

  constructor(private readonly events: EventPublisher) {}

  @OnEvent(WEBHOOK_DISABLED_SIGNAL, { async: true, promisify: true })
  async onWebhookDisabled(signal: WebhookDisabledSignal): Promise<void> {
    this.logger.warn(`webhook ${signal.webhookId} of ${signal.userId} disabled: ${signal.reason}`);
    await this.events.publish(
      'webhook.disabled',
      {
        webhook_id: signal.webhookId,
        url: signal.url,
        name: signal.name,
        reason: signal.reason,
        disabled_at: signal.disabledAt.toISOString(),
      },
      { userId: signal.userId },
    );
  }
}
