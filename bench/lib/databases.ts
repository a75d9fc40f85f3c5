import { Client } from 'pg';
import { onCleanup } from './lifecycle';

export const PG_SERVER = process.env.BENCH_PG_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

async function onServer(statement: string): Promise<void> {
  const pg = new Client({ connectionString: `${PG_SERVER}/postgres` });
  await pg.connect();
  try {
    await pg.query(statement);
  } finally {
    await pg.end();
  }
}

/** A fresh database on the shared server, dropped again by the cleanup (also on failure or Ctrl-C). */
export async function createScratchDatabase(name: string): Promise<string> {
  await onServer(`CREATE DATABASE "${name}"`);
  onCleanup(`database ${name}`, () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  return `${PG_SERVER}/${name}`;
}
