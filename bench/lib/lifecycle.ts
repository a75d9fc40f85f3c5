import { ChildProcess, fork, ForkOptions, spawn, SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

type Cleanup = { name: string; run: () => Promise<void> | void };

/**
 * Every child process and every piece of state the bench creates registers here, so that a failure, an
 * exception or Ctrl-C still stops the children and drops the databases (in reverse order of creation).
 */
const cleanups: Cleanup[] = [];
let cleaning: Promise<void> | null = null;

export function onCleanup(name: string, run: Cleanup['run']): () => void {
  const entry = { name, run };
  cleanups.push(entry);
  return () => {
    const index = cleanups.indexOf(entry);
    if (index >= 0) cleanups.splice(index, 1);
  };
}

/** True once cleanup has started: errors after that are the children going away, not findings. */
export function isCleaningUp(): boolean {
  return cleaning !== null;
}

export function cleanupAll(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const entry = cleanups.pop()!;
      try {
        await entry.run();
      } catch (error) {
        console.error(`bench: cleanup of ${entry.name} failed: ${(error as Error).message}`);
      }
    }
  })();
  return cleaning;
}

/** Ctrl-C, kill and crashes all go through the same cleanup before the process ends. */
export function installExitHandlers(): void {
  const bail = (code: number, why: string) => {
    console.error(`\nbench: ${why}, stopping children and cleaning up…`);
    void cleanupAll().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => bail(130, 'interrupted'));
  process.once('SIGTERM', () => bail(143, 'terminated'));
  process.once('uncaughtException', (error) => bail(1, `uncaught ${error.stack ?? error.message}`));
  process.once('unhandledRejection', (error) =>
    bail(1, `unhandled rejection ${(error as Error)?.stack ?? String(error)}`),
  );
}

/** Stops a child: SIGTERM, then SIGKILL if it is still there after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

export function spawnManaged(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions,
): ChildProcess {
  const child = spawn(command, args, options);
  const forget = onCleanup(name, () => stopChild(child));
  child.once('exit', () => forget());
  return child;
}

/** Forks one of the bench's TypeScript helpers (bench/procs/*.ts) with an IPC channel. */
export function forkHelper(
  name: string,
  file: string,
  args: string[] = [],
  options: ForkOptions = {},
): ChildProcess {
  const child = fork(join(__dirname, '..', 'procs', file), args, {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    ...options,
  });
  const forget = onCleanup(name, () => stopChild(child));
  child.once('exit', () => forget());
  return child;
}
