import { renderJson, renderTable, exitCode } from '../../src/verify/report';
import type { ReservedAddress } from '../../src/verify/reserved-address';
import { verify } from '../../src/verify/runner';
import type { CheckName, CheckResult, Report, VerifyOptions } from '../../src/verify/types';
import { runUntilPassing } from '../../src/verify/wait';
import { X509Certificate } from 'node:crypto';
import { host, leafOf, LOOPBACK, PLACEHOLDER_TEXT, productionConfig, resetFlaky, stagingConfig, stagingRoot, startWorld, testCa, type World } from './fixtures';

// Every check against real servers on loopback: DNS over UDP, HTTP, TLS with a test CA.

let world: World;
beforeAll(async () => { world = await startWorld(); });
afterAll(async () => { await world.close(); });

const KNOWN: ReservedAddress = { address: LOOPBACK, source: '--address' };

interface RunOptions {
  readonly staging?: boolean;
  readonly reserved?: ReservedAddress;
  readonly now?: Date;
  /** Let's Encrypt's real staging roots, as in production, instead of the test PKI's stand-in. */
  readonly pinnedStagingRoots?: boolean;
}

async function run(label: string, overrides: Partial<VerifyOptions> = {}, options: RunOptions = {}): Promise<Report> {
  const { now } = options;
  return verify(options.staging ? stagingConfig : productionConfig, world.options({ endpoints: [host(label)], ...overrides }), {
    environment: 'loopback',
    reserved: options.reserved ?? KNOWN,
    now: now && (() => now),
    stagingRoots: options.pinnedStagingRoots ? undefined : [stagingRoot.cert],
  });
}

/** The run against a DNS server that never answers, made by the first of the two tests that read it (each waits out the timeout). */
let silent: Promise<Report> | undefined;
const silentDns = () => (silent ??= run('silent', { timeoutMs: 300 }));

const DAY_MS = 24 * 60 * 60 * 1000;
/** `days` (fractional) before the leaf certificate of `label` expires; negative: after. */
const daysBeforeExpiry = (label: string, days: number) => new Date(new Date(new X509Certificate(leafOf(label)).validTo).getTime() - days * DAY_MS);

/** check -> [status, detail] of the report's only endpoint. */
function rows(report: Report): Partial<Record<CheckName, [CheckResult['status'], string]>> {
  expect(report.endpoints).toHaveLength(1);
  return Object.fromEntries(report.endpoints[0].checks.map((c) => [c.check, [c.status, c.detail]]));
}

const statuses = (report: Report) => Object.fromEntries(Object.entries(rows(report)).map(([k, v]) => [k, v![0]]));

describe('a working endpoint', () => {
  it('passes every check, in order, and exits 0', async () => {
    const report = await run('conductor');
    expect(report.endpoints[0].checks.map((c) => [c.check, c.status])).toEqual([
      ['dns', 'pass'], ['address', 'pass'], ['redirect', 'pass'], ['tls', 'pass'], ['https', 'pass'],
    ]);
    const r = rows(report);
    expect(r.dns![1]).toBe(`A ${LOOPBACK}`);
    expect(r.address![1]).toBe(`DNS gives the reserved address ${LOOPBACK} (--address)`);
    expect(r.redirect![1]).toBe(`http://${host('conductor')}/some/path?q=1 -> 301 https://${host('conductor')}/some/path?q=1`);
    expect(r.tls![1]).toMatch(new RegExp(`^covers ${host('conductor')}, issuer "Verify Test Root CA", trusted, expires \\d{4}-\\d\\d-\\d\\d \\((89|90) days\\)$`));
    expect(r.https![1]).toBe(`GET / -> 200, placeholder text ("${PLACEHOLDER_TEXT}")`);
    expect(exitCode(report)).toBe(0);
    expect(world.dns.queries).toContain(host('conductor'));
  });

  it('with allowCidrs that list this client: 2xx, and the allowlist row says which block', async () => {
    const report = await run('mcp', { clientIp: LOOPBACK });
    expect(statuses(report)).toEqual({ dns: 'pass', address: 'pass', redirect: 'pass', tls: 'pass', https: 'pass', allowlist: 'pass' });
    expect(rows(report).allowlist![1]).toBe(`client ${LOOPBACK} is in 127.0.0.0/8: GET / -> 200`);
    expect(exitCode(report)).toBe(0);
  });

  it('checks every configured endpoint, in config order, when none is named', async () => {
    const config = { ...productionConfig, endpoints: productionConfig.endpoints.filter((e) => ['open', 'conductor', 'mcp'].includes(e.hostname.split('.')[0])) };
    const report = await verify(config, world.options({ endpoints: [], clientIp: LOOPBACK }), { environment: 'loopback', reserved: KNOWN });
    expect(report.endpoints.map((e) => e.hostname)).toEqual([host('conductor'), host('open'), host('mcp')]);
    expect(report.endpoints.flatMap((e) => e.checks.filter((c) => c.status !== 'pass'))).toEqual([]);
  });
});

describe('DNS and the reserved address', () => {
  it('a wrong A record fails the address check, naming both addresses', async () => {
    const report = await run('wrong-a');
    expect(rows(report).dns).toEqual(['pass', 'A 127.0.0.2']);
    expect(rows(report).address).toEqual(['fail', `A 127.0.0.2 differs from the reserved address ${LOOPBACK} (--address)`]);
    expect(exitCode(report)).toBe(1);
  });

  it('an extra A record beside the reserved address fails too', async () => {
    expect(rows(await run('extra-a')).address).toEqual(['fail', `A ${LOOPBACK}, 127.0.0.3 also points at 127.0.0.3, besides the reserved address ${LOOPBACK} (--address)`]);
  });

  it('a missing name fails DNS and the address (clients reach nothing), and skips what needs an address, with the way out', async () => {
    const report = await run('missing');
    expect(rows(report).dns).toEqual(['fail', `no A record: the name does not exist (NXDOMAIN) (${world.dns.server})`]);
    expect(rows(report).address).toEqual(['fail', `no A record, so clients reach no address; expected the reserved address ${LOOPBACK} (--address)`]);
    expect(statuses(report)).toEqual({ dns: 'fail', address: 'fail', redirect: 'skip', tls: 'skip', https: 'skip' });
    expect(rows(report).tls![1]).toMatch(/--resolve HOST:IP/);
    expect(exitCode(report)).toBe(1);
  });

  it('a CNAME to a name with only AAAA is no A record: dns and address fail, never a skip-only run', async () => {
    const report = await run('cname-aaaa');
    expect(rows(report).dns).toEqual(['fail', `no A record: CNAME to ${host('v6-only')}, which has no A record (${world.dns.server})`]);
    expect(rows(report).address).toEqual(['fail', `no A record, so clients reach no address; expected the reserved address ${LOOPBACK} (--address)`]);
    expect(exitCode(report)).toBe(1);
  });

  it('a name with only AAAA records fails the same way', async () => {
    const report = await run('aaaa-only');
    expect(rows(report).dns).toEqual(['fail', `no A record: the name exists but has no A record (${world.dns.server})`]);
    expect(rows(report).address![0]).toBe('fail');
    expect(exitCode(report)).toBe(1);
  });

  it('no A record fails the address even when the reserved address is unknown', async () => {
    const report = await run('cname-aaaa', {}, { reserved: { unknown: 'reserved address unknown: because' } });
    expect(rows(report).address).toEqual(['fail', 'no A record, so clients reach no address']);
    expect(exitCode(report)).toBe(1);
  });

  it('a CNAME to a name with the reserved A record passes', async () => {
    const report = await run('cname-ok');
    expect(rows(report).dns).toEqual(['pass', `A ${LOOPBACK}`]);
    expect(exitCode(report)).toBe(0);
  });

  it('a DNS server that never answers leaves the comparison unknown: dns fails, address skips', async () => {
    const report = await silentDns();
    expect(rows(report).address).toEqual(['skip', `DNS gave no answer to compare with the reserved address ${LOOPBACK} (--address)`]);
    expect(exitCode(report)).toBe(1);
  });

  it('an unknown reserved address skips only the comparison, with the reason', async () => {
    const report = await run('conductor', {}, { reserved: { unknown: 'reserved address unknown: because' } });
    expect(statuses(report)).toEqual({ dns: 'pass', address: 'skip', redirect: 'pass', tls: 'pass', https: 'pass' });
    expect(rows(report).address![1]).toBe('reserved address unknown: because');
    expect(exitCode(report)).toBe(3);
  });

  it('--resolve skips DNS (before the DNS gate), still compares with the reserved address, and connects there', async () => {
    expect(rows(await run('unpublished')).dns![0]).toBe('fail');
    const asked = world.dns.queries.length;
    const report = await run('unpublished', { resolve: new Map([[host('unpublished'), LOOPBACK]]) });
    expect(world.dns.queries.length).toBe(asked);
    expect(rows(report).dns).toEqual(['skip', `not queried: --resolve connects to ${LOOPBACK}`]);
    expect(rows(report).address).toEqual(['pass', `--resolve gives the reserved address ${LOOPBACK} (--address)`]);
    expect(statuses(report)).toMatchObject({ redirect: 'pass', tls: 'pass', https: 'pass' });
    expect(exitCode(report)).toBe(3); // DNS not proven
  });
});

describe('HTTP redirect', () => {
  it('a missing redirect fails with what was answered', async () => {
    const report = await run('no-redirect');
    expect(rows(report).redirect).toEqual(['fail', `http://${host('no-redirect')}/some/path?q=1 answered 200 (no Location); expected 301 to https://${host('no-redirect')}/some/path?q=1`]);
    expect(statuses(report)).toMatchObject({ tls: 'pass', https: 'pass' });
  });

  it('a redirect that drops the path and query fails', async () => {
    expect(rows(await run('drops-path')).redirect).toEqual(['fail', `http://${host('drops-path')}/some/path?q=1 redirects to https://${host('drops-path')}/; expected https://${host('drops-path')}/some/path?q=1`]);
  });
});

describe('TLS', () => {
  it('a certificate for another name fails, naming what it covers', async () => {
    expect(rows(await run('other-name')).tls).toEqual(['fail', `certificate for ${host('other')} does not cover ${host('other-name')}; issuer "Verify Test Root CA"`]);
  });

  it('an expired certificate fails with the date', async () => {
    const [status, detail] = rows(await run('expired', {}, { now: daysBeforeExpiry('expired', -10.5) })).tls!;
    expect(status).toBe('fail');
    expect(detail).toMatch(/^certificate expired on \d{4}-\d\d-\d\d \(10 days ago\); issuer "Verify Test Root CA"$/);
  });

  it('one day is "1 day", less than one is said so', async () => {
    expect(rows(await run('expired', {}, { now: daysBeforeExpiry('expired', -1.5) })).tls![1]).toMatch(/ \(1 day ago\);/);
    expect(rows(await run('expired', {}, { now: daysBeforeExpiry('expired', -0.5) })).tls![1]).toMatch(/ \(less than a day ago\);/);
    expect(rows(await run('conductor', {}, { now: daysBeforeExpiry('conductor', 1.5) })).tls![1]).toMatch(/ \(1 day\); WARNING: fewer than 14 days left, renewal is overdue$/);
    expect(rows(await run('conductor', { warnDays: 1 }, { now: daysBeforeExpiry('conductor', 0.5) })).tls![1]).toMatch(/ \(0 days\); WARNING: fewer than 1 day left, renewal is overdue$/);
  });

  it('a certificate close to expiry passes with a warning', async () => {
    const [status, detail] = rows(await run('expiring', {}, { now: daysBeforeExpiry('expiring', 4.5) })).tls!;
    expect(status).toBe('pass');
    expect(detail).toMatch(/\(4 days\); WARNING: fewer than 14 days left, renewal is overdue$/);
  });

  it('an untrusted chain fails with the verifier\'s reason and the issuer', async () => {
    const [status, detail] = rows(await run('untrusted')).tls!;
    expect(status).toBe('fail');
    expect(detail).toBe('chain not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE); issuer "Some Other CA"; --ca FILE adds a trusted root');
  });

  it('without --ca the test CA is not trusted: Node\'s bundled roots only', async () => {
    expect(rows(await run('conductor', { ca: [] })).tls![1]).toMatch(/^chain not trusted \(/);
  });

  it('with tls.acme staging, a chain that verifies to the staging root passes as untrusted by design', async () => {
    const [status, detail] = rows(await run('staging', {}, { staging: true })).tls!;
    expect(status).toBe('pass');
    expect(detail).toMatch(/issuer "\(STAGING\) Ersatz Test E1", Let's Encrypt staging \(verifies to "\(STAGING\) Pretend Test Root"\), untrusted by design \(tls\.acme: staging\)/);
  });

  it('with tls.acme production, the staging chain fails: not reissued yet', async () => {
    expect(rows(await run('staging')).tls).toEqual(['fail', 'still a Let\'s Encrypt staging certificate (verifies to "(STAGING) Pretend Test Root") but tls.acme is production (cert-manager has not reissued); issuer "(STAGING) Ersatz Test E1"']);
  });

  it('with tls.acme production, a staging chain fails even when --ca trusts the staging root', async () => {
    const report = await run('staging', { ca: [testCa.cert, stagingRoot.cert] });
    expect(rows(report).tls![1]).toMatch(/^still a Let's Encrypt staging certificate \(verifies to "\(STAGING\) Pretend Test Root"\) but tls\.acme is production/);
    const staging = await run('staging', { ca: [testCa.cert, stagingRoot.cert] }, { staging: true });
    expect(rows(staging).tls![1]).toMatch(/, Let's Encrypt staging \(verifies to "\(STAGING\) Pretend Test Root"\), trusted through --ca \(tls\.acme: staging\)/);
  });

  it('staging is recognised by the chain, not the name: with the real pinned roots the test chain is just untrusted', async () => {
    const report = await run('staging', {}, { staging: true, pinnedStagingRoots: true });
    expect(rows(report).tls).toEqual(['fail', 'chain not trusted (UNABLE_TO_GET_ISSUER_CERT_LOCALLY); issuer "(STAGING) Ersatz Test E1"; --ca FILE adds a trusted root']);
  });

  it('a self-signed certificate named like the staging root fails while tls.acme is staging', async () => {
    for (const pinnedStagingRoots of [false, true]) {
      const report = await run('staging-self-signed', {}, { staging: true, pinnedStagingRoots });
      expect(rows(report).tls).toEqual(['fail', 'chain not trusted (DEPTH_ZERO_SELF_SIGNED_CERT); issuer "(STAGING) Pretend Pear X1"; --ca FILE adds a trusted root']);
      expect(exitCode(report)).toBe(1);
    }
  });

  it('a chain of the real staging names, served with its own root, fails while tls.acme is staging', async () => {
    const report = await run('staging-impostor', {}, { staging: true, pinnedStagingRoots: true });
    expect(rows(report).tls).toEqual(['fail', 'chain not trusted (SELF_SIGNED_CERT_IN_CHAIN); issuer "(STAGING) Counterfeit Cashew R10"; --ca FILE adds a trusted root']);
  });

  it('with tls.acme staging, an untrusted chain that is not staging still fails', async () => {
    expect(rows(await run('untrusted', {}, { staging: true })).tls![0]).toBe('fail');
  });
});

describe('HTTPS and the allowlist', () => {
  it('2xx from something other than the placeholder fails: misrouted', async () => {
    expect(rows(await run('wrong-backend')).https).toEqual(['fail', `GET / -> 200 but the body is not the placeholder's text "${PLACEHOLDER_TEXT}": "default backend - 404"`]);
  });

  it('403 for a client the allowlist lists fails both rows', async () => {
    const report = await run('denied', { clientIp: LOOPBACK });
    expect(rows(report).allowlist).toEqual(['fail', `client ${LOOPBACK} is in 127.0.0.0/8 but GET / -> 403 (is the client address preserved up to Envoy?)`]);
    expect(rows(report).https).toEqual(['fail', 'GET / -> 403 ("RBAC: access denied"); expected 2xx from the backend']);
  });

  it('403 for a client outside allowCidrs passes; the backend is then out of reach (skip)', async () => {
    const report = await run('private', { clientIp: '198.51.100.7' });
    expect(rows(report).allowlist).toEqual(['pass', 'client 198.51.100.7 is outside 203.0.113.0/24, 2001:db8::/32: GET / -> 403']);
    expect(rows(report).https![0]).toBe('skip');
    expect(exitCode(report)).toBe(3);
  });

  it('2xx for a client outside allowCidrs fails: the allowlist is not enforced', async () => {
    // The mcp site answers 200 to anyone: as if the SecurityPolicy were missing.
    const report = await run('mcp', { clientIp: '198.51.100.7' });
    expect(rows(report).allowlist).toEqual(['fail', 'client 198.51.100.7 is outside 127.0.0.0/8 but GET / -> 200: the allowlist is not enforced']);
  });

  it('an IPv4-mapped IPv6 client address is matched as IPv4', async () => {
    expect(rows(await run('mcp', { clientIp: '::ffff:127.0.0.1' })).allowlist![0]).toBe('pass');
  });

  it('without --client-ip the membership is skipped, but the answer must still be 403 or 2xx', async () => {
    const denied = await run('private');
    expect(rows(denied).allowlist).toEqual(['skip', 'client public address unknown, pass --client-ip (GET / -> 403)']);
    expect(rows(denied).https![0]).toBe('skip');
    const allowed = await run('mcp');
    expect(rows(allowed).allowlist![0]).toBe('skip');
    expect(rows(allowed).https![0]).toBe('pass');
  });

  it('an endpoint without allowCidrs has no allowlist row', async () => {
    expect(rows(await run('conductor'))).not.toHaveProperty('allowlist');
  });
});

describe('timeouts and hostile answers', () => {
  // The rows name the 0.3 s asked for (not the 5 s default); how long it took depends on the machine.
  // The address is given (--resolve), so nothing has to answer within that time, however busy the machine.
  it('a server that never answers fails each check after the timeout asked for', async () => {
    const report = await run('slow', { timeoutMs: 300, resolve: new Map([[host('slow'), LOOPBACK]]) });
    expect(statuses(report)).toEqual({ dns: 'skip', address: 'pass', redirect: 'fail', tls: 'fail', https: 'fail' });
    const r = rows(report);
    expect(r.redirect![1]).toBe(`http://${host('slow')}/some/path?q=1: no answer within 0.3 s from ${LOOPBACK}:${world.edge.httpPort}`);
    expect(r.tls![1]).toBe(`handshake for ${host('slow')} failed: no answer within 0.3 s from ${LOOPBACK}:${world.edge.httpsPort}`);
    expect(r.https![1]).toBe(`GET /: no answer within 0.3 s from ${LOOPBACK}:${world.edge.httpsPort}`);
  });

  it('a DNS server that never answers fails DNS after the timeout', async () => {
    const report = await silentDns();
    expect(rows(report).dns).toEqual(['fail', `A lookup failed: no answer within 0.3 s from ${world.dns.server}`]);
  });

  it('a closed port is reported as refused', async () => {
    const report = await run('conductor', { httpPort: 1 });
    expect(rows(report).redirect).toEqual(['fail', `http://${host('conductor')}/some/path?q=1: connection refused by ${LOOPBACK}:1`]);
  });

  it('control characters from the network are escaped in the table and the JSON', async () => {
    const report = await run('hostile');
    const table = renderTable(report);
    const json = renderJson(report);
    for (const text of [table, JSON.parse(json).endpoints[0].checks[4].detail as string]) {
      // eslint-disable-next-line no-control-regex
      expect(text).not.toMatch(/[\u001b\u202e\r]/);
    }
    expect(table).toContain('GET / -> 502 ("\\u001b[2J\\u001b[31mgone\\u202eevil\\u000d\\u000ax"); expected 2xx from the backend');
  });
});

describe('--wait', () => {
  it('retries with a progress line until the checks pass', async () => {
    resetFlaky(2);
    const progress: string[] = [];
    const report = await runUntilPassing(() => run('flaky'), { waitMs: 5000, intervalMs: 20, progress: (l) => progress.push(l) });
    expect(exitCode(report)).toBe(0);
    expect(progress).toHaveLength(2);
    expect(progress[0]).toMatch(new RegExp(`^waiting \\(try 1\\): 4 passed, 1 failing \\(${host('flaky')} redirect\\); next try in 0\\.02 s, [\\d.]+ s left$`));
  });

  it('gives up when the time is up and returns the last report', async () => {
    // A clock that moves 300 ms per run: tries end at 300, 600, 900 and 1200 ms of a 1000 ms wait.
    let now = 0;
    const progress: string[] = [];
    const report = await runUntilPassing(async () => { now += 300; return run('no-redirect'); }, {
      waitMs: 1000, intervalMs: 1, progress: (l) => progress.push(l), clock: () => now,
    });
    expect(exitCode(report)).toBe(1);
    expect(progress.map((l) => l.replace(/^waiting \(try (\d)\).*(next try in .*)$/, '$1: $2'))).toEqual([
      '1: next try in 0.001 s, 0.7 s left', '2: next try in 0.001 s, 0.4 s left', '3: next try in 0.001 s, 0.1 s left',
    ]);
  });

  it('does not wait for skips: time does not change what this client cannot know', async () => {
    const progress: string[] = [];
    const report = await runUntilPassing(() => run('private'), { waitMs: 5000, intervalMs: 20, progress: (l) => progress.push(l) });
    expect(exitCode(report)).toBe(3);
    expect(progress).toEqual([]);
  });
});
