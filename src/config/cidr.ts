import * as ipaddr from 'ipaddr.js';

/** A parsed CIDR block; `text` is the form the user wrote. */
export interface Cidr {
  readonly text: string;
  readonly address: ipaddr.IPv4 | ipaddr.IPv6;
  readonly prefix: number;
}

/** Parses `a.b.c.d/n` (or IPv6); undefined when malformed or when host bits are set. */
export function parseCidr(text: string, family?: 'ipv4'): Cidr | undefined {
  if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(text)) return undefined;
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(text);
  } catch {
    return undefined;
  }
  const [address, prefix] = parsed;
  if (family === 'ipv4' && address.kind() !== 'ipv4') return undefined;
  // Google and Envoy both want the network address itself: 10.0.0.1/24 is a typo, not a range.
  const network = address.kind() === 'ipv4'
    ? ipaddr.IPv4.networkAddressFromCIDR(text)
    : ipaddr.IPv6.networkAddressFromCIDR(text);
  if (network.toString() !== address.toString()) return undefined;
  return { text, address, prefix };
}

/** True when the two blocks share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  if (a.address.kind() !== b.address.kind()) return false;
  return a.address.match(b.address, b.prefix) || b.address.match(a.address, a.prefix);
}

export function isIpv4Address(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}
