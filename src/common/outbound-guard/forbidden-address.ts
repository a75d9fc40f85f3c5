import * as ipaddr from 'ipaddr.js';

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];
const cidr = (text: string, reason: string): { range: Cidr; reason: string } => ({
  range: ipaddr.parseCIDR(text),
  reason,
});

/**
 * IPv4 blocks that are not the public internet. Listed explicitly (rather than trusting ipaddr's range
 * names alone) so that a reader can audit them and a library upgrade cannot quietly open one.
 */
const FORBIDDEN_V4 = [
  cidr('0.0.0.0/8', 'unspecified / "this network"'),
  cidr('10.0.0.0/8', 'private (RFC 1918)'),
  cidr('100.64.0.0/10', 'carrier-grade NAT'),
  cidr('127.0.0.0/8', 'loopback'),
  cidr('169.254.169.254/32', 'cloud metadata'),
  cidr('169.254.0.0/16', 'link-local'),
  cidr('172.16.0.0/12', 'private (RFC 1918)'),
  cidr('192.0.0.0/24', 'IETF protocol assignments'),
  cidr('192.0.2.0/24', 'documentation'),
  cidr('192.88.99.0/24', '6to4 relay anycast'),
  cidr('192.168.0.0/16', 'private (RFC 1918)'),
  cidr('198.18.0.0/15', 'benchmarking'),
  cidr('198.51.100.0/24', 'documentation'),
  cidr('203.0.113.0/24', 'documentation'),
  cidr('224.0.0.0/4', 'multicast'),
  cidr('255.255.255.255/32', 'broadcast'),
  cidr('240.0.0.0/4', 'reserved'),
];

/** Special blocks inside global unicast 2000::/3; everything outside 2000::/3 is refused anyway. */
const FORBIDDEN_V6_IN_GLOBAL = [
  cidr('2001:db8::/32', 'documentation'),
  cidr('2001:2::/48', 'benchmarking'),
  cidr('2001:10::/28', 'ORCHID'),
  cidr('2001:20::/28', 'ORCHIDv2'),
  cidr('2001::/32', 'Teredo tunnel'),
  cidr('3fff::/20', 'documentation'),
];

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');
const NAT64 = ipaddr.parseCIDR('64:ff9b::/96');
const SIX_TO_FOUR = ipaddr.parseCIDR('2002::/16');
const IPV4_MAPPED = ipaddr.parseCIDR('::ffff:0:0/96');
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');
const V6_NAMES: Record<string, string> = {
  unspecified: 'unspecified',
  loopback: 'loopback',
  linkLocal: 'link-local',
  uniqueLocal: 'unique local (fc00::/7)',
  multicast: 'multicast',
  deprecatedSiteLocal: 'site-local',
  discard: 'discard-only',
};
const AWS_METADATA_V6 = ipaddr.parse('fd00:ec2::254');

function v4Reason(address: ipaddr.IPv4): string | null {
  for (const { range, reason } of FORBIDDEN_V4)
    if (address.match(range as [ipaddr.IPv4, number])) return reason;
  // Belt and braces: anything ipaddr.js knows as special is refused too.
  const range = address.range();
  return range === 'unicast' ? null : `special-purpose (${range})`;
}

/** The IPv4 address in the low 32 bits of an IPv6 address. */
function lowV4(address: ipaddr.IPv6): ipaddr.IPv4 {
  const bytes = address.toByteArray();
  return new ipaddr.IPv4(bytes.slice(12, 16));
}

function v6Reason(address: ipaddr.IPv6): string | null {
  if (address.match(IPV4_MAPPED)) return 'IPv4-mapped IPv6';
  if (address.toNormalizedString() === AWS_METADATA_V6.toNormalizedString()) return 'cloud metadata';
  if (address.match(NAT64)) {
    const inner = v4Reason(lowV4(address));
    return inner ? `NAT64 wrapping a ${inner} IPv4 address` : null;
  }
  if (address.match(SIX_TO_FOUR)) {
    const inner = v4Reason(new ipaddr.IPv4(address.toByteArray().slice(2, 6)));
    return inner ? `6to4 wrapping a ${inner} IPv4 address` : null;
  }
  const named = V6_NAMES[address.range()];
  if (named) return named;
  if (address.match(IPV4_COMPATIBLE)) return 'IPv4-compatible IPv6';
  if (!address.match(GLOBAL_UNICAST_V6)) return 'not global unicast';
  for (const { range, reason } of FORBIDDEN_V6_IN_GLOBAL)
    if (address.match(range as [ipaddr.IPv6, number])) return reason;
  return null;
}

/**
 * Why Herald must not connect to `ip`, or null when it is a public address. Anything that does not parse
 * as an address is refused: a check that cannot tell must not let it through.
 */
export function forbiddenAddressReason(ip: string): string | null {
  const text = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  // A zone id (fe80::1%eth0) only ever appears on link-local addresses.
  if (text.includes('%')) return 'scoped (zone id) address';
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.parse(text);
  } catch {
    return 'not an IP address';
  }
  return address.kind() === 'ipv4' ? v4Reason(address as ipaddr.IPv4) : v6Reason(address as ipaddr.IPv6);
}

export const isForbiddenAddress = (ip: string): boolean => forbiddenAddressReason(ip) !== null;
