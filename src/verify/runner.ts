import type { Config, Endpoint } from '../config/schema';
import { addressCheck } from './address-check';
import { accessOf, allowlistCheck } from './allowlist-check';
import { dnsCheck, lookupA, type DnsOutcome } from './dns-check';
import { getRoot, httpsCheck } from './https-check';
import { LETS_ENCRYPT_STAGING_ROOTS } from './lets-encrypt-staging';
import { redirectCheck } from './redirect-check';
import type { ReservedAddress } from './reserved-address';
import { tlsCheck } from './tls-check';
import type { CheckResult, EndpointReport, Report, VerifyOptions } from './types';

export interface RunContext {
  readonly environment: string;
  readonly reserved: ReservedAddress;
  /** The clock for certificate expiry; injectable so tests are exact. */
  readonly now?: () => Date;
  /** Tests only: their own staging root (PEM) in place of Let's Encrypt's pinned ones. */
  readonly stagingRoots?: readonly string[];
}

const PINNED_STAGING_ROOTS = LETS_ENCRYPT_STAGING_ROOTS.map((root) => root.pem);

/** Runs every check once for the selected endpoints (all of them in parallel). */
export async function verify(config: Config, options: VerifyOptions, context: RunContext): Promise<Report> {
  const selected = config.endpoints.filter((e) => options.endpoints.length === 0 || options.endpoints.includes(e.hostname));
  const endpoints = await Promise.all(selected.map((e) => verifyEndpoint(config, e, options, context)));
  return { environment: context.environment, endpoints };
}

async function verifyEndpoint(config: Config, endpoint: Endpoint, options: VerifyOptions, context: RunContext): Promise<EndpointReport> {
  const { hostname } = endpoint;
  const override = options.resolve.get(hostname);
  const checks: CheckResult[] = [];
  let outcome: DnsOutcome;
  if (override !== undefined) {
    outcome = { addresses: [override] };
    checks.push(dnsCheck(undefined, override), addressCheck(outcome, '--resolve', context.reserved));
  } else {
    outcome = await lookupA(hostname, options.dnsServers, options.timeoutMs);
    checks.push(dnsCheck(outcome), addressCheck(outcome, 'DNS', context.reserved));
  }

  const rows = endpoint.allowCidrs ? (['redirect', 'tls', 'https', 'allowlist'] as const) : (['redirect', 'tls', 'https'] as const);
  // With several A records, the first (sorted) is tried; the address row already judged the set.
  const address = 'addresses' in outcome ? outcome.addresses[0] : undefined;
  if (address === undefined) {
    const detail = 'no address to connect to (DNS failed); --resolve HOST:IP checks the gateway directly';
    return { hostname, checks: [...checks, ...rows.map((check): CheckResult => ({ check, status: 'skip', detail }))] };
  }

  const [redirect, tls, root] = await Promise.all([
    redirectCheck({ hostname, address, httpPort: options.httpPort, httpsPort: options.httpsPort, timeoutMs: options.timeoutMs }),
    tlsCheck({
      hostname, address, port: options.httpsPort, ca: options.ca, acme: config.tls.acme, stagingRoots: context.stagingRoots ?? PINNED_STAGING_ROOTS,
      warnDays: options.warnDays, timeoutMs: options.timeoutMs, now: (context.now ?? (() => new Date()))(),
    }),
    getRoot({ hostname, address, port: options.httpsPort, timeoutMs: options.timeoutMs }),
  ]);
  const placeholderText = endpoint.backend === 'placeholder' ? config.placeholder.text : undefined;
  checks.push(redirect, tls, httpsCheck(root, accessOf(endpoint.allowCidrs, options.clientIp).access, placeholderText));
  if (endpoint.allowCidrs) checks.push(allowlistCheck(root, endpoint.allowCidrs, options.clientIp));
  return { hostname, checks };
}
