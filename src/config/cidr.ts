import * as ipaddr from 'ipaddr.js';

/** A parsed CIDR block; `text` is the form the user wrote. */
export interface Cidr {
  readonly text: string;
  readonly address: ipaddr.IPv4 | ipaddr.IPv6;
  readonly prefix: number;
}

/** Strict dotted quad: four decimal parts 0-255, no leading zeros (which some parsers read as octal). */
export function isIpv4Address(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

/**
 * IPv6; an embedded IPv4 tail must be a strict dotted quad too. (A zone id, fe80::1%eth0, passes
 * here and is refused by parseCidr: it is not part of the network address.)
 */
function isIpv6Address(text: string): boolean {
  if (!ipaddr.IPv6.isValid(text)) return false;
  const tail = text.slice(text.lastIndexOf(':') + 1);
  return !tail.includes('.') || isIpv4Address(tail);
}

/**
 * Parses `a.b.c.d/n` (or IPv6 when no family is asked for); undefined when malformed (leading
 * zeros in an octet or in the prefix included) or when host bits are set.
 */
export function parseCidr(text: string, family?: 'ipv4'): Cidr | undefined {
  const match = /^([^/]+)\/(0|[1-9][0-9]{0,2})$/.exec(text);
  if (!match) return undefined;
  const [, addressText, prefixText] = match;
  const v4 = isIpv4Address(addressText);
  if (!v4 && (family === 'ipv4' || !isIpv6Address(addressText))) return undefined;
  const prefix = Number(prefixText);
  if (prefix > (v4 ? 32 : 128)) return undefined;
  const address = ipaddr.parse(addressText);
  // Google and Envoy both want the network address itself: 10.0.0.1/24 is a typo, not a range.
  const network = v4 ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text);
  if (network.toString() !== address.toString()) return undefined;
  return { text, address, prefix };
}

/** True when the two blocks share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  if (a.address.kind() !== b.address.kind()) return false;
  return a.address.match(b.address, b.prefix) || b.address.match(a.address, a.prefix);
}

/**
 * Why an address cannot be a load balancer's public IP, or undefined when it can. Only globally
 * reachable unicast (RFC 6890 special-purpose registries): private, shared (CGNAT), loopback,
 * link-local, multicast, broadcast, documentation, benchmarking, reserved and AS112 are refused.
 */
export function publicAddressProblem(text: string): string | undefined {
  const range = ipaddr.IPv4.parse(text).range();
  return range === 'unicast' ? undefined : `is a ${range.replace(/([A-Z])/g, ' $1').toLowerCase()} address (RFC 6890), not a public one`;
}
