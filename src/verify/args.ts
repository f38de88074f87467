import { isIP, isIPv4 } from 'node:net';
import { parseArgs } from 'node:util';
import { DEFAULT_ENVIRONMENT } from '../config/environment-names';
import { UsageError } from './usage-error';
import type { VerifyOptions } from './types';

export const USAGE = `usage: npm run verify -- [--env NAME] [--endpoint HOST]... [--json] [--wait SECONDS]
  --env NAME           environment: default (config/default.yaml or INFRA_CONFIG) or config/environments/NAME.yaml
  --endpoint HOST      check only this endpoint (hostname or name); repeatable; default: every endpoint
  --json               machine-readable report on stdout
  --wait SECONDS       retry until no check fails or the time is up (progress on stderr)
  --interval SECONDS   pause between retries (default 5)
  --address IP         the reserved gateway address (default: gateway.address.ip, else local platform state)
  --client-ip IP       this client's public address, for endpoints with allowCidrs
  --resolve HOST:IP    connect to IP for HOST without DNS, as curl does; repeatable
  --dns-server IP[:PORT]  query this DNS server instead of the system's; repeatable
  --ca FILE            also trust the root certificates in this PEM file; repeatable
  --http-port N        plain HTTP port (default 80)
  --https-port N       HTTPS port (default 443)
  --timeout SECONDS    per DNS query, connection and request (default 5)
  --warn-days N        warn when the certificate expires within N days (default 14)
exit: 0 every check passed, 1 a check failed, 2 usage or configuration error, 3 nothing failed but checks were skipped`;

const OPTIONS = {
  env: { type: 'string' },
  endpoint: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  wait: { type: 'string' },
  interval: { type: 'string' },
  address: { type: 'string' },
  'client-ip': { type: 'string' },
  resolve: { type: 'string', multiple: true },
  'dns-server': { type: 'string', multiple: true },
  ca: { type: 'string', multiple: true },
  'http-port': { type: 'string' },
  'https-port': { type: 'string' },
  timeout: { type: 'string' },
  'warn-days': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * The command line, checked for form; names (endpoints, --resolve hosts) are checked against the
 * config by the caller, and the --ca files read into VerifyOptions.ca.
 */
export interface VerifyArgs extends Omit<VerifyOptions, 'ca'> {
  readonly help: boolean;
  readonly environment: string;
  readonly json: boolean;
  readonly waitMs: number;
  readonly intervalMs: number;
  readonly caFiles: readonly string[];
}

export function parseVerifyArgs(argv: readonly string[]): VerifyArgs {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError(`${describeParseError(error as NodeJS.ErrnoException & Error)} (npm run verify -- --help lists the options)`);
  }
  return {
    help: values.help ?? false,
    environment: values.env ?? DEFAULT_ENVIRONMENT,
    endpoints: values.endpoint ?? [],
    json: values.json ?? false,
    waitMs: seconds('--wait', values.wait, 0, { min: 0, max: 86_400 }),
    intervalMs: seconds('--interval', values.interval, 5, { min: 0.01, max: 3_600 }),
    address: ip('--address', values.address, 'an IPv4 address, e.g. 203.0.113.10', isIPv4),
    clientIp: ip('--client-ip', values['client-ip'], 'an IPv4 or IPv6 address, e.g. 198.51.100.7', (v) => isIP(v) !== 0),
    resolve: resolveMap(values.resolve ?? []),
    dnsServers: (values['dns-server'] ?? []).map(dnsServer),
    caFiles: values.ca ?? [],
    httpPort: integer('--http-port', values['http-port'], 80, 1, 65_535),
    httpsPort: integer('--https-port', values['https-port'], 443, 1, 65_535),
    timeoutMs: seconds('--timeout', values.timeout, 5, { min: 0.01, max: 300 }),
    warnDays: integer('--warn-days', values['warn-days'], 14, 0, 3_650),
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false });
}

function describeParseError(error: NodeJS.ErrnoException & Error): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${JSON.stringify(quoted)}: every value follows its option, e.g. --endpoint HOST`;
    default:
      if (/ambiguous/.test(error.message)) return `${quoted} needs a value; one starting with "-" is written ${quoted}=VALUE`;
      return error.message.split('\n')[0].replace(/^Option '([^' ]*)[^']*'/, '$1');
  }
}

function seconds(flag: string, text: string | undefined, fallback: number, range: { min: number; max: number }): number {
  if (text === undefined) return fallback * 1000;
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(value >= range.min && value <= range.max)) {
    throw new UsageError(`${flag}: ${JSON.stringify(text)} is not allowed; allowed: seconds from ${range.min} to ${range.max}, e.g. ${flag === '--wait' ? 300 : 5}`);
  }
  return Math.round(value * 1000);
}

function integer(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) throw new UsageError(`${flag}: ${JSON.stringify(text)} is not allowed; allowed: a whole number from ${min} to ${max}`);
  return value;
}

function ip(flag: string, text: string | undefined, allowed: string, valid: (v: string) => boolean): string | undefined {
  if (text === undefined) return undefined;
  if (!valid(text)) throw new UsageError(`${flag}: ${JSON.stringify(text)} is not allowed; allowed: ${allowed}`);
  return text;
}

function resolveMap(entries: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of entries) {
    const at = entry.indexOf(':');
    const [host, address] = at < 0 ? [entry, ''] : [entry.slice(0, at).toLowerCase(), entry.slice(at + 1)];
    if (host === '' || isIP(address) === 0) {
      throw new UsageError(`--resolve: ${JSON.stringify(entry)} is not allowed; allowed: HOST:IP, e.g. conductor.wti.net:203.0.113.10`);
    }
    if (map.has(host) && map.get(host) !== address) throw new UsageError(`--resolve: ${host} is given twice with different addresses`);
    map.set(host, address);
  }
  return map;
}

/** IP or IP:PORT (IPv6 with a port as [IP]:PORT), the forms dns.setServers accepts. */
function dnsServer(text: string): string {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+))(?::(\d{1,5}))?$/.exec(text);
  const host = match?.[1] ?? match?.[2];
  const port = match?.[3] === undefined ? undefined : Number(match[3]);
  const plainV6 = isIP(text) === 6;
  if (!plainV6 && (host === undefined || isIP(host) === 0 || (port !== undefined && (port < 1 || port > 65_535)))) {
    throw new UsageError(`--dns-server: ${JSON.stringify(text)} is not allowed; allowed: IP or IP:PORT, e.g. 8.8.8.8 or 127.0.0.1:5353`);
  }
  return text;
}
