import { Module } from '@nestjs/common';
import { DeliveryWorkerModule } from '../delivery/delivery-worker.module';
import { SseAnnouncerModule } from '../sse/sse-announcer.module';
import { WorkerOnlyModule } from './worker-only.module';

/**
 * What a delivery-only process adds to the core (HERALD_ROLE=worker): the mailbox worker and sweeper, the
 * SSE announcer (events it publishes itself, `webhook.disabled`, reach the streams of the API instances),
 * and a 404 naming the role for any path but /health, /health/ready and /metrics.
 */
@Module({ imports: [DeliveryWorkerModule, SseAnnouncerModule, WorkerOnlyModule] })
export class WorkerRoleModule {}
