import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import forge from 'node-forge';

// A throwaway PKI for loopback TLS tests: real X.509 certificates (node-forge builds them, Node's
// native RSA makes the keys fast), nothing from the network, nothing written to the repository.

export interface Issued {
  /** PEM of the certificate. */
  readonly cert: string;
  /** PEM of its private key. */
  readonly key: string;
  readonly subjectCN: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
let serial = 1;

interface KeyPair {
  readonly publicKey: string;
  readonly privateKey: string;
}

/**
 * The test run's RSA keys, in the order they are asked for: each suite that builds this PKI gets the
 * same ones. A 2048-bit key costs over 100 ms to make, most of the PKI's cost; they are kept in the
 * run's temporary folder (test/support/jest/temp-dir-setup.js), removed when the run ends.
 */
const KEYS_FILE = path.join(tmpdir(), 'test-pki-keys.json');
const keys: KeyPair[] = (() => {
  try {
    return JSON.parse(readFileSync(KEYS_FILE, 'utf8')) as KeyPair[];
  } catch {
    return [];
  }
})();
let used = 0;

function keyPair(): KeyPair {
  if (used === keys.length) {
    keys.push(generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    }));
    // Whole or not at all: a suite reading it meanwhile sees the previous list.
    writeFileSync(`${KEYS_FILE}.${process.pid}`, JSON.stringify(keys));
    renameSync(`${KEYS_FILE}.${process.pid}`, KEYS_FILE);
  }
  return keys[used++];
}

// forge reads PKCS#1 or PKCS#8 RSA keys; one leaf key is enough for every test certificate.
const leafKey = keyPair();

interface CertificateSpec {
  readonly subjectCN: string;
  readonly issuer?: Issued;
  readonly isCA: boolean;
  readonly dnsNames?: readonly string[];
  /** Days from now; negative is in the past. */
  readonly validFromDays?: number;
  readonly validToDays?: number;
  readonly organization?: string;
  readonly keys?: KeyPair;
}

function issue(spec: CertificateSpec): Issued {
  const keys = spec.keys ?? leafKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKey);
  // DER integers take no leading zero byte: start with a non-zero, positive first digit.
  cert.serialNumber = (0x10000000 + serial++).toString(16);
  cert.validity.notBefore = new Date(Date.now() + (spec.validFromDays ?? -1) * DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + (spec.validToDays ?? 90) * DAY_MS);
  const subject = [{ name: 'commonName', value: spec.subjectCN }, ...(spec.organization ? [{ name: 'organizationName', value: spec.organization }] : [])];
  cert.setSubject(subject);
  cert.setIssuer(spec.issuer ? forge.pki.certificateFromPem(spec.issuer.cert).subject.attributes : subject);
  cert.setExtensions(spec.isCA
    ? [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }, { name: 'subjectKeyIdentifier' }]
    : [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: (spec.dnsNames ?? [spec.subjectCN]).map((value) => ({ type: 2, value })) },
    ]);
  signNatively(cert, spec.issuer ? spec.issuer.key : keys.privateKey);
  return { cert: forge.pki.certificateToPem(cert), key: keys.privateKey, subjectCN: spec.subjectCN };
}

/**
 * What forge's cert.sign does, with Node's native RSA instead of forge's JavaScript one (about 50
 * times faster, which keeps the test PKI well under a second).
 */
function signNatively(cert: forge.pki.Certificate, privateKeyPem: string): void {
  cert.signatureOid = cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption;
  // getTBSCertificate is public in forge but missing from its type definitions.
  const tbs = (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate(cert);
  (cert as unknown as { tbsCertificate: forge.asn1.Asn1 }).tbsCertificate = tbs;
  const der = Buffer.from(forge.asn1.toDer(tbs).getBytes(), 'binary');
  cert.signature = sign('sha256', der, privateKeyPem).toString('binary');
}

/** A root CA (self-signed). */
export function rootCa(subjectCN: string, organization?: string): Issued {
  return issue({ subjectCN, organization, isCA: true, validFromDays: -30, validToDays: 3650, keys: keyPair() });
}

/** An intermediate CA under `issuer`. */
export function intermediateCa(issuer: Issued, subjectCN: string, organization?: string): Issued {
  return issue({ subjectCN, organization, issuer, isCA: true, validFromDays: -30, validToDays: 1000, keys: keyPair() });
}

/** A server certificate for `dnsNames`, valid from/to the given days relative to now. */
export function serverCert(issuer: Issued, dnsNames: readonly string[], validity: { fromDays?: number; toDays?: number } = {}): Issued {
  return issue({ subjectCN: dnsNames[0], dnsNames, issuer, isCA: false, validFromDays: validity.fromDays, validToDays: validity.toDays });
}

/** A server certificate signed by its own key: its issuer is its own name, whatever that claims. */
export function selfSignedCert(dnsNames: readonly string[], subjectCN: string, organization?: string): Issued {
  return issue({ subjectCN, organization, dnsNames, isCA: false });
}
