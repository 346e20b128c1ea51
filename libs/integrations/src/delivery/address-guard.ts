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
]);

export function isRefusedAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  if (
    METADATA_ADDRESSES.has(parsed.toNormalizedString()) ||
    METADATA_ADDRESSES.has(parsed.toString())
  )
    return true;
  return REFUSED_RANGES.has(parsed.range());
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

/**
 * A `lookup` for http.request that resolves the name and refuses it if any of its addresses is
 * refused. The connection uses exactly the addresses checked here, so a name that resolves to a
 * harmless address at registration and to the metadata service at delivery (DNS rebinding) is
 * caught at delivery.
 */
export function guardedLookup(
  hostname: string,
  options: LookupOptions,
  callback: LookupCallback,
): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const list = addresses;
    if (list.length === 0 || list.some((a) => isRefusedAddress(a.address)))
      return callback(new RefusedAddressError(), []);
    if (options.all) return callback(null, list);
    const [first] = list;
    if (!first) return callback(new RefusedAddressError(), []);
    callback(null, first.address, first.family);
  });
}
