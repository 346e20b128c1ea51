import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';

/**
 * Addresses no webhook is ever sent to, whatever WEBHOOK_ALLOWED_HOSTS says (SSRF): link-local
 * (169.254.0.0/16 holds the cloud metadata service, fe80::/10), unspecified, multicast and
 * broadcast, and the metadata addresses outside those ranges. Loopback and private addresses are
 * allowed only because their host was listed by the operator (internal systems live there).
 */
const REFUSED_RANGES = new Set(['linkLocal', 'unspecified', 'multicast', 'broadcast']);
const METADATA_ADDRESSES = new Set([
  '169.254.169.254', // AWS, GCP, Azure, OpenStack
  'fd00:ec2::254', // AWS over IPv6
  '100.100.100.200', // Alibaba Cloud
  '192.0.0.192', // Oracle Cloud
  '168.63.129.16', // Azure's host (wire server)
]);

/**
 * The IPv4 address an IPv6 address carries, where it carries one on purpose: IPv4-mapped and
 * -translated (::ffff:a.b.c.d, ::ffff:0:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64
 * (64:ff9b::/96, 64:ff9b:1::/48) and 6to4 (2002:AABB:CCDD::/16). Each reaches that IPv4 host.
 */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const [p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0, p6 = 0, p7 = 0] = address.parts;
  const v4 = (high: number, low: number) =>
    new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  const zeroPrefix = p0 === 0 && p1 === 0 && p2 === 0 && p3 === 0;
  if (zeroPrefix && p4 === 0 && (p5 === 0 || p5 === 0xffff)) return v4(p6, p7);
  if (zeroPrefix && p4 === 0xffff && p5 === 0) return v4(p6, p7);
  if (p0 === 0x64 && p1 === 0xff9b) return v4(p6, p7); // NAT64, well-known and local prefixes
  if (p0 === 0x2002) return v4(p1, p2); // 6to4
  return null;
}

export function isRefusedAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.range() === 'teredo') return true; // a tunnel to an address not visible here
    // ::1 and :: are themselves (loopback, unspecified), not an IPv4 address in disguise.
    const inner =
      v6.range() === 'loopback' || v6.range() === 'unspecified' ? null : embeddedIPv4(v6);
    if (inner && isRefusedAddress(inner.toString())) return true;
  }
  if (
    METADATA_ADDRESSES.has(parsed.toNormalizedString()) ||
    METADATA_ADDRESSES.has(parsed.toString())
  )
    return true;
  return REFUSED_RANGES.has(parsed.range());
}

/** A loopback address, also one carried inside an IPv6 address (::ffff:127.0.0.1). */
export function isLoopbackAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.range() === 'loopback') return true;
  if (parsed.kind() !== 'ipv6') return false;
  return embeddedIPv4(parsed as ipaddr.IPv6)?.range() === 'loopback';
}

/**
 * A name that says it is this machine (RFC 6761: localhost and *.localhost). Only such a name,
 * or a loopback literal, reaches a loopback address: a listed host whose DNS is re-pointed at
 * 127.0.0.1 would otherwise reach the services on this machine itself (the database, the API).
 */
function namesLoopback(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/** Thrown (as the lookup's error) when a name resolves to a refused address. */
export class RefusedAddressError extends Error {
  readonly code = 'EDAICHO_ADDRESS_REFUSED';
  constructor() {
    super('the host resolves to an address webhooks are never sent to');
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

type Resolver = (
  hostname: string,
  options: LookupOptions & { all: true },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A `lookup` for http.request that resolves the name and refuses it if any of its addresses is
 * refused, or is loopback for a name that does not say so. The connection uses exactly the
 * addresses checked here, so a name that resolves to a harmless address at registration and to
 * the metadata service or this machine at delivery (DNS rebinding) is caught at delivery.
 */
export function lookupGuard(resolve: Resolver = dnsLookup) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      answer(hostname, options, addresses, callback);
    });
  };
}

export const guardedLookup = lookupGuard();

/** The resolved addresses, all checked, in the form the caller asked for. */
function answer(
  hostname: string,
  options: LookupOptions,
  list: LookupAddress[],
  callback: LookupCallback,
): void {
  const loopbackAllowed = namesLoopback(hostname);
  const refused = (address: string) =>
    isRefusedAddress(address) || (!loopbackAllowed && isLoopbackAddress(address));
  const [first] = list;
  if (!first || list.some((a) => refused(a.address)))
    return callback(new RefusedAddressError(), []);
  if (options.all) return callback(null, list);
  callback(null, first.address, first.family);
}
