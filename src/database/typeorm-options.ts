import { DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations';

/**
 * The one place TypeORM is configured, for the application and the migration CLI alike.
 * The schema comes only from `migrations/`; `synchronize` stays off.
 */
export function typeormOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    extra: { max: 20 },
  };
}
