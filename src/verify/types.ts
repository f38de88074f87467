/** The checks, in the order they are reported for each endpoint. */
export type CheckName = 'dns' | 'address' | 'redirect' | 'tls' | 'https' | 'allowlist';

/**
 * pass: proven. fail: disproven. skip: could not be judged from here (the reason says what is
 * missing); a skip is not a pass, so a run with skips does not exit 0.
 */
export type Status = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  readonly check: CheckName;
  readonly status: Status;
  /** One line: what was seen, and for a fail or skip, why and what to do. */
  readonly detail: string;
}

export interface EndpointReport {
  readonly hostname: string;
  readonly checks: readonly CheckResult[];
}

export interface Report {
  readonly environment: string;
  readonly endpoints: readonly EndpointReport[];
}

/** What the command line (or a test) decides; every field has a default in args.ts. */
export interface VerifyOptions {
  /** Hostnames to check; empty: every configured endpoint. */
  readonly endpoints: readonly string[];
  /** The reserved gateway address given with --address (overrides config and state). */
  readonly address?: string;
  /** This client's public address, for the allowlist membership. */
  readonly clientIp?: string;
  /** HOST -> IP: connect there without DNS, as curl --resolve does. */
  readonly resolve: ReadonlyMap<string, string>;
  /** DNS servers (IP or IP:PORT); empty: the system's resolvers. */
  readonly dnsServers: readonly string[];
  /** Extra trusted root certificates (PEM), added to Node's bundled roots. */
  readonly ca: readonly string[];
  readonly httpPort: number;
  readonly httpsPort: number;
  /** Per network operation (DNS query, connection, request). */
  readonly timeoutMs: number;
  /** A certificate expiring within this many days passes with a warning. */
  readonly warnDays: number;
}
