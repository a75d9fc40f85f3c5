import { BLOCKED_ADDRESS_CODE, BlockedAddressError, OutboundUrlError } from './blocked-address.error';
import { forbiddenAddressReason, isForbiddenAddress } from './forbidden-address';
import { assertPublicIp, guardedLookup } from './guarded-lookup';
import { assertPublicUrl } from './public-url';

describe('isForbiddenAddress', () => {
  const refused: [string, RegExp][] = [
    ['127.0.0.1', /loopback/],
    ['127.255.255.254', /loopback/],
    ['0.0.0.0', /unspecified/],
    ['0.1.2.3', /unspecified/],
    ['10.0.0.1', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.168.1.1', /private/],
    ['100.64.0.1', /carrier-grade/],
    ['100.127.255.254', /carrier-grade/],
    ['169.254.169.254', /metadata/],
    ['169.254.1.1', /link-local/],
    ['224.0.0.1', /multicast/],
    ['239.255.255.250', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['240.0.0.1', /reserved/],
    ['192.0.2.10', /documentation/],
    ['198.51.100.7', /documentation/],
    ['203.0.113.99', /documentation/],
    ['198.18.0.1', /benchmarking/],
    ['198.19.255.1', /benchmarking/],
    ['192.0.0.8', /IETF/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['[::1]', /loopback/],
    ['fe80::1', /link-local/],
    ['fe80::1%eth0', /scoped/],
    ['fc00::1', /unique local/],
    ['fd12:3456::1', /unique local/],
    ['fd00:ec2::254', /metadata/],
    ['ff02::1', /multicast/],
    ['::ffff:127.0.0.1', /IPv4-mapped/],
    ['::ffff:8.8.8.8', /IPv4-mapped/],
    ['0:0:0:0:0:ffff:7f00:1', /IPv4-mapped/],
    ['::7f00:1', /IPv4-compatible/],
    ['::a9fe:a9fe', /IPv4-compatible/],
    ['64:ff9b::7f00:1', /NAT64 wrapping a loopback/],
    ['64:ff9b::a9fe:a9fe', /NAT64 wrapping a cloud metadata/],
    ['2002:7f00:1::1', /6to4 wrapping a loopback/],
    ['2002:c0a8:101::1', /6to4 wrapping a private/],
    ['2001::1', /Teredo/],
    ['2001:db8::1', /documentation/],
    ['2001:2::1', /benchmarking/],
    ['fec0::1', /site-local/],
    ['100::1', /discard/],
    ['not-an-ip', /not an IP/],
  ];
  const allowed = [
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '169.253.255.255',
    '192.169.0.1',
    '198.20.0.1',
    '223.255.255.254',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ];

  it.each(refused)('refuses %s (%s)', (ip, reason) => {
    expect(isForbiddenAddress(ip)).toBe(true);
    expect(forbiddenAddressReason(ip)).toMatch(reason);
  });

  it.each(allowed)('allows %s', (ip) => {
    expect(forbiddenAddressReason(ip)).toBeNull();
  });
});

describe('assertPublicUrl', () => {
  const strict = { allowHttp: false, allowPrivateTargets: false };
  const withHttp = { allowHttp: true, allowPrivateTargets: false };
  const resolver = (table: Record<string, string[]>) => async (host: string) => {
    if (!(host in table)) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return table[host].map((address) => ({ address }));
  };
  const dnsTable = resolver({
    'public.test': ['93.184.216.34', '2606:4700::1'],
    'rebind.test': ['93.184.216.34', '10.1.2.3'],
    'metadata.test': ['169.254.169.254'],
    'v6loop.test': ['::1'],
  });

  const refusedUrls: [string, 'invalid' | 'forbidden', RegExp][] = [
    ['http://2130706433/hook', 'forbidden', /loopback/],
    ['http://0177.0.0.1/hook', 'forbidden', /loopback/],
    ['http://0x7f.1/hook', 'forbidden', /loopback/],
    ['http://127.1/hook', 'forbidden', /loopback/],
    ['http://0x7f000001/', 'forbidden', /loopback/],
    ['http://[::ffff:127.0.0.1]/hook', 'forbidden', /IPv4-mapped/],
    ['http://[0:0:0:0:0:ffff:7f00:1]/hook', 'forbidden', /IPv4-mapped/],
    ['http://[::1]:8080/hook', 'forbidden', /loopback/],
    ['http://[fd00:ec2::254]/latest/meta-data', 'forbidden', /metadata/],
    ['http://169.254.169.254/latest/meta-data', 'forbidden', /metadata/],
    ['http://0xa9.0xfe.0xa9.0xfe/', 'forbidden', /metadata/],
    ['http://10.0.0.1/', 'forbidden', /private/],
    ['http://192.168.0.1./', 'forbidden', /private/],
    ['http://0/', 'forbidden', /unspecified/],
    ['http://localhost/hook', 'forbidden', /loopback name/],
    ['http://LOCALHOST./hook', 'forbidden', /loopback name/],
    ['http://api.localhost/hook', 'forbidden', /loopback name/],
    ['http://metadata.test/', 'forbidden', /resolves to 169\.254\.169\.254/],
    ['http://rebind.test/', 'forbidden', /resolves to 10\.1\.2\.3/],
    ['http://v6loop.test/', 'forbidden', /resolves to ::1/],
    ['https://user:pass@public.test/', 'invalid', /credentials/],
    ['ftp://public.test/', 'invalid', /https/],
    ['file:///etc/passwd', 'invalid', /https/],
    ['/relative/path', 'invalid', /absolute/],
    ['not a url', 'invalid', /absolute/],
  ];

  it.each(refusedUrls)('refuses %s as %s', async (url, kind, message) => {
    const error = await assertPublicUrl(url, withHttp, dnsTable).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OutboundUrlError);
    expect((error as OutboundUrlError).kind).toBe(kind);
    expect((error as OutboundUrlError).message).toMatch(message);
  });

  it.each([
    'https://public.test/hook',
    'https://8.8.8.8/hook',
    'https://[2606:4700:4700::1111]/',
    'https://unresolvable.test/hook',
  ])('accepts %s', async (url) => {
    await expect(assertPublicUrl(url, strict, dnsTable)).resolves.toBeUndefined();
  });

  it('refuses http:// unless allowed', async () => {
    await expect(assertPublicUrl('http://public.test/', strict, dnsTable)).rejects.toThrow(
      'url must use https://',
    );
    await expect(assertPublicUrl('http://public.test/', withHttp, dnsTable)).resolves.toBeUndefined();
  });

  it('lets private targets through when they are allowed, but still checks scheme and credentials', async () => {
    const open = { allowHttp: true, allowPrivateTargets: true };
    await expect(assertPublicUrl('http://127.0.0.1:9000/hook', open, dnsTable)).resolves.toBeUndefined();
    await expect(assertPublicUrl('http://a:b@127.0.0.1/', open, dnsTable)).rejects.toThrow(/credentials/);
  });

  it('accepts a name whose lookup hangs once the timeout passes', async () => {
    const hanging = () => new Promise<{ address: string }[]>(() => undefined);
    await expect(
      assertPublicUrl('https://slow.test/', { ...strict, lookupTimeoutMs: 20 }, hanging),
    ).resolves.toBeUndefined();
  });
});

describe('guardedLookup and assertPublicIp', () => {
  const lookupAsync = (lookup: ReturnType<typeof guardedLookup>, host: string, all: boolean) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) =>
      lookup(host, { all }, (error, address, family) => resolve({ error, address, family })),
    );

  it('refuses a name that resolves to loopback with EHERALD_BLOCKED_ADDRESS, in both callback forms', async () => {
    const lookup = guardedLookup(false);
    for (const all of [false, true]) {
      const { error } = await lookupAsync(lookup, 'localhost', all);
      expect(error).toBeInstanceOf(BlockedAddressError);
      expect(error?.code).toBe(BLOCKED_ADDRESS_CODE);
      expect(error?.message).toMatch(/localhost resolves to .* loopback/);
    }
  });

  it('resolves normally when private targets are allowed', async () => {
    const lookup = guardedLookup(true);
    const single = await lookupAsync(lookup, '127.0.0.1', false);
    expect(single).toMatchObject({ error: null, address: '127.0.0.1', family: 4 });
    const all = await lookupAsync(lookup, '127.0.0.1', true);
    expect(all).toMatchObject({ error: null, address: [{ address: '127.0.0.1', family: 4 }] });
  });

  it('passes a public address through, for IP literals handed to lookup', async () => {
    const { error, address } = await lookupAsync(guardedLookup(false), '8.8.8.8', false);
    expect(error).toBeNull();
    expect(address).toBe('8.8.8.8');
  });

  it('blocks the real connection made through net.connect', async () => {
    const net = await import('node:net');
    const error = await new Promise<Error>((resolve) => {
      const socket = net.connect({ host: 'localhost', port: 9, lookup: guardedLookup(false) });
      socket.on('error', resolve);
      socket.on('connect', () => {
        socket.destroy();
        resolve(new Error('connected'));
      });
    });
    expect((error as NodeJS.ErrnoException).code).toBe(BLOCKED_ADDRESS_CODE);
  });

  it('assertPublicIp throws for forbidden literals only', () => {
    expect(() => assertPublicIp('10.0.0.1')).toThrow(BlockedAddressError);
    expect(() => assertPublicIp('::ffff:10.0.0.1')).toThrow(/IPv4-mapped/);
    expect(() => assertPublicIp('8.8.8.8')).not.toThrow();
  });
});
