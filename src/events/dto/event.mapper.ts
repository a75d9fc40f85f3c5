import type { EventEntity } from '../entities/event.entity';
import type { PublishOutcome } from '../publishing/publish-event.command';
import type { EventDto, PublishedEventDto } from './event.dto';

/** The only way an event row leaves the events module. */
export function mapEvent(event: EventEntity): EventDto {
  return {
    id: event.id,
    type: event.type,
    user_id: event.userId,
    channels: event.channels,
    data: event.data,
    created_at: event.createdAt.toISOString(),
  };
}

/** The body of `POST /api/events`: the event and how many webhooks it was fanned out to. */
export const mapPublishOutcome = (outcome: PublishOutcome): PublishedEventDto => ({
  ...outcome.event,
  deliveries: outcome.deliveries,
});
