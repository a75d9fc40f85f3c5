const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
type StopSignal = (typeof SIGNALS)[number];
const SIGNAL_NUMBER: Record<StopSignal, number> = { SIGINT: 2, SIGTERM: 15 };

/** How long a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * SIGTERM and SIGINT end the process at once in every phase (docs/API.md §8). Before the application runs,
 * a signal exits right away (the start-up retries abort through `signal`). Once it runs, the first
 * signal closes it gracefully (Nest's shutdown hooks, or `close` when they are not installed) for at
 * most SHUTDOWN_GRACE_MS; a second signal exits at once. Install it first thing in `main`.
 */
export class StopSignals {
  private readonly controller = new AbortController();
  private close?: () => Promise<unknown>;
  private stopping = false;

  constructor(private readonly say: (line: string) => void) {
    for (const name of SIGNALS) process.on(name, this.onSignal);
  }

  /** Aborted on the first signal before the application runs. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** From now on a signal shuts `close` down gracefully. */
  running(close: () => Promise<unknown>): void {
    this.close = close;
  }

  private readonly onSignal = (name: StopSignal): void => {
    const code = 128 + SIGNAL_NUMBER[name];
    if (!this.close) {
      this.controller.abort();
      this.say(`stopped by ${name} during start-up`);
      process.exit(code);
    }
    // The second signal, or Nest raising the signal again once its shutdown hooks have run.
    if (this.stopping) process.exit(code);
    this.stopping = true;
    setTimeout(() => {
      this.say(`still shutting down after ${SHUTDOWN_GRACE_MS / 1000} s: exiting now`);
      process.exit(code);
    }, SHUTDOWN_GRACE_MS).unref();
    // Nest's enableShutdownHooks() listens too and does the closing; only without it do we close.
    if (process.listenerCount(name) === 1) {
      this.close().then(
        () => process.exit(code),
        () => process.exit(1),
      );
    }
  };
}
