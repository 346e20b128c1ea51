import type { LookupAddress } from 'node:dns';
import {
  guardedLookup,
  isLoopbackAddress,
  isRefusedAddress,
  lookupGuard,
  RefusedAddressError,
} from './address-guard';

describe('addresses webhooks are never sent to', () => {
  it.each([
    '169.254.169.254',
    '169.254.0.1',
    'fe80::1',
    '::ffff:169.254.169.254',
    'fd00:ec2::254',
    '100.100.100.200',
    '0.0.0.0',
    '::',
    '224.0.0.1',
    '255.255.255.255',
    '168.63.129.16',
    '64:ff9b::a9fe:a9fe',
    '64:ff9b:1::a9fe:a9fe',
    '2002:a9fe:a9fe::',
    '::a9fe:a9fe',
    '::ffff:0:a9fe:a9fe',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    'not-an-address',
  ])('refuses %s', (address) => {
    expect(isRefusedAddress(address)).toBe(true);
  });

  it.each([
    '127.0.0.1',
    '::1',
    '10.1.2.3',
    '192.168.0.10',
    '203.0.113.5',
    '2001:db8::1',
    '64:ff9b::cb00:7105',
  ])('leaves %s to the host allow-list', (address) => {
    expect(isRefusedAddress(address)).toBe(false);
  });

  it('resolves a name and hands the connection only addresses it checked', async () => {
    const one = await new Promise<unknown[]>((resolve, reject) =>
      guardedLookup('localhost', { family: 4 }, (error, address, family) =>
        error ? reject(error) : resolve([address, family]),
      ),
    );
    expect(one).toEqual(['127.0.0.1', 4]);
    const all = await new Promise<unknown>((resolve, reject) =>
      guardedLookup('localhost', { family: 4, all: true }, (error, addresses) =>
        error ? reject(error) : resolve(addresses),
      ),
    );
    expect(all).toEqual([{ address: '127.0.0.1', family: 4 }]);
  });

  it('refuses a name when it resolves to a refused address', async () => {
    // A literal resolves to itself: the same path a rebinding name takes at delivery time.
    const error = await new Promise<unknown>((resolve) =>
      guardedLookup('169.254.169.254', {}, (e) => resolve(e)),
    );
    expect(error).toBeInstanceOf(RefusedAddressError);
  });

  // A listed host's DNS re-pointed at this machine at delivery time (the resolver stands in for
  // the attacker's name server).
  const rebound = (addresses: LookupAddress[]) =>
    lookupGuard((_name, _options, callback) => callback(null, addresses));
  const lookUp = (lookup: ReturnType<typeof lookupGuard>, name: string) =>
    new Promise<unknown>((resolve) =>
      lookup(name, {}, (error, address) => resolve(error ?? address)),
    );

  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])(
    'refuses a name that is not localhost when it resolves to loopback %s',
    async (address) => {
      const family = address.includes(':') ? 6 : 4;
      expect(isLoopbackAddress(address)).toBe(true);
      expect(
        await lookUp(rebound([{ address, family }]), 'crm.internal.example.jp'),
      ).toBeInstanceOf(RefusedAddressError);
      // One loopback address among public ones is enough to refuse the name.
      const mixed = rebound([
        { address: '203.0.113.5', family: 4 },
        { address, family },
      ]);
      expect(await lookUp(mixed, 'hooks.example.jp')).toBeInstanceOf(RefusedAddressError);
      // A name that says it is this machine may reach it (RFC 6761).
      expect(await lookUp(rebound([{ address, family }]), 'hooks.localhost')).toBe(address);
    },
  );

  it('still lets a listed name reach a private address (internal systems live there)', async () => {
    expect(await lookUp(rebound([{ address: '10.1.2.3', family: 4 }]), 'crm.internal')).toBe(
      '10.1.2.3',
    );
    expect(isLoopbackAddress('10.1.2.3')).toBe(false);
  });
});
