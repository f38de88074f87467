import { X509Certificate } from 'node:crypto';
import { LETS_ENCRYPT_STAGING_ROOTS } from '../../src/verify/lets-encrypt-staging';
import { stagingRootOf } from '../../src/verify/tls-check';

// The pinned roots are the real ones, and real staging certificates verify to them. The
// intermediates below are Let's Encrypt's own, as test data (never pinned: they change):
// https://letsencrypt.org/certs/staging/2024/r12.pem and .../2024/e7.pem
// (github.com/letsencrypt/website static/certs/staging/2024/ at b89871ef735cbb447f8d72c86146fcc8e62fc4ab).
const R12 = `-----BEGIN CERTIFICATE-----
MIIFSjCCAzKgAwIBAgIQG+VMtXt5SUBCqOW+UHI8WTANBgkqhkiG9w0BAQsFADBm
MQswCQYDVQQGEwJVUzEzMDEGA1UEChMqKFNUQUdJTkcpIEludGVybmV0IFNlY3Vy
aXR5IFJlc2VhcmNoIEdyb3VwMSIwIAYDVQQDExkoU1RBR0lORykgUHJldGVuZCBQ
ZWFyIFgxMB4XDTI0MDMxMzAwMDAwMFoXDTI3MDMxMjIzNTk1OVowWDELMAkGA1UE
BhMCVVMxIDAeBgNVBAoTFyhTVEFHSU5HKSBMZXQncyBFbmNyeXB0MScwJQYDVQQD
Ex4oU1RBR0lORykgUmlkZGxpbmcgUmh1YmFyYiBSMTIwggEiMA0GCSqGSIb3DQEB
AQUAA4IBDwAwggEKAoIBAQDYHSGRScFq1U7sAS8YfqaA2I/hnt1bHeDT3/lnQcQ4
U24ic0bSHmDECLIgQh8b4HhKG0G5X9P7+8JQgWQbizkNJYps3IOwhqiG0FmPvR1m
/byeEtidU0aVtAQoLNIkHulaw1l3nCIBGtL5ZGGKzOGP39VRNp2iV4a1TIGnb0/F
z08FWhvkAxaX6WP8HH9aFvvsnjH14D+O24WBJjqHe5V8+IiLoxM9EcRCgOk3oAS2
VngAnoSqkqeHKoIIz8t761lEk34Ln8qhEEHCxaX44Y4glllbLQL1fN1tEUiV7Gfw
W4JU644Em2RkzHr5G/rD6aam6EXgmIq4Nucj9IENjN7hAgMBAAGjggEAMIH9MA4G
A1UdDwEB/wQEAwIBhjAdBgNVHSUEFjAUBggrBgEFBQcDAgYIKwYBBQUHAwEwEgYD
VR0TAQH/BAgwBgEB/wIBADAdBgNVHQ4EFgQU9kMDkS9mJa+FJd3kZNFpfsuiHNkw
HwYDVR0jBBgwFoAUtfNl8v6wCpIf+zx980SgrGMlwxQwNgYIKwYBBQUHAQEEKjAo
MCYGCCsGAQUFBzAChhpodHRwOi8vc3RnLXgxLmkubGVuY3Iub3JnLzATBgNVHSAE
DDAKMAgGBmeBDAECATArBgNVHR8EJDAiMCCgHqAchhpodHRwOi8vc3RnLXgxLmMu
bGVuY3Iub3JnLzANBgkqhkiG9w0BAQsFAAOCAgEArPTkhI92+dUqNgxVitYi/w8z
xwOXR6rhiJvKaoOFhA8DxqUaQ12eIVrhIN8LSQq2+O/Su3+VQaLXuQoeh/RBts6m
GQS56fTuf6Q7Sb49olfNQjkdV+BqxkUzyWl7j/GAGumpZxGPLRmfUT0BV1jq+2Yd
HKjvo3smWPEBnx/XMQ+p+fXh3xL1ATgB+eFtgQ/mQkVLMDUWGrcHUy78LTVgTZmt
eWhTubOipgNVJi19FHi3cYdsPTM3JOCAGahsXOYV30sU+9TKw+fEG1RgjucVAiPC
VxoyT/xiQ28tJ+MjWodlhrdWlTmiLHm6uBqJV8cEh6v0DwlI6BdnbCqM44d+jsO9
QjlPiG6uGX9LEYaVmgIA3cplNBdWZ3KdYNnxh+bVFz9aO8j1G5kDTNldx6nMP+u5
t1rA0iHIVMhXbY2JALAbO6/kH8XWmghsC81Xr5PzJEnROKZ65daBItHambNl+JJc
mj84Iqe4HIjgOn2/BbfQHu/YfQx8gZGl5nXarDkGtI3IS4jb9OPfJZEErnizRVAV
KsqiDk04Teh3BZX/w2prXHGCdsxCbbQgfximi0Q/Ug1xE0HCmmdTq/ZgYb2zdu3m
s6Sg00ivj7b0LaPtVGt1eEFqX+6OofleMic4uZgiazH/87j0EhBquPEmNPeXEMq1
SIKYbiG+Lshx0NWHFGE=
-----END CERTIFICATE-----
`;
const E7 = `-----BEGIN CERTIFICATE-----
MIIC+zCCAoKgAwIBAgIQOh5/3UELs2kdbvljbVD4yTAKBggqhkjOPQQDAzBoMQsw
CQYDVQQGEwJVUzEzMDEGA1UEChMqKFNUQUdJTkcpIEludGVybmV0IFNlY3VyaXR5
IFJlc2VhcmNoIEdyb3VwMSQwIgYDVQQDExsoU1RBR0lORykgQm9ndXMgQnJvY2Nv
bGkgWDIwHhcNMjQwMzEzMDAwMDAwWhcNMjcwMzEyMjM1OTU5WjBXMQswCQYDVQQG
EwJVUzEgMB4GA1UEChMXKFNUQUdJTkcpIExldCdzIEVuY3J5cHQxJjAkBgNVBAMT
HShTVEFHSU5HKSBQdXp6bGluZyBQYXJzbmlwIEU3MHYwEAYHKoZIzj0CAQYFK4EE
ACIDYgAEe7l10EaM/orL++09VeKRfJjF3z65r68hIUFzeEnUjP/OZ7xPcLsFCxxT
dayVGBV4jpzYKkSfakH7nFvY9FVjy7xGjKu0pXtDSBxRtDlswdglzVm5ufi1xa36
0CTPHkmio4IBADCB/TAOBgNVHQ8BAf8EBAMCAYYwHQYDVR0lBBYwFAYIKwYBBQUH
AwIGCCsGAQUFBwMBMBIGA1UdEwEB/wQIMAYBAf8CAQAwHQYDVR0OBBYEFKQPlAtE
Y2qZqaDZjGZDsU/csCxGMB8GA1UdIwQYMBaAFN7Ro1lkDsGaNqNG7rAQdu+ul5Vm
MDYGCCsGAQUFBwEBBCowKDAmBggrBgEFBQcwAoYaaHR0cDovL3N0Zy14Mi5pLmxl
bmNyLm9yZy8wEwYDVR0gBAwwCjAIBgZngQwBAgEwKwYDVR0fBCQwIjAgoB6gHIYa
aHR0cDovL3N0Zy14Mi5jLmxlbmNyLm9yZy8wCgYIKoZIzj0EAwMDZwAwZAIwaHa+
07tN7Tm4WcojpMOPsm9NbWhCdBMeqFMWR63DT18tGL5UWyX5y0y8gf8YrtTLAjA1
7s0R9xshgMGu0/uOHxNgk31wpK2XXx9DE24u9jgRlp8sAVAESj2A9cKH/VSwTVE=
-----END CERTIFICATE-----
`;

const roots = LETS_ENCRYPT_STAGING_ROOTS.map((r) => new X509Certificate(r.pem));
const rootNamed = (name: string) => roots[LETS_ENCRYPT_STAGING_ROOTS.findIndex((r) => r.name === name)];
// Within every certificate's validity (the intermediates run 2024-03-13 to 2027-03-12).
const DURING = new Date('2026-01-01T00:00:00Z');

describe('the pinned Let\'s Encrypt staging roots', () => {
  it('are the four active roots letsencrypt.org/docs/staging-environment lists', () => {
    expect(LETS_ENCRYPT_STAGING_ROOTS.map((r) => r.name)).toEqual([
      '(STAGING) Pretend Pear X1', '(STAGING) Bogus Broccoli X2', '(STAGING) Yearning Yucca Root YE', '(STAGING) Yonder Yam Root YR',
    ]);
  });

  it.each(LETS_ENCRYPT_STAGING_ROOTS.map((r) => [r.name, r] as const))('%s: its PEM has the pinned fingerprint, its name, and signs itself as a CA', (name, root) => {
    const cert = new X509Certificate(root.pem);
    expect(cert.fingerprint256).toBe(root.sha256);
    expect(cert.subject).toMatch(new RegExp(`^CN=${name.replace(/[()]/g, '\\$&')}$`, 'm'));
    expect(cert.subject).toBe(cert.issuer);
    expect(cert.ca).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(root.source).toMatch(/^https:\/\/letsencrypt\.org\/certs\/staging\/\S+\.pem$/);
  });
});

describe('stagingRootOf', () => {
  it('finds the root a real staging certificate verifies to, RSA and ECDSA', () => {
    expect(stagingRootOf([new X509Certificate(R12)], roots, DURING)).toBe(rootNamed('(STAGING) Pretend Pear X1'));
    expect(stagingRootOf([new X509Certificate(E7)], roots, DURING)).toBe(rootNamed('(STAGING) Bogus Broccoli X2'));
  });

  it('needs each certificate signed by the next: a staging certificate served beside another proves nothing', () => {
    // E7 (under X2) first, R12 (under X1) beside it: R12 did not sign E7, and X2 is not given.
    expect(stagingRootOf([new X509Certificate(E7), new X509Certificate(R12)], [rootNamed('(STAGING) Pretend Pear X1')], DURING)).toBeUndefined();
  });

  it('finds nothing once the intermediate has expired, or without its root', () => {
    expect(stagingRootOf([new X509Certificate(R12)], roots, new Date('2027-03-13T00:00:00Z'))).toBeUndefined();
    expect(stagingRootOf([new X509Certificate(R12)], [rootNamed('(STAGING) Bogus Broccoli X2')], DURING)).toBeUndefined();
  });
});
