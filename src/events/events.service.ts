import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository, SelectQueryBuilder } from 'typeorm';
import { isId } from '../common/ids';
import { notFound } from '../common/errors/http-errors';
import { Page, toPage } from '../common/pagination/page';
import { PublishedEvent, toPublishedEvent } from '../bus/published-event';
import { EventDto } from './dto/event.dto';
import { mapEvent } from './dto/event.mapper';
import { ListEventsQueryDto } from './dto/list-events-query.dto';
import { EventEntity } from './entities/event.entity';
import type { EventViewer } from './event-viewer';
import { EventsRepository } from './events.repository';

export { EventViewer, viewerOf } from './event-viewer';

/** Reading events: the API's list and detail, and the SSE replay. */
@Injectable()
export class EventsService {
  constructor(
    private readonly rows: EventsRepository,
    // The SSE replay below still reads through TypeORM directly; it is being reworked with the stream.
    @InjectRepository(EventEntity) private readonly events: Repository<EventEntity>,
  ) {}

  async list(viewer: EventViewer, query: ListEventsQueryDto): Promise<Page<EventDto>> {
    const [rows, total] = await this.rows.pageVisibleTo(viewer, query.type, query.offset, query.limit);
    return toPage(rows.map(mapEvent), total, query);
  }

  async get(viewer: EventViewer, id: string): Promise<EventDto> {
    const event = isId('evt', id) ? await this.rows.findVisibleTo(viewer, id) : null;
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
    return this.rows.visibleTo(viewer);
  }
}
