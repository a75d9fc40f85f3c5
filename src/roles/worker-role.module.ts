import { Module } from '@nestjs/common';
import { SseModule } from '../sse/sse.module';

/**
 * What a delivery-only process adds to the core (HERALD_ROLE=worker): the SSE bridge, so that events it
 * publishes itself (`webhook.disabled`) reach the streams held by API instances. Delivery's mailbox worker
 * and sweeper come from DeliveryModule.forRoot(config), which adds them for this role and for `all`.
 */
@Module({ imports: [SseModule] })
export class WorkerRoleModule {}
