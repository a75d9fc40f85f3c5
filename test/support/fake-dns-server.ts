import { createSocket, Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import * as packet from 'dns-packet';

/**
 * A DNS server on 127.0.0.1 (UDP) answering A and AAAA queries from a table, for tests of name
 * resolution without the network. A name not in the table is NXDOMAIN; `queries` records what was asked.
 */
export class FakeDnsServer {
  readonly queries: { name: string; type: string }[] = [];
  private constructor(
    private readonly socket: Socket,
    readonly table: Record<string, string[]>,
  ) {}

  static async start(table: Record<string, string[]>): Promise<FakeDnsServer> {
    const socket = createSocket('udp4');
    const server = new FakeDnsServer(socket, table);
    socket.on('message', (message, remote) => server.answer(message, remote.port, remote.address));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return server;
  }

  /** `127.0.0.1:port`, for `dns.Resolver#setServers`. */
  get address(): string {
    return `127.0.0.1:${(this.socket.address() as AddressInfo).port}`;
  }

  private answer(message: Buffer, port: number, host: string): void {
    const query = packet.decode(message);
    const question = query.questions?.[0];
    if (!question) return;
    this.queries.push({ name: question.name, type: question.type });
    const known = this.table[question.name.toLowerCase()];
    const wanted = (known ?? []).filter((address) => (question.type === 'AAAA') === address.includes(':'));
    const response = packet.encode({
      id: query.id,
      type: 'response',
      flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | (known ? 0 : 3), // rcode 3: NXDOMAIN
      questions: [question],
      answers: wanted.map((data) => ({
        type: question.type as 'A' | 'AAAA',
        class: 'IN' as const,
        name: question.name,
        ttl: 60,
        data,
      })),
    });
    this.socket.send(response, port, host);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
