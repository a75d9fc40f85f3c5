import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { DeliveryOutbox } from './delivery-outbox.service';
import { DeliveryAttemptEntity } from './entities/delivery-attempt.entity';
import { DeliveryEntity } from './entities/delivery.entity';

/** Delivery: the outbox the publish path writes to, the queue, and (in worker roles) the processor and sweeper. */
@Module({})
export class DeliveryModule {
  static forRoot(_config: AppConfig): DynamicModule {
    return {
      module: DeliveryModule,
      // Global: the events module uses DeliveryOutbox but cannot import a module built from the config.
      global: true,
      imports: [TypeOrmModule.forFeature([DeliveryEntity, DeliveryAttemptEntity])],
      providers: [DeliveryOutbox],
      exports: [DeliveryOutbox],
    };
  }
}
