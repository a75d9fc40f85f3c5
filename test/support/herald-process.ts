import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitFor } from './wait-for';

export interface OutputLine {
  stream: 'stdout' | 'stderr';
  text: string;
  /** Date.now() when the line arrived. */
  at: number;
}

export interface ProcessHandle {
  child: ChildProcess;
  lines: OutputLine[];
  /** Everything printed so far, both streams. */
  output(): string;
  /** Resolves once the process is gone: its exit code, or the signal that ended it, and when. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Waits for a line matching `pattern` and returns it. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<OutputLine>;
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');

/** Runs a TypeScript entry point of the repository (through ts-node) with exactly `env` (plus PATH). */
export function spawnTs(entry: string, args: string[], env: Record<string, string>): ProcessHandle {
  return spawnNode(['-r', 'ts-node/register/transpile-only', join(ROOT, entry), ...args], {
    TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
    ...env,
  });
}

/** Runs `node …args` from test/ (no .env there, so only `env` configures it) and records its output. */
export function spawnNode(args: string[], env: Record<string, string>): ProcessHandle {
  const child = spawn(process.execPath, args, {
    cwd: join(ROOT, 'test'),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: OutputLine[] = [];
  for (const stream of ['stdout', 'stderr'] as const) {
    let partial = '';
    child[stream]!.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      for (const text of parts) lines.push({ stream, text, at: Date.now() });
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const output = () => lines.map((line) => line.text).join('\n');
  return {
    child,
    lines,
    output,
    exited,
    waitForLine: (pattern, timeoutMs = 60_000) =>
      waitFor(
        () => lines.find((line) => pattern.test(line.text)),
        timeoutMs,
        `a line matching ${pattern}:\n${output()}`,
      ),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A TCP port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Lines that belong to a stack trace or to ioredis complaining about an error nobody listened to. */
export const STACK_OR_UNHANDLED = /^\s+at |\[ioredis\] Unhandled error event|Error: .*\n\s+at /m;
