import { parseConfig } from '../../src/config/load';
import type { Config } from '../../src/config/schema';
import type { VerifyOptions } from '../../src/verify/types';
import { startDns, type DnsRecords, type LoopbackDns } from '../support/loopback-dns';
import { answer, redirectToHttps, startEdge, type Handler, type LoopbackEdge, type Site } from '../support/loopback-edge';
import { intermediateCa, rootCa, selfSignedCert, serverCert, type Issued } from '../support/test-pki';

// One loopback world for the verify tests: a DNS server, a gateway stand-in (HTTP + HTTPS) and a
// test PKI, with one hostname per situation to check.

const DOMAIN = 'example.test';
export const host = (label: string) => `${label}.${DOMAIN}`;
export const PLACEHOLDER_TEXT = 'hello from the loopback placeholder';
export const LOOPBACK = '127.0.0.1';

export const testCa = rootCa('Verify Test Root CA');
const otherCa = rootCa('Some Other CA');
/**
 * A stand-in for Let's Encrypt's staging root: the tests pass it to verify as *the* staging root
 * (RunContext.stagingRoots), as the pinned real ones cannot sign test certificates.
 */
export const stagingRoot = rootCa('(STAGING) Pretend Test Root', '(STAGING) Let\'s Encrypt');
const stagingIntermediate = intermediateCa(stagingRoot, '(STAGING) Ersatz Test E1', '(STAGING) Let\'s Encrypt');
// Impostors: the real staging names on certificates anyone can make.
const impostorRoot = rootCa('(STAGING) Pretend Pear X1', '(STAGING) Internet Security Research Group');
const impostorIntermediate = intermediateCa(impostorRoot, '(STAGING) Counterfeit Cashew R10', '(STAGING) Let\'s Encrypt');

const placeholder = answer(200, `${PLACEHOLDER_TEXT}\n`);
const tlsOf = (leaf: Issued, ...intermediates: Issued[]) => ({ chain: [leaf.cert, ...intermediates.map((i) => i.cert)], key: leaf.key });
const site = (label: string, overrides: Partial<Site> = {}): Site => ({
  tls: tlsOf(serverCert(testCa, [host(label)])),
  http: redirectToHttps,
  https: placeholder,
  ...overrides,
});

/** Fails its first `failures` requests with 404, then redirects: a route that is still being programmed. */
function eventuallyRedirects(failures: number): Handler {
  let seen = 0;
  return (request) => (seen++ < failures ? { status: 404 } : redirectToHttps(request));
}

let flaky = eventuallyRedirects(0);
export function resetFlaky(failures: number): void {
  flaky = eventuallyRedirects(failures);
}

const SITES: Record<string, Site> = {
  [host('conductor')]: site('conductor'),
  [host('mcp')]: site('mcp'),
  [host('private')]: site('private', { https: answer(403, 'RBAC: access denied') }),
  [host('denied')]: site('denied', { https: answer(403, 'RBAC: access denied') }),
  [host('open')]: site('open'),
  [host('wrong-a')]: site('wrong-a'),
  [host('extra-a')]: site('extra-a'),
  [host('no-redirect')]: site('no-redirect', { http: placeholder }),
  [host('drops-path')]: site('drops-path', { http: () => ({ status: 301, headers: { location: `https://${host('drops-path')}/` } }) }),
  [host('other-name')]: site('other-name', { tls: tlsOf(serverCert(testCa, [host('other')])) }),
  [host('expired')]: site('expired', { tls: tlsOf(serverCert(testCa, [host('expired')], { fromDays: -100, toDays: -10 })) }),
  [host('expiring')]: site('expiring', { tls: tlsOf(serverCert(testCa, [host('expiring')], { fromDays: -80, toDays: 5 })) }),
  [host('untrusted')]: site('untrusted', { tls: tlsOf(serverCert(otherCa, [host('untrusted')])) }),
  [host('staging')]: site('staging', { tls: tlsOf(serverCert(stagingIntermediate, [host('staging')]), stagingIntermediate) }),
  [host('staging-self-signed')]: site('staging-self-signed', { tls: tlsOf(selfSignedCert([host('staging-self-signed')], '(STAGING) Pretend Pear X1', '(STAGING) Internet Security Research Group')) }),
  [host('staging-impostor')]: site('staging-impostor', { tls: tlsOf(serverCert(impostorIntermediate, [host('staging-impostor')]), impostorIntermediate, impostorRoot) }),
  // A CNAME to a name with an A record is how many zones point at a gateway: it passes.
  [host('cname-ok')]: site('cname-ok'),
  [host('wrong-backend')]: site('wrong-backend', { https: answer(200, 'default backend - 404') }),
  [host('hostile')]: site('hostile', { https: answer(502, '\u001b[2J\u001b[31mgone\u202eevil\r\nx') }),
  [host('slow')]: site('slow', { tls: 'hang', http: () => 'hang' }),
  [host('flaky')]: site('flaky', { http: (r) => flaky(r) }),
  // Served by the gateway, no A record yet: the state before the DNS approval gate.
  [host('unpublished')]: site('unpublished'),
};

/** The leaf certificate (PEM) served for `label`. */
export function leafOf(label: string): string {
  const served = SITES[host(label)].tls;
  if (served === 'hang') throw new Error(`${label} serves no certificate`);
  return served.chain[0];
}

const RECORDS: Record<string, DnsRecords> = {
  ...Object.fromEntries(Object.keys(SITES).filter((name) => name !== host('unpublished')).map((name) => [name, [LOOPBACK]])),
  [host('wrong-a')]: ['127.0.0.2'],
  [host('extra-a')]: [LOOPBACK, '127.0.0.3'],
  [host('cname-ok')]: { cname: host('conductor') },
  // No A record anywhere: clients reach nothing over IPv4, whatever else the name has.
  [host('cname-aaaa')]: { cname: host('v6-only') },
  [host('v6-only')]: { aaaa: ['::1'] },
  [host('aaaa-only')]: { aaaa: ['::1'] },
};
/** Names the DNS server never answers. */
const SILENT = [host('silent')];

const endpointsYaml = [
  ...Object.keys(SITES).filter((h) => ![host('mcp'), host('private'), host('denied')].includes(h)).map((h) => `  - hostname: ${h}`),
  `  - hostname: ${host('mcp')}\n    allowCidrs: [127.0.0.0/8]`,
  `  - hostname: ${host('denied')}\n    allowCidrs: [127.0.0.0/8]`,
  `  - hostname: ${host('private')}\n    allowCidrs: [203.0.113.0/24, 2001:db8::/32]`,
  `  - hostname: ${host('silent')}`,
  `  - hostname: ${host('cname-aaaa')}`,
  `  - hostname: ${host('aaaa-only')}`,
  `  - hostname: ${host('missing')}`,
].join('\n');

export function configYaml(acme: 'staging' | 'production'): string {
  return [
    'project: {id: verify-loopback}',
    `dns: {domain: ${DOMAIN}, zoneName: example-test}`,
    `tls: {acme: ${acme}}`,
    `placeholder: {text: ${JSON.stringify(PLACEHOLDER_TEXT)}}`,
    'endpoints:',
    endpointsYaml,
    '',
  ].join('\n');
}

export const productionConfig: Config = parseConfig(configYaml('production'), 'loopback.yaml');
export const stagingConfig: Config = parseConfig(configYaml('staging'), 'loopback-staging.yaml');

export interface World {
  readonly dns: LoopbackDns;
  readonly edge: LoopbackEdge;
  options(overrides?: Partial<VerifyOptions>): VerifyOptions;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const dns = await startDns(RECORDS, SILENT);
  let edge: LoopbackEdge;
  try {
    edge = await startEdge(SITES);
  } catch (error) {
    await dns.close(); // leave no socket open behind a failed start
    throw error;
  }
  return {
    dns,
    edge,
    options: (overrides = {}) => ({
      endpoints: [],
      resolve: new Map(),
      dnsServers: [dns.server],
      ca: [testCa.cert],
      httpPort: edge.httpPort,
      httpsPort: edge.httpsPort,
      timeoutMs: 5000, // the command's default; tests of timeouts set their own
      warnDays: 14,
      ...overrides,
    }),
    close: async () => { await Promise.all([dns.close(), edge.close()]); },
  };
}
