import { escapeText } from '../cli/escape';

/** Raised by our own deadlines, so a timeout reads the same for DNS, TCP, TLS and HTTP. */
class TimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${formatSeconds(timeoutMs)}`);
    this.name = 'TimeoutError';
  }
}

export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

const CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  ETIMEDOUT: 'connection timed out',
};

/** One line for a failed network operation against `where` (e.g. 203.0.113.10:443). */
export function describeNetworkError(error: unknown, where: string): string {
  if (error instanceof TimeoutError) return `${error.message} from ${where}`;
  const e = error as NodeJS.ErrnoException;
  const cause = e?.code ? CAUSES[e.code] : undefined;
  if (cause) return `${cause} by ${where}`;
  const message = e instanceof Error ? e.message.split('\n')[0] : String(error);
  return `${escapeText(message)} (${where})`;
}

/**
 * Runs `start` with a deadline: `start` receives an abort callback to clean up (destroy sockets)
 * when the deadline passes first.
 */
export function withDeadline<T>(timeoutMs: number, start: (onTimeout: (cleanup: () => void) => void) => Promise<T>): Promise<T> {
  let cleanup: () => void = () => undefined;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      cleanup();
      reject(new TimeoutError(timeoutMs));
    }, timeoutMs);
  });
  const work = start((c) => { cleanup = c; });
  work.catch(() => undefined); // a failure after the deadline is already reported as the timeout
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
