import { excerpt } from '../cli/escape';
import { httpGet, type HttpAnswer } from './http-get';
import { describeNetworkError } from './network-error';
import type { CheckResult } from './types';

/** The answer to GET https://HOST/, shared by the https and allowlist rows. */
export type RootOutcome = { readonly answer: HttpAnswer } | { readonly error: string };

export interface HttpsTarget {
  readonly hostname: string;
  readonly address: string;
  readonly port: number;
  readonly timeoutMs: number;
}

export async function getRoot(target: HttpsTarget): Promise<RootOutcome> {
  try {
    return { answer: await httpGet({ scheme: 'https', address: target.address, port: target.port, hostname: target.hostname, path: '/', timeoutMs: target.timeoutMs }) };
  } catch (error) {
    return { error: describeNetworkError(error, `${target.address}:${target.port}`) };
  }
}

/** What this client may expect from GET /, decided by the endpoint's allowlist and the client's address. */
export type Access = 'open' | 'listed' | 'not-listed' | 'unknown';

export const isSuccess = (status: number) => status >= 200 && status < 300;

/**
 * The https row: GET / answers 2xx from the backend; for the placeholder backend its configured
 * text must be in the body (another service answering would be a misrouting).
 */
export function httpsCheck(outcome: RootOutcome, access: Access, placeholderText: string | undefined): CheckResult {
  if ('error' in outcome) return { check: 'https', status: 'fail', detail: `GET /: ${outcome.error}` };
  const { status, body } = outcome.answer;
  if (access === 'not-listed') {
    return { check: 'https', status: 'skip', detail: `the backend is not reachable from this client (outside allowCidrs, GET / -> ${status}); the allowlist row judges the answer` };
  }
  if (access === 'unknown' && status === 403) {
    return { check: 'https', status: 'skip', detail: 'GET / -> 403: the allowlist denies this client; pass --client-ip to know whether it should' };
  }
  if (!isSuccess(status)) return { check: 'https', status: 'fail', detail: `GET / -> ${status} (${quote(body)}); expected 2xx from the backend` };
  if (placeholderText !== undefined && !body.includes(placeholderText)) {
    return { check: 'https', status: 'fail', detail: `GET / -> ${status} but the body is not the placeholder's text ${JSON.stringify(placeholderText)}: ${quote(body)}` };
  }
  return { check: 'https', status: 'pass', detail: `GET / -> ${status}${placeholderText !== undefined ? ', placeholder text' : ''} (${quote(body)})` };
}

function quote(body: string): string {
  return body.trim() === '' ? 'empty body' : `"${excerpt(body.trim(), 60)}"`;
}
