import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EventsModule } from '../events/events.module';
import { ConnectionSlots } from './connection-slots.service';
import { EventTail } from './event-tail.service';
import { SseAuthGuard } from './sse-auth.guard';
import { SseAnnouncerModule } from './sse-announcer.module';
import { SseBridge } from './sse-bridge.service';
import { SseController } from './sse.controller';
import { StreamHeartbeat } from './stream-heartbeat.service';
import { StreamPageController } from './stream-page.controller';
import { StreamRegistry } from './stream-registry';
import { StreamTickets } from './stream-tickets.service';
import { StreamsService } from './streams.service';

/** GET /api/events/stream, its tickets and the browser page, and the bridge that feeds the streams. */
@Module({
  imports: [EventsModule, AuthModule, SseAnnouncerModule],
  controllers: [SseController, StreamPageController],
  providers: [
    StreamRegistry,
    ConnectionSlots,
    StreamTickets,
    StreamsService,
    EventTail,
    SseBridge,
    StreamHeartbeat,
    SseAuthGuard,
  ],
})
export class SseModule {}
