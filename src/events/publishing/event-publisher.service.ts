import { Injectable } from '@nestjs/common';
import { validateInput } from '../../common/validation/validation-pipe';
import { mapEvent } from '../dto/event.mapper';
import { PublishEventCommand, PublishOutcome } from './publish-event.command';
import { PublishEventUseCase } from './publish-event.use-case';

export interface PublishOptions {
  /** The Herald user the event belongs to; omit for a platform-wide event. */
  userId?: string;
  channels?: string[];
  idempotencyKey?: string;
}

/**
 * The in-process way to publish: inject it anywhere in the host application and call
 * `publish('sync.completed', data, { userId })`. It builds the same `PublishEventCommand` as a
 * `POST /api/events` body, checks it with the same pipe (400 on a bad field) and runs the same use case
 * (422 on an unknown type or a schema mismatch), and answers with the same `PublishOutcome`.
 */
@Injectable()
export class EventPublisher {
  constructor(private readonly publishEvent: PublishEventUseCase) {}

  async publish(
    type: string,
    data: Record<string, unknown>,
    options: PublishOptions = {},
  ): Promise<PublishOutcome> {
    const command = await validateInput(PublishEventCommand, {
      type,
      data,
      user_id: options.userId,
      channels: options.channels,
      idempotency_key: options.idempotencyKey,
    });
    return this.submit(command, null);
  }

  /** Runs a validated command: `publisherId` is the HTTP caller, or null for in-process publishers. */
  async submit(command: PublishEventCommand, publisherId: string | null): Promise<PublishOutcome> {
    const result = await this.publishEvent.execute({
      type: command.type,
      data: command.data,
      userId: command.user_id,
      channels: command.channels,
      idempotencyKey: command.idempotency_key,
      publisherId,
    });
    return { event: mapEvent(result.event), deliveries: result.deliveries, replayed: result.replayed };
  }
}
