import { Global, Module } from '@nestjs/common';
import { HeraldMetrics } from './herald-metrics';
import { MetricsController } from './metrics.controller';

/** Global so that any module can count what it does; `/metrics` serves this instance's series. */
@Global()
@Module({ controllers: [MetricsController], providers: [HeraldMetrics], exports: [HeraldMetrics] })
export class MetricsModule {}
