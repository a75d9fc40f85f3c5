import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { SpecificRoutesFirst } from './common/routing/specific-routes-first';
import { AppConfig } from './config/app-config';
import { HeraldConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DeliveryModule } from './delivery/delivery.module';
import { EventCatalogModule } from './catalog/event-catalog.module';
import { EventsModule } from './events/events.module';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { LoggingModule } from './logging/logging.module';
import { RedisModule } from './redis/redis.module';
import { ROLE_MODULES } from './roles/role-modules';
import { UsersModule } from './users/users.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/**
 * The whole application, built from an already-validated configuration so that tests can start several
 * differently configured instances in one process: the core every role needs (configuration, logging, the
 * bus, PostgreSQL, Redis, users, auth, catalog, webhooks, delivery, events, health), then the role's module.
 */
@Module({})
export class AppModule {
  /** `hostImports`: modules of a host application that publish with `EventPublisher` or use `@OnHeraldEvent`. */
  static forRoot(config: AppConfig, hostImports: ModuleMetadata['imports'] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        HeraldConfigModule.forRoot(config),
        LoggingModule,
        // The in-process event bus: `event.<type>` names, `*`/`**` wildcards (see src/bus).
        EventEmitterModule.forRoot({ wildcard: true, delimiter: '.', maxListeners: 100 }),
        MetricsModule,
        ScheduleModule.forRoot(),
        DatabaseModule,
        RedisModule,
        UsersModule,
        AuthModule,
        EventCatalogModule,
        WebhooksModule,
        DeliveryModule,
        EventsModule,
        HealthModule,
        // What the role adds: the API's routes, or what a delivery-only process needs beside the core.
        // Routes do not depend on the order of any of this: SpecificRoutesFirst puts `/api/events/types`
        // and `/api/events/stream` before `/api/events/:id` whatever it is.
        ...ROLE_MODULES[config.role],
        ...hostImports,
      ],
      providers: [SpecificRoutesFirst],
    };
  }
}
