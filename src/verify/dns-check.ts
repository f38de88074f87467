import { Resolver } from 'node:dns/promises';
import { describeNetworkError, formatSeconds, withDeadline } from './network-error';
import type { CheckResult } from './types';

/** What the resolver said about a hostname's A records. */
export type DnsOutcome = { readonly addresses: readonly string[] } | { readonly error: string };

const DNS_ERRORS: Record<string, string> = {
  ENOTFOUND: 'the name does not exist (NXDOMAIN)',
  ENODATA: 'the name exists but has no A record',
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
  try {
    const addresses = await withDeadline(timeoutMs, (onTimeout) => {
      onTimeout(() => resolver.cancel());
      return resolver.resolve4(hostname);
    });
    return { addresses: [...addresses].sort() };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ETIMEOUT') return { error: `no answer within ${formatSeconds(timeoutMs)} from ${where}` };
    const known = code ? DNS_ERRORS[code] : undefined;
    return { error: known ? `${known} (${where})` : describeNetworkError(error, where) };
  }
}

/** The dns row: the hostname resolves to at least one address. */
export function dnsCheck(outcome: DnsOutcome | undefined, resolvedBy?: string): CheckResult {
  if (outcome === undefined) return { check: 'dns', status: 'skip', detail: `not queried: --resolve connects to ${resolvedBy}` };
  if ('error' in outcome) return { check: 'dns', status: 'fail', detail: `A lookup failed: ${outcome.error}` };
  return { check: 'dns', status: 'pass', detail: `A ${outcome.addresses.join(', ')}` };
}
