import { forkHelper } from './lifecycle';
import { IpcPeer } from './ipc';

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

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async reset(record: boolean): Promise<void> {
    await this.peer.call('reset', { record });
  }

  async count(): Promise<number> {
    return (await this.peer.call<{ count: number }>('count')).count;
  }

  async arrivals(): Promise<{ ids: string[]; times: number[] }> {
    return this.peer.call('arrivals');
  }
}
