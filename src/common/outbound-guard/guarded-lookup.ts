import * as dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { BlockedAddressError } from './blocked-address.error';
import { forbiddenAddressReason } from './forbidden-address';

/** Throws `BlockedAddressError` for a forbidden IP; for IP-literal hosts, which net.connect never looks up. */
export function assertPublicIp(ip: string, hostname?: string): void {
  const reason = forbiddenAddressReason(ip);
  if (reason) throw new BlockedAddressError(ip, reason, hostname);
}

/**
 * A drop-in `lookup` for net.connect / undici's connector: resolves like dns.lookup, then fails with
 * `EHERALD_BLOCKED_ADDRESS` when any resolved address is forbidden. Because it runs for the connection
 * itself, the address checked is the address connected to, which defeats DNS rebinding.
 */
export function guardedLookup(allowPrivateTargets: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const list = addresses;
      if (!allowPrivateTargets) {
        for (const { address } of list) {
          const reason = forbiddenAddressReason(address);
          if (reason) return callback(new BlockedAddressError(address, reason, hostname), '');
        }
      }
      if (options.all) return callback(null, list);
      if (!list.length) {
        const empty: NodeJS.ErrnoException = new Error(`${hostname} has no address`);
        empty.code = 'ENOTFOUND';
        return callback(empty, '');
      }
      callback(null, list[0].address, list[0].family);
    });
  };
}
