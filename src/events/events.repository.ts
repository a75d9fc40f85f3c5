import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, SelectQueryBuilder } from 'typeorm';
import { EventEntity } from './entities/event.entity';
import type { EventViewer } from './event-viewer';

/** The `events` table as read by the API and trimmed by retention (publishing writes in its own transaction). */
@Injectable()
export class EventsRepository {
  constructor(@InjectRepository(EventEntity) private readonly events: Repository<EventEntity>) {}

  /** Newest first, optionally of one type, and the total. */
  pageVisibleTo(
    viewer: EventViewer,
    type: string | undefined,
    offset: number,
    limit: number,
  ): Promise<[EventEntity[], number]> {
    const qb = this.visibleTo(viewer).orderBy('e.id', 'DESC').skip(offset).take(limit);
    if (type) qb.andWhere('e.type = :type', { type });
    return qb.getManyAndCount();
  }

  findVisibleTo(viewer: EventViewer, id: string): Promise<EventEntity | null> {
    return this.visibleTo(viewer).andWhere('e.id = :id', { id }).getOne();
  }

  /** The events a viewer may see: platform-wide and their own, or all of them for an admin. */
  visibleTo(viewer: EventViewer): SelectQueryBuilder<EventEntity> {
    const qb = this.events.createQueryBuilder('e');
    if (!viewer.isAdmin) qb.where('(e.user_id IS NULL OR e.user_id = :viewer)', { viewer: viewer.userId });
    return qb;
  }

  /**
   * Deletes at most `batch` events created before `cutoff` (oldest first, skipping rows another
   * transaction holds) with their deliveries and attempts (foreign keys cascade); returns how many.
   */
  async deleteCreatedBefore(cutoff: Date, batch: number): Promise<number> {
    const result: [unknown[], number] = await this.events.query(
      `DELETE FROM events WHERE id IN (
         SELECT id FROM events WHERE created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
       )`,
      [cutoff, batch],
    );
    return result[1];
  }
}
