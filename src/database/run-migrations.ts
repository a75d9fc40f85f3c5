import { DataSource } from 'typeorm';
import { typeormOptions } from './typeorm-options';

/**
 * Applies pending migrations on a connection of their own, before the application's pool exists: that pool
 * gives up on any statement after DATABASE_TIMEOUT_MS, and a migration may rightly take longer (an index
 * on a large table, a lock to wait for during a rolling deploy).
 */
export async function runMigrations(url: string): Promise<void> {
  const dataSource = new DataSource({
    ...typeormOptions(url),
    extra: { max: 1 },
    logging: ['error', 'migration'],
  });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
