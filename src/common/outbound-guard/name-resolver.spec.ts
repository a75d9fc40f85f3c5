import { pbkdf2 } from 'node:crypto';
import * as dns from 'node:dns';
import type { LookupAddress } from 'node:dns';
import { FakeDnsServer } from '../../../test/support/fake-dns-server';
import { BLOCKED_ADDRESS_CODE, BlockedAddressError } from './blocked-address.error';
import { guardedLookup } from './guarded-lookup';
import { caresResolver, parseHosts } from './name-resolver';

describe('caresResolver and guardedLookup over it', () => {
  let server: FakeDnsServer;
  let resolve: ReturnType<typeof caresResolver>;

  beforeAll(async () => {
    server = await FakeDnsServer.start({
      'public.test': ['93.184.216.34', '2606:4700::1'],
      'private.test': ['10.1.2.3'],
      'smuggle.test': ['93.184.216.34', '::1'], // a public A beside a loopback AAAA
      'v6only.test': ['2606:4700::6'],
    });
    resolve = caresResolver({
      servers: [server.address],
      hosts: parseHosts('127.0.0.1 receiver.internal # a compose service\n93.184.216.35 pinned.test\n'),
      timeoutMs: 1000,
      tries: 1,
    });
  });
  afterAll(() => server.close());

  const lookup = (host: string, options: { all?: boolean; family?: number } = {}, allowPrivate = false) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }>(
      (done) =>
        guardedLookup(allowPrivate, resolve)(host, options, (error, address, family) =>
          done({ error, address, family }),
        ),
    );

  it('resolves A and AAAA with c-ares, in both callback forms', async () => {
    await expect(lookup('public.test')).resolves.toEqual({
      error: null,
      address: '93.184.216.34',
      family: 4,
    });
    await expect(lookup('Public.Test.', { all: true })).resolves.toMatchObject({
      error: null,
      address: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:4700::1', family: 6 },
      ],
    });
    await expect(lookup('v6only.test')).resolves.toEqual({ error: null, address: '2606:4700::6', family: 6 });
    await expect(lookup('public.test', { family: 6 })).resolves.toMatchObject({ address: '2606:4700::1' });
  });

  it('checks every address: a private one anywhere in the answer blocks the name', async () => {
    for (const host of ['private.test', 'smuggle.test']) {
      for (const all of [false, true]) {
        const { error } = await lookup(host, { all });
        expect(error).toBeInstanceOf(BlockedAddressError);
        expect(error?.code).toBe(BLOCKED_ADDRESS_CODE);
      }
    }
    expect((await lookup('smuggle.test')).error?.message).toBe(
      'smuggle.test resolves to ::1, a loopback address, which webhooks may not target',
    );
    await expect(lookup('private.test', {}, true)).resolves.toMatchObject({
      error: null,
      address: '10.1.2.3',
    });
  });

  it('answers localhost and hosts-file names without a query, and checks them the same way', async () => {
    const before = server.queries.length;
    expect((await lookup('localhost')).error?.message).toMatch(
      /^localhost resolves to 127\.0\.0\.1, a loopback address/,
    );
    expect((await lookup('api.localhost', { all: true })).error).toBeInstanceOf(BlockedAddressError);
    expect((await lookup('receiver.internal')).error).toBeInstanceOf(BlockedAddressError);
    await expect(lookup('receiver.internal', {}, true)).resolves.toMatchObject({ address: '127.0.0.1' });
    await expect(lookup('pinned.test')).resolves.toMatchObject({ error: null, address: '93.184.216.35' });
    await expect(lookup('8.8.8.8')).resolves.toMatchObject({ error: null, address: '8.8.8.8', family: 4 });
    expect(server.queries.length).toBe(before);
  });

  it('passes DNS failures on unchanged (NXDOMAIN is ENOTFOUND, not a blocked address)', async () => {
    const { error } = await lookup('no-such-host.test');
    expect(error).not.toBeInstanceOf(BlockedAddressError);
    expect(error?.code).toBe('ENOTFOUND');
    expect((await lookup('v6only.test', { family: 4 })).error?.code).toMatch(/^E/);
  });

  it('resolves while every libuv thread is busy, where dns.lookup has to wait', async () => {
    // Four long pbkdf2 runs take libuv's four threads (UV_THREADPOOL_SIZE is not raised under jest).
    const order: string[] = [];
    const finished = (what: string) => () => void order.push(what);
    const busy = Array.from(
      { length: 4 },
      () =>
        new Promise<void>((done) =>
          pbkdf2('x', 'salt', 600_000, 64, 'sha512', () => done(finished('pool work')())),
        ),
    );
    const viaCares = await lookup('public.test');
    finished('c-ares lookup')();
    const viaPool = new Promise<void>((done) =>
      dns.lookup('localhost', () => done(finished('dns.lookup')())),
    );
    expect(viaCares.address).toBe('93.184.216.34');
    await Promise.all([...busy, viaPool]);
    expect(order[0]).toBe('c-ares lookup');
    expect(order.indexOf('dns.lookup')).toBeGreaterThan(order.indexOf('pool work'));
  });
});

describe('parseHosts', () => {
  it('reads addresses and every alias, skipping comments and junk', () => {
    const table = parseHosts(
      '# comment\n127.0.0.1 localhost vm\n::1 localhost ip6-localhost\nnot-an-ip name\n\n',
    );
    expect(table.get('vm')).toEqual([{ address: '127.0.0.1', family: 4 }]);
    expect(table.get('localhost')).toEqual([
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ]);
    expect(table.has('name')).toBe(false);
  });
});
