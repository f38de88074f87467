import { X509Certificate } from 'node:crypto';
import * as tls from 'node:tls';
import { escapeText } from '../cli/escape';
import { describeNetworkError, withDeadline } from './network-error';
import { countOf } from './plural';
import type { CheckResult } from './types';

export interface TlsTarget {
  readonly hostname: string;
  readonly address: string;
  readonly port: number;
  /** Extra trusted roots (PEM), on top of Node's bundled Mozilla roots. */
  readonly ca: readonly string[];
  /** The configured ACME server: with staging, a Let's Encrypt staging chain is expected (and untrusted). */
  readonly acme: 'staging' | 'production';
  /** The Let's Encrypt staging roots (PEM): a chain that verifies to one of them is a staging certificate. */
  readonly stagingRoots: readonly string[];
  readonly warnDays: number;
  readonly timeoutMs: number;
  readonly now: Date;
}

/**
 * Node's bundled roots plus the --ca ones, parsed once per set (a context per connection would
 * parse some 140 certificates each time).
 */
const trustStores = new Map<string, tls.SecureContext>();
function trustStore(extra: readonly string[]): tls.SecureContext {
  const key = extra.join('\n');
  let context = trustStores.get(key);
  if (!context) {
    context = tls.createSecureContext({ ca: [...tls.rootCertificates, ...extra] });
    trustStores.set(key, context);
  }
  return context;
}

/** What the handshake showed. */
interface Handshake {
  readonly authorized: boolean;
  readonly authorizationError?: string;
  readonly cert: tls.DetailedPeerCertificate;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The tls row: SNI handshake, the certificate covers the hostname, is current, and chains to a trusted root. */
export async function tlsCheck(target: TlsTarget): Promise<CheckResult> {
  const where = `${target.address}:${target.port}`;
  let handshake: Handshake;
  try {
    handshake = await connect(target);
  } catch (error) {
    return { check: 'tls', status: 'fail', detail: `handshake for ${target.hostname} failed: ${describeNetworkError(error, where)}` };
  }
  return judge(handshake, target);
}

function connect(target: TlsTarget): Promise<Handshake> {
  return withDeadline(target.timeoutMs, (onTimeout) => new Promise<Handshake>((resolve, reject) => {
    const socket = tls.connect({
      host: target.address,
      port: target.port,
      servername: target.hostname,
      secureContext: trustStore(target.ca),
      // Judged below, so the report can say *what* is wrong instead of one error.
      rejectUnauthorized: false,
    });
    onTimeout(() => socket.destroy());
    socket.once('secureConnect', () => {
      try {
        // Node types it as Error; at run time it is the OpenSSL code (a string) or null when trusted.
        const reason = socket.authorizationError as unknown;
        resolve({
          authorized: socket.authorized,
          authorizationError: reason instanceof Error ? reason.message : reason ? String(reason) : undefined,
          cert: socket.getPeerCertificate(true),
        });
      } catch (error) {
        reject(error);
      } finally {
        socket.destroy();
      }
    });
    socket.once('error', reject);
  }));
}

function judge({ authorized, authorizationError, cert }: Handshake, target: TlsTarget): CheckResult {
  if (!cert || Object.keys(cert).length === 0) return { check: 'tls', status: 'fail', detail: 'the server sent no certificate' };
  const issuer = `issuer ${JSON.stringify(escapeText(nameOf(cert.issuer)))}`;
  const notAfter = new Date(cert.valid_to);
  const notBefore = new Date(cert.valid_from);
  const fail = (detail: string): CheckResult => ({ check: 'tls', status: 'fail', detail });

  const mismatch = tls.checkServerIdentity(target.hostname, cert);
  if (mismatch) return fail(`certificate for ${escapeText(coveredNames(cert))} does not cover ${target.hostname}; ${issuer}`);
  if (target.now > notAfter) {
    const ago = Math.floor((target.now.getTime() - notAfter.getTime()) / DAY_MS);
    return fail(`certificate expired on ${isoDate(notAfter)} (${ago === 0 ? 'less than a day' : countOf(ago, 'day')} ago); ${issuer}`);
  }
  if (target.now < notBefore) return fail(`certificate not valid before ${isoDate(notBefore)}; ${issuer}`);

  // Judged even when trusted: --ca may hold a staging root, and staging must still fail in production.
  const stagingRoot = stagingRootOf(presentedChain(cert), target.stagingRoots.map((pem) => new X509Certificate(pem)), target.now);
  let trust: string;
  if (stagingRoot && target.acme === 'staging') {
    const how = authorized ? 'trusted through --ca' : 'untrusted by design';
    trust = `Let's Encrypt staging (verifies to ${JSON.stringify(commonName(stagingRoot))}), ${how} (tls.acme: staging)`;
  } else if (stagingRoot) {
    return fail(`still a Let's Encrypt staging certificate (verifies to ${JSON.stringify(commonName(stagingRoot))}) but tls.acme is production (cert-manager has not reissued); ${issuer}`);
  } else if (authorized) {
    trust = 'trusted';
  } else {
    const code = escapeText(authorizationError ?? 'unknown reason');
    return fail(`chain not trusted (${code}); ${issuer}; --ca FILE adds a trusted root`);
  }
  const days = Math.floor((notAfter.getTime() - target.now.getTime()) / DAY_MS);
  const expiry = `expires ${isoDate(notAfter)} (${countOf(days, 'day')})`;
  const warning = days < target.warnDays ? `; WARNING: fewer than ${countOf(target.warnDays, 'day')} left, renewal is overdue` : '';
  return { check: 'tls', status: 'pass', detail: `covers ${target.hostname}, ${issuer}, ${trust}, ${expiry}${warning}` };
}

/** The certificates the server sent, leaf first, as Node linked them (each once). */
function presentedChain(leaf: tls.DetailedPeerCertificate): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<tls.DetailedPeerCertificate>();
  for (let c: tls.DetailedPeerCertificate | undefined = leaf; c?.raw && !seen.has(c); c = c.issuerCertificate) {
    seen.add(c);
    chain.push(new X509Certificate(c.raw));
  }
  return chain;
}

/**
 * The root among `roots` that `chain` (leaf first) verifies to: each certificate current and signed
 * by a current CA from the chain, until one is signed by a root. Names prove nothing: anyone can
 * call a certificate "(STAGING) Pretend Pear X1"; only the root's key makes the signature.
 */
export function stagingRootOf(chain: readonly X509Certificate[], roots: readonly X509Certificate[], now: Date): X509Certificate | undefined {
  const current = (c: X509Certificate) => now >= new Date(c.validFrom) && now <= new Date(c.validTo);
  let cert: X509Certificate | undefined = chain[0];
  for (let depth = 0; cert && depth < chain.length; depth++) {
    const subject: X509Certificate = cert;
    if (!current(subject)) return undefined;
    const signed = (issuer: X509Certificate) => issuer.ca && current(issuer) && subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
    const root = roots.find(signed);
    if (root) return root;
    cert = chain.find((c) => c !== subject && signed(c));
  }
  return undefined;
}

function commonName(cert: X509Certificate): string {
  return /^CN=(.*)$/m.exec(cert.subject)?.[1] ?? cert.subject;
}

function nameOf(name: tls.Certificate | undefined): string {
  const part = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join('+') : v);
  return part(name?.CN) ?? part(name?.O) ?? 'unnamed';
}

function coveredNames(cert: tls.PeerCertificate): string {
  const sans = (cert.subjectaltname ?? '').split(', ').filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4));
  if (sans.length === 0) return nameOf(cert.subject);
  return sans.length > 3 ? `${sans.slice(0, 3).join(', ')} and ${sans.length - 3} more` : sans.join(', ');
}

function isoDate(date: Date): string {
  return Number.isNaN(date.getTime()) ? 'an unreadable date' : date.toISOString().slice(0, 10);
}
