import { excerpt } from '../cli/escape';
import { httpGet } from './http-get';
import { describeNetworkError } from './network-error';
import type { CheckResult } from './types';

/** Path and query sent over plain HTTP: the redirect must keep both. */
const REDIRECT_PROBE = '/some/path?q=1';

export interface RedirectTarget {
  readonly hostname: string;
  readonly address: string;
  readonly httpPort: number;
  readonly httpsPort: number;
  readonly timeoutMs: number;
}

/** The redirect row: plain HTTP answers 301 to the same host, path and query over HTTPS. */
export async function redirectCheck(target: RedirectTarget): Promise<CheckResult> {
  const where = `${target.address}:${target.httpPort}`;
  const asked = `http://${target.hostname}${REDIRECT_PROBE}`;
  let answer;
  try {
    answer = await httpGet({ scheme: 'http', address: target.address, port: target.httpPort, hostname: target.hostname, path: REDIRECT_PROBE, timeoutMs: target.timeoutMs });
  } catch (error) {
    return { check: 'redirect', status: 'fail', detail: `${asked}: ${describeNetworkError(error, where)}` };
  }
  const expected = `https://${target.hostname}${REDIRECT_PROBE}`;
  const location = answer.location === undefined ? 'no Location' : excerpt(answer.location, 120);
  if (answer.status !== 301) {
    return { check: 'redirect', status: 'fail', detail: `${asked} answered ${answer.status} (${location}); expected 301 to ${expected}` };
  }
  if (!sameTarget(answer.location, target)) {
    return { check: 'redirect', status: 'fail', detail: `${asked} redirects to ${location}; expected ${expected}` };
  }
  return { check: 'redirect', status: 'pass', detail: `${asked} -> 301 ${location}` };
}

/** Location is https://HOST/some/path?q=1 (the HTTPS port implied, or the one being tested). */
function sameTarget(location: string | undefined, target: RedirectTarget): boolean {
  let url: URL;
  try {
    url = new URL(location ?? '');
  } catch {
    return false;
  }
  const portOk = url.port === '' || url.port === String(target.httpsPort);
  return url.protocol === 'https:' && url.hostname === target.hostname && portOk
    && `${url.pathname}${url.search}` === REDIRECT_PROBE && url.username === '' && url.password === '' && url.hash === '';
}
