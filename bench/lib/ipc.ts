import type { ChildProcess } from 'node:child_process';

/**
 * Request/response over a forked helper's IPC channel: `{id, cmd, ...}` out, `{id, ...}` back.
 * Helpers also send `{ready: ...}` once when they are listening.
 */
export class IpcPeer {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private readyValue: Promise<any>;

  constructor(
    readonly child: ChildProcess,
    readonly name: string,
  ) {
    this.readyValue = new Promise((resolve, reject) => {
      child.on('message', (message: any) => {
        if (message && 'ready' in message) resolve(message.ready);
        else if (message && typeof message.id === 'number') {
          const waiter = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (message.error) waiter?.reject(new Error(`${name}: ${message.error}`));
          else waiter?.resolve(message);
        }
      });
      child.once('exit', (code, signal) => {
        const error = new Error(`${name} exited (code ${code}, signal ${signal})`);
        reject(error);
        for (const waiter of this.pending.values()) waiter.reject(error);
        this.pending.clear();
      });
    });
    this.readyValue.catch(() => undefined);
  }

  ready<T = any>(): Promise<T> {
    return this.readyValue;
  }

  call<T = any>(cmd: string, payload: Record<string, unknown> = {}): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, cmd, ...payload });
    });
  }
}

/** The helper side: answers requests with the handler's result. */
export function serveIpc(handlers: Record<string, (message: any) => unknown>): void {
  process.on('message', (message: any) => {
    void (async () => {
      try {
        const handler = handlers[message.cmd];
        if (!handler) throw new Error(`unknown command ${message.cmd}`);
        const result = (await handler(message)) ?? {};
        process.send?.({ id: message.id, ...(result as object) });
      } catch (error) {
        process.send?.({ id: message.id, error: (error as Error).message });
      }
    })();
  });
  // The parent going away (even SIGKILLed) must not leave helpers behind.
  process.on('disconnect', () => process.exit(0));
}
