import { parseVerifyArgs } from '../../src/verify/args';
import { UsageError } from '../../src/verify/usage-error';

const error = (argv: string[]) => {
  try {
    parseVerifyArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
};

describe('verify command line', () => {
  it('defaults: every endpoint, env default, 5 s timeouts, ports 80/443, no waiting', () => {
    expect(parseVerifyArgs([])).toEqual({
      help: false, environment: 'default', endpoints: [], json: false, waitMs: 0, intervalMs: 5000,
      address: undefined, clientIp: undefined, resolve: new Map(), dnsServers: [], caFiles: [],
      httpPort: 80, httpsPort: 443, timeoutMs: 5000, warnDays: 14,
    });
  });

  it('reads every option, repeatable ones included', () => {
    const args = parseVerifyArgs([
      '--env', 'prod', '--endpoint', 'a.wti.net', '--endpoint=mcp', '--json', '--wait', '300', '--interval', '2.5',
      '--address', '203.0.113.10', '--client-ip', '2001:db8::7', '--resolve', 'A.wti.net:203.0.113.10', '--resolve', 'b.wti.net:2001:db8::1',
      '--dns-server', '8.8.8.8', '--dns-server', '127.0.0.1:5353', '--dns-server', '[::1]:53', '--ca', 'ca.pem',
      '--http-port', '8080', '--https-port', '8443', '--timeout', '0.5', '--warn-days', '30',
    ]);
    expect(args).toMatchObject({
      environment: 'prod', endpoints: ['a.wti.net', 'mcp'], json: true, waitMs: 300_000, intervalMs: 2500,
      address: '203.0.113.10', clientIp: '2001:db8::7', dnsServers: ['8.8.8.8', '127.0.0.1:5353', '[::1]:53'], caFiles: ['ca.pem'],
      httpPort: 8080, httpsPort: 8443, timeoutMs: 500, warnDays: 30,
    });
    expect([...args.resolve]).toEqual([['a.wti.net', '203.0.113.10'], ['b.wti.net', '2001:db8::1']]);
  });

  it.each([
    [['--bogus'], 'unknown option --bogus (npm run verify -- --help lists the options)'],
    [['conductor.wti.net'], 'unexpected argument "conductor.wti.net": every value follows its option, e.g. --endpoint HOST (npm run verify -- --help lists the options)'],
    [['--wait'], '--wait argument missing (npm run verify -- --help lists the options)'],
    [['--json=yes'], "--json does not take an argument (npm run verify -- --help lists the options)"],
    [['--wait', 'soon'], '--wait: "soon" is not allowed; allowed: seconds from 0 to 86400, e.g. 300'],
    [['--wait', '-1'], '--wait needs a value; one starting with "-" is written --wait=VALUE (npm run verify -- --help lists the options)'],
    [['--wait=-1'], '--wait: "-1" is not allowed; allowed: seconds from 0 to 86400, e.g. 300'],
    [['--timeout', '0'], '--timeout: "0" is not allowed; allowed: seconds from 0.01 to 300, e.g. 5'],
    [['--https-port', '70000'], '--https-port: "70000" is not allowed; allowed: a whole number from 1 to 65535'],
    [['--address', '2001:db8::1'], '--address: "2001:db8::1" is not allowed; allowed: an IPv4 address, e.g. 203.0.113.10'],
    [['--client-ip', 'me'], '--client-ip: "me" is not allowed; allowed: an IPv4 or IPv6 address, e.g. 198.51.100.7'],
    [['--resolve', 'conductor.wti.net'], '--resolve: "conductor.wti.net" is not allowed; allowed: HOST:IP, e.g. conductor.wti.net:203.0.113.10'],
    [['--resolve', 'a.wti.net:443:203.0.113.1'], '--resolve: "a.wti.net:443:203.0.113.1" is not allowed; allowed: HOST:IP, e.g. conductor.wti.net:203.0.113.10'],
    [['--resolve', 'a.wti.net:1.2.3.4', '--resolve', 'a.wti.net:1.2.3.5'], '--resolve: a.wti.net is given twice with different addresses'],
    [['--dns-server', 'dns.google'], '--dns-server: "dns.google" is not allowed; allowed: IP or IP:PORT, e.g. 8.8.8.8 or 127.0.0.1:5353'],
    [['--dns-server', '127.0.0.1:99999'], '--dns-server: "127.0.0.1:99999" is not allowed; allowed: IP or IP:PORT, e.g. 8.8.8.8 or 127.0.0.1:5353'],
  ])('%j: %s', (argv, message) => {
    expect(error(argv)).toBe(message);
  });

  it('escapes control characters it echoes back', () => {
    const message = error(['--wait', '\u001b[2J9']);
    expect(message).toBe('--wait: "\\u001b[2J9" is not allowed; allowed: seconds from 0 to 86400, e.g. 300');
    expect(error(['--address', '1.2.3.4\u202e'])).not.toMatch(/[\u202e]/);
  });
});
