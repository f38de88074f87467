import * as ipaddr from 'ipaddr.js';
import { parseCidr } from '../config/cidr';
import { isSuccess, type Access, type RootOutcome } from './https-check';
import type { CheckResult } from './types';

/** Whether the client may pass the endpoint's allowlist, and the block that lets it in. */
export function accessOf(allowCidrs: readonly string[] | undefined, clientIp: string | undefined): { access: Access; block?: string } {
  if (!allowCidrs) return { access: 'open' };
  if (clientIp === undefined) return { access: 'unknown' };
  const client = ipaddr.process(clientIp); // ::ffff:a.b.c.d counts as the IPv4 address
  const block = allowCidrs.find((text) => {
    const cidr = parseCidr(text);
    return cidr !== undefined && cidr.address.kind() === client.kind() && client.match(cidr.address, cidr.prefix);
  });
  return { access: block ? 'listed' : 'not-listed', block };
}

/**
 * The allowlist row (endpoints with allowCidrs): a listed client gets 2xx, any other 403. Without
 * the client's public address only "403 or 2xx" can be seen, not which one is right: a skip.
 */
export function allowlistCheck(outcome: RootOutcome, allowCidrs: readonly string[], clientIp: string | undefined): CheckResult {
  const { access, block } = accessOf(allowCidrs, clientIp);
  if ('error' in outcome) return { check: 'allowlist', status: 'fail', detail: `GET /: ${outcome.error}` };
  const { status } = outcome.answer;
  const allowed = isSuccess(status);
  if (!allowed && status !== 403) {
    return { check: 'allowlist', status: 'fail', detail: `GET / -> ${status}; expected 403 (client not listed) or 2xx (listed)` };
  }
  switch (access) {
    case 'listed':
      return allowed
        ? { check: 'allowlist', status: 'pass', detail: `client ${clientIp} is in ${block}: GET / -> ${status}` }
        : { check: 'allowlist', status: 'fail', detail: `client ${clientIp} is in ${block} but GET / -> 403 (is the client address preserved up to Envoy?)` };
    case 'not-listed':
      return allowed
        ? { check: 'allowlist', status: 'fail', detail: `client ${clientIp} is outside ${allowCidrs.join(', ')} but GET / -> ${status}: the allowlist is not enforced` }
        : { check: 'allowlist', status: 'pass', detail: `client ${clientIp} is outside ${allowCidrs.join(', ')}: GET / -> 403` };
    default:
      return { check: 'allowlist', status: 'skip', detail: `client public address unknown, pass --client-ip (GET / -> ${status})` };
  }
}
