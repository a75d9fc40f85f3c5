import type { EventTypeEntity } from '../entities/event-type.entity';
import type { EventTypeDto } from './event-type.dto';

export function mapEventType(row: EventTypeEntity): EventTypeDto {
  return { type: row.type, description: row.description, schema: row.schema ?? null };
}
