import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { EventTypeEntity, JsonSchema } from './entities/event-type.entity';

export type NewEventType = { type: string; description: string; schema: JsonSchema | null };

/** The `event_types` table. */
@Injectable()
export class EventTypesRepository {
  constructor(@InjectRepository(EventTypeEntity) private readonly types: Repository<EventTypeEntity>) {}

  all(): Promise<EventTypeEntity[]> {
    return this.types.find();
  }

  /**
   * False when the type exists already. ON CONFLICT rather than check-then-insert: two admins racing get
   * one insert and one false, never a unique-violation error.
   */
  async insert(row: NewEventType): Promise<boolean> {
    const inserted: unknown[] = await this.types.query(
      `INSERT INTO event_types (type, description, schema) VALUES ($1, $2, $3) ON CONFLICT (type) DO NOTHING RETURNING type`,
      [row.type, row.description, row.schema ? JSON.stringify(row.schema) : null],
    );
    return inserted.length > 0;
  }

  /** Whether the type existed (and is now gone). */
  async delete(type: string): Promise<boolean> {
    const result = await this.types.delete({ type });
    return Boolean(result.affected);
  }
}
