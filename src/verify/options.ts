import { endpointName } from '../config/hostname';
import type { Config } from '../config/schema';
import type { VerifyArgs } from './args';
import { UsageError } from './usage-error';
import type { VerifyOptions } from './types';

/** Checks the command line's names against the config and gives the options the runner takes. */
export function verifyOptions(config: Config, args: VerifyArgs, ca: readonly string[]): VerifyOptions {
  const known = config.endpoints.map((e) => `${e.hostname} (${endpointName(e)})`).join(', ');
  const endpoints = args.endpoints.map((wanted) => {
    const lower = wanted.toLowerCase();
    const match = config.endpoints.find((e) => e.hostname === lower || endpointName(e) === lower);
    if (!match) throw new UsageError(`--endpoint: ${JSON.stringify(wanted)} is not a configured endpoint; configured: ${known}`);
    return match.hostname;
  });
  for (const host of args.resolve.keys()) {
    if (!config.endpoints.some((e) => e.hostname === host)) {
      throw new UsageError(`--resolve: ${JSON.stringify(host)} is not a configured endpoint hostname; configured: ${known}`);
    }
  }
  return {
    endpoints: [...new Set(endpoints)],
    address: args.address,
    clientIp: args.clientIp,
    resolve: args.resolve,
    dnsServers: args.dnsServers,
    ca,
    httpPort: args.httpPort,
    httpsPort: args.httpsPort,
    timeoutMs: args.timeoutMs,
    warnDays: args.warnDays,
  };
}
