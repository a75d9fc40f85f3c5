import { Injectable } from '@nestjs/common';
import { isId } from '../common/ids';
import { notFound } from '../common/errors/http-errors';
import { Page, toPage } from '../common/pagination/page';
import { EventDto } from './dto/event.dto';
import { mapEvent } from './dto/event.mapper';
import { ListEventsQueryDto } from './dto/list-events-query.dto';
import type { EventViewer } from './event-viewer';
import { EventsRepository } from './events.repository';

export { EventViewer, viewerOf } from './event-viewer';

/** Reading events: the API's list and detail (streams read the commit-ordered feed, feed/event-feed.ts). */
@Injectable()
export class EventsService {
  constructor(private readonly rows: EventsRepository) {}

  async list(viewer: EventViewer, query: ListEventsQueryDto): Promise<Page<EventDto>> {
    const [rows, total] = await this.rows.pageVisibleTo(viewer, query.type, query.offset, query.limit);
    return toPage(rows.map(mapEvent), total, query);
  }

  async get(viewer: EventViewer, id: string): Promise<EventDto> {
    const event = isId('evt', id) ? await this.rows.findVisibleTo(viewer, id) : null;
    if (!event) throw notFound('Event');
    return mapEvent(event);
  }
}
