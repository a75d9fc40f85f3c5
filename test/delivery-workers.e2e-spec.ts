import { burst, createWebhook, newEventType, newOwner, successCount } from './support/delivery-fixtures';
import { Receiver } from './support/receiver';
import { spawnWorker, stopWorker, WorkerHandle } from './support/spawn-worker';
import { startTestApp, testEnv } from './support/test-app';
import { waitFor } from './support/wait-for';

// Worker processes start through ts-node, and a killed worker's jobs wait out their lock.
jest.setTimeout(150_000);

describe('delivery workers (e2e)', () => {
  it('loses nothing when one of two workers is SIGKILLed mid-burst of 1,000 and restarted (one API, two workers)', async () => {
    const env = testEnv({
      HERALD_ROLE: 'api',
      DELIVERY_TIMEOUT_MS: '500',
      DELIVERY_SWEEP_INTERVAL_MS: '1000',
      DELIVERY_CONCURRENCY: '20',
      LOGIN_RATE_LIMIT: '10000',
    });
    const api = await startTestApp(env);
    const rx = await Receiver.start(() => ({ status: 200, delayMs: 30 }));
    const workerEnv = { ...env, HERALD_ROLE: 'worker', PORT: '0' };
    const workers: WorkerHandle[] = [];
    try {
      const owner = await newOwner(api.http);
      const type = await newEventType(api.http, await api.http.adminToken());
      const hook = await createWebhook(api.http, owner, { url: `${rx.url}/k`, events: [type] });

      // Publishing overlaps the workers' start-up; they deliver what the API queued.
      const publishing = burst(api.http, owner, type, 1000);
      workers.push(...(await Promise.all([spawnWorker(workerEnv), spawnWorker(workerEnv)])));
      await waitFor(() => rx.requests.length >= 250, 60_000, 'the burst to be under way');
      workers[0].child.kill('SIGKILL');
      expect(await workers[0].exited).toBe('SIGKILL');
      const [ids, restarted] = await Promise.all([publishing, spawnWorker(workerEnv)]);
      workers[0] = restarted;

      await waitFor(() => rx.uniqueIds().size === 1000, 90_000, 'all 1,000 events at the receiver');
      const received = new Set(rx.requests.map((r) => r.headers['webhook-id']));
      for (const id of ids) expect(received.has(id)).toBe(true);
      // The killed worker's deliveries were leased: no one attempted them again while they were in flight.
      expect(rx.maxOpenPerDelivery()).toBe(1);
      await waitFor(
        async () => (await successCount(api.http, owner, hook.id)) === 1000,
        15_000,
        'every delivery row to be success',
      );

      // SIGTERM: workers finish what they hold and exit cleanly.
      // Nest re-raises the signal once app.close() has finished, so a clean exit reads as SIGTERM.
      expect(await Promise.all(workers.map(stopWorker))).toEqual(['SIGTERM', 'SIGTERM']);
    } finally {
      for (const worker of workers)
        if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
      await rx.close();
      await api.close();
    }
  });
});
