import { Module } from '@nestjs/common';
import { EventAnnouncer } from './event-announcer.service';

/** The announcing half of the SSE bridge, without streams or routes: what a delivery worker needs of SSE. */
@Module({ providers: [EventAnnouncer], exports: [EventAnnouncer] })
export class SseAnnouncerModule {}
