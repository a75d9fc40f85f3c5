import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { isId } from '../common/ids';
import { notFound } from '../common/errors/http-errors';
import { Page, toPage } from '../common/pagination/page';
import { PublishedEvent, toPublishedEvent } from '../bus/published-event';
import { EventDto, mapEvent } from './dto/event.dto';
import { ListEventsQueryDto } from './dto/list-events-query.dto';
import { EventEntity } from './entities/event.entity';

/** Who is reading: platform-wide events and their own, or everything for admins (contract §4 scope). */
export interface EventViewer {
  userId: string;
  isAdmin: boolean;
}

export const viewerOf = (user: AuthUser): EventViewer => ({
  userId: user.id,
  isAdmin: user.role === 'admin',
});

/** Reading events: the API's list and detail, and the SSE replay. */
@Injectable()
export class EventsService {
  constructor(@InjectRepository(EventEntity) private readonly events: Repository<EventEntity>) {}

  async list(viewer: EventViewer, query: ListEventsQueryDto): Promise<Page<EventDto>> {
    const qb = this.visibleTo(viewer).orderBy('e.id', 'DESC').skip(query.offset).take(query.limit);
    if (query.type) qb.andWhere('e.type = :type', { type: query.type });
    const [rows, total] = await qb.getManyAndCount();
    return toPage(rows.map(mapEvent), total, query);
  }

  async get(viewer: EventViewer, id: string): Promise<EventDto> {
    const event = isId('evt', id)
      ? await this.visibleTo(viewer).andWhere('e.id = :id', { id }).getOne()
      : null;
    if (!event) throw notFound('Event');
    return mapEvent(event);
  }

  /**
   * Events after `lastEventId` that the viewer may see, in id (= creation) order, at most `limit + 1`
   * so that the caller can tell "more than the limit". `known` is false when that id no longer exists.
   */
  async replayAfter(
    lastEventId: string,
    viewer: EventViewer,
    typePatterns: string[] | null,
    limit: number,
  ): Promise<{ known: boolean; events: PublishedEvent[] }> {
    const known = isId('evt', lastEventId) && (await this.events.existsBy({ id: lastEventId }));
    if (!known) return { known: false, events: [] };

    const qb = this.visibleTo(viewer)
      .andWhere('e.id > :after', { after: lastEventId })
      .orderBy('e.id', 'ASC')
      .take(limit + 1);
    if (typePatterns && !typePatterns.includes('*')) {
      const exact = typePatterns.filter((p) => !p.endsWith('.*'));
      const prefixes = typePatterns
        .filter((p) => p.endsWith('.*'))
        .map((p) => `${p.slice(0, -1).replace(/[\\%_]/g, '\\$&')}%`);
      qb.andWhere(
        new Brackets((w) => {
          w.where('e.type = ANY(:exact)', { exact });
          if (prefixes.length) w.orWhere('e.type LIKE ANY(:prefixes)', { prefixes });
        }),
      );
    }
    const rows = await qb.getMany();
    return {
      known: true,
      events: rows.map((row) => toPublishedEvent(row)),
    };
  }

  private visibleTo(viewer: EventViewer): SelectQueryBuilder<EventEntity> {
    const qb = this.events.createQueryBuilder('e');
    if (!viewer.isAdmin) qb.where('(e.user_id IS NULL OR e.user_id = :viewer)', { viewer: viewer.userId });
    return qb;
  }
}
