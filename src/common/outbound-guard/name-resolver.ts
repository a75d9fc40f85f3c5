import { Resolver } from 'node:dns';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a name has (of one family, when asked); rejects with the DNS error when it has none. */
export type NameResolver = (hostname: string, family?: number) => Promise<ResolvedAddress[]>;

/** Names → addresses from a hosts file (`/etc/hosts`), lower-cased. */
export type HostsTable = Map<string, ResolvedAddress[]>;

export function parseHosts(text: string): HostsTable {
  const table: HostsTable = new Map();
  for (const line of text.split('\n')) {
    const [address, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    const family = isIP(address ?? '');
    if (family !== 4 && family !== 6) continue;
    for (const name of names) {
      const key = name.toLowerCase();
      const entries = table.get(key) ?? [];
      if (!entries.some((entry) => entry.address === address)) entries.push({ address, family });
      table.set(key, entries);
    }
  }
  return table;
}

/**
 * Read once, synchronously, when the first resolver is built: on the main thread at start-up rather than
 * on the thread pool per delivery. A hosts file changed later is picked up at the next start.
 */
function systemHosts(): HostsTable {
  try {
    return parseHosts(readFileSync('/etc/hosts', 'utf8'));
  } catch {
    return new Map();
  }
}

const LOOPBACK: ResolvedAddress[] = [
  { address: '127.0.0.1', family: 4 },
  { address: '::1', family: 6 },
];

export interface ResolverOptions {
  /** DNS servers (`host` or `host:port`); the system's (/etc/resolv.conf) when left out. */
  servers?: string[];
  /** Names the hosts file gives; `/etc/hosts` when left out. */
  hosts?: HostsTable;
  /** Per query try; c-ares retries `tries` times. */
  timeoutMs?: number;
  tries?: number;
}

/**
 * Resolves names with c-ares (`dns.Resolver`), which talks to the DNS servers itself on the event loop,
 * instead of `dns.lookup`, which calls getaddrinfo on libuv's 4-thread pool: there a login flood (argon2),
 * gzip bodies or file access would make every delivery wait for a thread just to look up its host.
 * What getaddrinfo would add is kept: IP literals as they are, `localhost` and `*.localhost` as loopback
 * (RFC 6761), then the hosts file, then A and AAAA queries.
 */
export function caresResolver(options: ResolverOptions = {}): NameResolver {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 2_000, tries: options.tries ?? 2 });
  if (options.servers) resolver.setServers(options.servers);
  const hosts = options.hosts ?? systemHosts();

  const query = (hostname: string, family: 4 | 6) =>
    new Promise<ResolvedAddress[]>((resolve, reject) => {
      const done = (error: NodeJS.ErrnoException | null, addresses: string[]) =>
        error ? reject(error) : resolve(addresses.map((address) => ({ address, family })));
      if (family === 4) resolver.resolve4(hostname, done);
      else resolver.resolve6(hostname, done);
    });

  return async (hostname, family = 0) => {
    const name = hostname.replace(/\.$/, '').toLowerCase();
    const wanted = (list: ResolvedAddress[]) => list.filter((entry) => !family || entry.family === family);
    const literal = isIP(name.replace(/^\[|\]$/g, ''));
    if (literal === 4 || literal === 6)
      return wanted([{ address: name.replace(/^\[|\]$/g, ''), family: literal }]);
    if (name === 'localhost' || name.endsWith('.localhost')) return wanted(LOOPBACK);
    const listed = hosts.get(name);
    if (listed) return wanted(listed);

    const families: (4 | 6)[] = family === 4 || family === 6 ? [family] : [4, 6];
    const answers = await Promise.allSettled(families.map((f) => query(name, f)));
    const addresses = answers.flatMap((answer) => (answer.status === 'fulfilled' ? answer.value : []));
    if (addresses.length) return addresses;
    const failure = answers.find((answer) => answer.status === 'rejected');
    throw failure?.reason ?? Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
  };
}
