import { domainToASCII, domainToUnicode } from 'node:url';

/** A lowercase RFC 1123 hostname with at least two labels, at most 253 characters. */
export const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$/;

/**
 * Why a hostname that matches HOSTNAME is still not one DNS and certificate authorities accept, or
 * undefined. IDNA (RFC 5891 4.2.3.1): "--" in the third and fourth positions is reserved for
 * A-labels (xn--), and an A-label must be valid Punycode that converts back to itself (checked
 * with Node's WHATWG URL IDNA, not a hand-written table). A top-level label of digits only reads
 * as an IP address (RFC 1123 2.1).
 */
export function hostnameProblem(hostname: string): string | undefined {
  const labels = hostname.split('.');
  for (const label of labels) {
    if (label.startsWith('xn--')) {
      // Invalid Punycode converts to '' (and '' back to ''); a valid A-label converts back to itself.
      if (domainToASCII(domainToUnicode(label)) !== label) return `has the label "${label}", which is not valid Punycode (IDNA A-label)`;
    } else if (label.slice(2, 4) === '--') {
      return `has the label "${label}": "--" in the third and fourth positions is reserved for IDNA (xn--) labels`;
    }
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1])) return 'ends in an all-numeric label, which reads as an IP address';
  return undefined;
}

/** The Kubernetes-name form of a hostname (Certificate and Secret names). */
export function hostnameSlug(hostname: string): string {
  return hostname.replace(/\./g, '-');
}

/** An endpoint's short name: as configured, else the first label of its hostname. */
export function endpointName(endpoint: { readonly name?: string; readonly hostname: string }): string {
  return endpoint.name ?? endpoint.hostname.split('.')[0];
}
