import { Injectable } from '@nestjs/common';
import { PublishEventUseCase } from './publish-event.use-case';
import { PublishEventResult } from './publish-event.command';

export interface PublishOptions {
  /** The Herald user the event belongs to; omit for a platform-wide event. */
  userId?: string;
  channels?: string[];
  idempotencyKey?: string;
}

/**
 * The in-process way to publish: inject it anywhere in the host application and call
 * `publish('sync.completed', data, { userId })`. It runs the same use case as `POST /api/events`, so the
 * event is validated, persisted and fanned out exactly alike (errors are the same 422s).
 */
@Injectable()
export class EventPublisher {
  constructor(private readonly publishEvent: PublishEventUseCase) {}

  publish(
    type: string,
    data: Record<string, unknown>,
    options: PublishOptions = {},
  ): Promise<PublishEventResult> {
    return this.publishEvent.execute({ type, data, ...options, publisherId: null });
  }
}
