import { isIP } from 'node:net';
import { OutboundUrlError } from './blocked-address.error';
import { forbiddenAddressReason } from './forbidden-address';
import { systemNameResolver } from './guarded-lookup';

export interface PublicUrlOptions {
  allowHttp: boolean;
  allowPrivateTargets: boolean;
  /** How long registration waits for DNS before giving the name the benefit of the doubt. */
  lookupTimeoutMs?: number;
}

type Resolver = (hostname: string) => Promise<{ address: string }[]>;
/** The delivery-time resolver (c-ares), so registration does not queue on the thread pool either. */
const systemResolver: Resolver = (hostname) => systemNameResolver()(hostname);

const invalid = (message: string) => new OutboundUrlError('invalid', message);
const forbidden = (message: string) => new OutboundUrlError('forbidden', message);

function isLocalhostName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

/** Resolves, or returns null when the name cannot be resolved right now (or in time). */
async function resolveOrNull(
  resolve: Resolver,
  host: string,
  timeoutMs: number,
): Promise<{ address: string }[] | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((done) => {
    timer = setTimeout(() => done(null), timeoutMs);
  });
  try {
    return await Promise.race([resolve(host).catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The registration-time check of a webhook URL (docs/API.md §5). The host is taken from Node's URL parser,
 * which already turns `2130706433`, `0177.0.0.1`, `0x7f.1` and `127.1` into dotted quads, so the address
 * checked is the one a client would connect to. A name that does not resolve is accepted: the check that
 * runs at delivery time, on the connected address, decides then.
 */
export async function assertPublicUrl(
  url: string,
  options: PublicUrlOptions,
  resolve: Resolver = systemResolver,
): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('url must be an absolute URL such as https://example.com/webhooks');
  }
  if (parsed.protocol !== 'https:' && !(options.allowHttp && parsed.protocol === 'http:')) {
    throw invalid(options.allowHttp ? 'url must use https:// or http://' : 'url must use https://');
  }
  if (parsed.username || parsed.password) throw invalid('url must not contain credentials (user:password@)');
  if (!parsed.hostname) throw invalid('url must have a host');
  if (options.allowPrivateTargets) return;

  const host = parsed.hostname.replace(/\.+$/, '').toLowerCase();
  if (isLocalhostName(host))
    throw forbidden(`url host ${parsed.hostname} is a loopback name, which webhooks may not target`);

  // The URL parser leaves IPv6 literals in brackets and every IPv4 spelling as a dotted quad.
  const literal = host.startsWith('[') ? host.slice(1, -1) : host;
  if (isIP(literal)) {
    const reason = forbiddenAddressReason(literal);
    if (reason)
      throw forbidden(`url host ${parsed.hostname} is a ${reason} address, which webhooks may not target`);
    return;
  }

  const addresses = await resolveOrNull(resolve, host, options.lookupTimeoutMs ?? 3000);
  for (const { address } of addresses ?? []) {
    const reason = forbiddenAddressReason(address);
    if (reason)
      throw forbidden(
        `url host ${parsed.hostname} resolves to ${address}, a ${reason} address, which webhooks may not target`,
      );
  }
}
