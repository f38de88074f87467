import { Resolver } from 'node:dns/promises';
import { describeNetworkError, formatSeconds, withDeadline } from './network-error';
import type { CheckResult } from './types';

/**
 * What the resolver said about a hostname's A records: at least one address; an answer that there
 * is none (clients reach nothing); or no usable answer (what clients get is unknown from here).
 */
export type DnsOutcome =
  | { readonly addresses: readonly string[] }
  | { readonly noAddress: string }
  | { readonly error: string };

const NO_ADDRESS: Record<string, string> = {
  ENOTFOUND: 'the name does not exist (NXDOMAIN)',
  ENODATA: 'the name exists but has no A record',
};
const DNS_ERRORS: Record<string, string> = {
  ESERVFAIL: 'the DNS server failed (SERVFAIL)',
  EREFUSED: 'the DNS server refused the query',
  ECONNREFUSED: 'the DNS server refused the connection',
};

/** Queries the A records of `hostname` (the system's resolvers, or `servers`). */
export async function lookupA(hostname: string, servers: readonly string[], timeoutMs: number): Promise<DnsOutcome> {
  // One try per query: the deadline below is the operator's, not c-ares' four retries.
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  if (servers.length > 0) resolver.setServers([...servers]);
  const where = servers.length > 0 ? servers.join(', ') : 'the system resolver';
  const query = <T>(ask: () => Promise<T>) => withDeadline(timeoutMs, (onTimeout) => {
    onTimeout(() => resolver.cancel());
    return ask();
  });
  // Why a name that exists has no A record: an alias to a name without one, when it is that.
  const noData = async (): Promise<DnsOutcome> => {
    const targets = await query(() => resolver.resolveCname(hostname)).catch((): string[] => []);
    return { noAddress: `${targets.length > 0 ? `CNAME to ${targets.join(', ')}, which has no A record` : NO_ADDRESS.ENODATA} (${where})` };
  };
  let addresses: string[];
  try {
    addresses = await query(() => resolver.resolve4(hostname));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENODATA') return noData();
    if (NO_ADDRESS[code]) return { noAddress: `${NO_ADDRESS[code]} (${where})` };
    if (code === 'ETIMEOUT') return { error: `no answer within ${formatSeconds(timeoutMs)} from ${where}` };
    return { error: DNS_ERRORS[code] ? `${DNS_ERRORS[code]} (${where})` : describeNetworkError(error, where) };
  }
  // An answer holding only a CNAME (to a name with no A record, e.g. only AAAA) resolves to no address.
  if (addresses.length === 0) return noData();
  return { addresses: [...addresses].sort() };
}

/** The dns row: the hostname resolves to at least one IPv4 address. */
export function dnsCheck(outcome: DnsOutcome | undefined, resolvedBy?: string): CheckResult {
  if (outcome === undefined) return { check: 'dns', status: 'skip', detail: `not queried: --resolve connects to ${resolvedBy}` };
  if ('noAddress' in outcome) return { check: 'dns', status: 'fail', detail: `no A record: ${outcome.noAddress}` };
  if ('error' in outcome) return { check: 'dns', status: 'fail', detail: `A lookup failed: ${outcome.error}` };
  return { check: 'dns', status: 'pass', detail: `A ${outcome.addresses.join(', ')}` };
}
