import { DynamicModule, Type } from '@nestjs/common';
import { HeraldRole } from '../config/app-config';
import { DeliveryWorkerModule } from '../delivery/delivery-worker.module';
import { ApiRoleModule } from './api-role.module';
import { WorkerRoleModule } from './worker-role.module';

/** What each HERALD_ROLE adds to the core: `all` is the API and the delivering half of a worker in one process. */
export const ROLE_MODULES: Record<HeraldRole, ReadonlyArray<Type | DynamicModule>> = {
  api: [ApiRoleModule],
  worker: [WorkerRoleModule],
  all: [ApiRoleModule, DeliveryWorkerModule],
};
