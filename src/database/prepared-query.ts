import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * A statement of the delivery hot path, run as a named (prepared) statement straight on the pool: each
 * connection parses and plans it once instead of on every batch. Outside a transaction only; errors are
 * pg's own (the exception filter reads their codes).
 */
export function preparedQuery<Row>(db: DataSource, name: string, text: string) {
  return async (values: unknown[]): Promise<Row[]> => {
    const pool = (db.driver as PostgresDriver).master as Pool;
    return (await pool.query<Row & Record<string, unknown>>({ name, text, values })).rows;
  };
}
