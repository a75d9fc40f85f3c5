import { forkHelper } from './lifecycle';
import { IpcPeer } from './ipc';

export interface ReceiverCounts {
  /** Requests answered 200 since the last reset. */
  count: number;
  /** Requests to `/hang/…` paths, never answered. */
  hung: number;
  /** Arrival times (nowMs) of the first and the last answered request, 0 when none. */
  firstAt: number;
  lastAt: number;
}

/** Handle on the receiver process (bench/procs/receiver.ts). */
export class Receiver {
  private constructor(
    private readonly peer: IpcPeer,
    readonly port: number,
  ) {}

  static async start(): Promise<Receiver> {
    const peer = new IpcPeer(forkHelper('receiver', 'receiver.ts'), 'receiver');
    const { port } = await peer.ready<{ port: number }>();
    return new Receiver(peer, port);
  }

  get pid(): number {
    return this.peer.child.pid!;
  }

  /** A URL on the receiver; `host` may be a name resolving to 127.0.0.1 (e.g. localhost). */
  url(path: string, host = '127.0.0.1'): string {
    return `http://${host}:${this.port}${path}`;
  }

  async reset(record: boolean): Promise<void> {
    await this.peer.call('reset', { record });
  }

  async count(): Promise<number> {
    return (await this.counts()).count;
  }

  counts(): Promise<ReceiverCounts> {
    return this.peer.call<ReceiverCounts>('count');
  }

  async arrivals(): Promise<{ ids: string[]; times: number[] }> {
    return this.peer.call('arrivals');
  }
}
