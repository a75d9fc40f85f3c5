import { randomBytes } from 'node:crypto';
import { cpuPer, cpuSnapshot } from '../lib/cpu-breakdown';
import { createScratchDatabase } from '../lib/databases';
import { IpcPeer } from '../lib/ipc';
import { forkHelper, stopChild } from '../lib/lifecycle';
import { BenchOptions } from '../lib/options';
import { Progress } from '../lib/progress';
import { loadPublishEndpoint, PublishResult } from './publish-api';

export interface PublishCeilingResult extends PublishResult {
  /** The pg.Pool size of the ceiling server: the connections Herald held during its publish run. */
  postgresConnections: number;
  serverFailures: number;
}

/** Herald's own pool (TypeORM `extra.max`), used when Herald's publish run did not run to count it. */
export const HERALD_POOL_SIZE = 20;

/**
 * The publish ceiling (bench/procs/publish-ceiling.ts) on a scratch database, loaded exactly like the
 * publish API run (same autocannon connections, duration, warm-up and body).
 */
export async function runPublishCeiling(
  options: BenchOptions,
  postgresConnections: number,
  progress: Progress,
): Promise<PublishCeilingResult> {
  const database = `herald_bench_pubceil_${randomBytes(4).toString('hex')}`;
  const databaseUrl = await createScratchDatabase(database);
  const peer = new IpcPeer(
    forkHelper('publish-ceiling', 'publish-ceiling.ts', [databaseUrl, String(postgresConnections)]),
    'publish-ceiling',
  );
  try {
    const { port } = await peer.ready<{ port: number }>();
    progress.update(
      `publish ceiling: autocannon ${options.publishConnections} connections for ${options.publishSeconds}s, pg pool ${postgresConnections}`,
    );
    const server = peer.child.pid!;
    let cpuBefore = await cpuSnapshot(server, database, 0);
    const result = await loadPublishEndpoint(`http://127.0.0.1:${port}/api/events`, {}, options, async () => {
      cpuBefore = await cpuSnapshot(server, database, 0);
    });
    const { herald, postgres } = cpuPer(cpuBefore, await cpuSnapshot(server, database, 0), result.requests);
    const { failures } = await peer.call<{ failures: number }>('failures');
    return {
      ...result,
      cpuMsPerRequest: { server: herald, postgres },
      postgresConnections,
      serverFailures: failures,
    };
  } finally {
    await stopChild(peer.child);
  }
}
