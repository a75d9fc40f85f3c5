import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface WorkerHandle {
  child: ChildProcess;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<string>;
}

/** Starts test/support/worker-process.ts with `env` and waits until it is ready to deliver. */
export async function spawnWorker(env: Record<string, string>, timeoutMs = 45_000): Promise<WorkerHandle> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(__dirname, 'worker-process.ts')],
    {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? String(code))),
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker not ready after ${timeoutMs} ms: ${stderr}`)),
      timeoutMs,
    );
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('WORKER_READY')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${how}) before it was ready: ${stderr}`));
    });
  });
  return { child, exited };
}

/** SIGTERM, then waits for a clean exit. */
export async function stopWorker(worker: WorkerHandle): Promise<string> {
  if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
  return worker.exited;
}
