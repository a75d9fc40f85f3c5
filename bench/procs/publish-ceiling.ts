/**
 * The publish ceiling: the least a publish API can do on this machine. node:http on 127.0.0.1 that
 * authenticates nothing and validates nothing beyond parsing the JSON body, and inserts one row per request
 * (id, type, data as jsonb, created_at: what an accepted event needs) over a pg.Pool of as many
 * connections as Herald used, each insert its own commit, then answers 202 `{id, type, created_at}`.
 * Args: DATABASE_URL, pool size.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { ulid } from 'ulid';
import { serveIpc } from '../lib/ipc';

const [databaseUrl, poolSize] = process.argv.slice(2);
const pool = new Pool({ connectionString: databaseUrl, max: Number(poolSize) });
let failures = 0;

const INSERT = 'INSERT INTO ceiling_events (id, type, data) VALUES ($1, $2, $3) RETURNING created_at';

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    void (async () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string; data: unknown };
        const id = `evt_${ulid()}`;
        const { rows } = await pool.query<{ created_at: Date }>(INSERT, [id, body.type, body.data]);
        const out = JSON.stringify({ id, type: body.type, created_at: rows[0].created_at, deliveries: 0 });
        res.writeHead(202, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
        res.end(out);
      } catch (error) {
        failures++;
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end((error as Error).message);
      }
    })();
  });
});
server.keepAliveTimeout = 65_000;

serveIpc({ failures: () => ({ failures }) });

void (async () => {
  await pool.query(
    `CREATE TABLE IF NOT EXISTS ceiling_events (
       id text PRIMARY KEY, type text NOT NULL, data jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
  );
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ ready: { port: (server.address() as AddressInfo).port } });
  });
})();
