import type { LookupFunction } from 'node:net';
import { BlockedAddressError } from './blocked-address.error';
import { forbiddenAddressReason } from './forbidden-address';
import { caresResolver, NameResolver } from './name-resolver';

/** Throws `BlockedAddressError` for a forbidden IP; for IP-literal hosts, which net.connect never looks up. */
export function assertPublicIp(ip: string, hostname?: string): void {
  const reason = forbiddenAddressReason(ip);
  if (reason) throw new BlockedAddressError(ip, reason, hostname);
}

let shared: NameResolver | undefined;
/** One c-ares resolver for the process (it holds its own sockets and reads /etc/hosts once). */
export const systemNameResolver = (): NameResolver => (shared ??= caresResolver());

/**
 * A drop-in `lookup` for net.connect / undici's connector: resolves with c-ares (off libuv's thread pool,
 * see name-resolver.ts), then fails with `EHERALD_BLOCKED_ADDRESS` when any resolved address is forbidden.
 * Because it runs for the connection itself, the address checked is the address connected to, which
 * defeats DNS rebinding; every address is checked, not only the one used, so a name cannot smuggle a
 * private address in beside a public one.
 */
export function guardedLookup(
  allowPrivateTargets: boolean,
  resolve: NameResolver = systemNameResolver(),
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(
      hostname,
      options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family ?? 0),
    )
      .then((list) => {
        if (!allowPrivateTargets) {
          for (const { address } of list) {
            const reason = forbiddenAddressReason(address);
            if (reason) return callback(new BlockedAddressError(address, reason, hostname), '');
          }
        }
        if (options.all) return callback(null, list);
        if (!list.length) {
          const none: NodeJS.ErrnoException = new Error(`${hostname} has no address of the family asked for`);
          none.code = 'ENOTFOUND';
          return callback(none, '');
        }
        callback(null, list[0].address, list[0].family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, ''));
  };
}
