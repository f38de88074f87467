import { secretKind, stringValues } from '../../src/config/secret-values';

// Samples are assembled from pieces so that this file itself never matches the repository's scan.
const BEGIN = '-----' + 'BEGIN';
const samples: [string, string][] = [
  ['PEM private key', `${BEGIN} PRIVATE KEY-----\nMIIE`],
  ['PEM private key', `${BEGIN} EC PRIVATE KEY-----`],
  ['PEM private key', `${BEGIN} OPENSSH PRIVATE KEY-----`],
  ['service account key JSON', `{"type": "service${'_'}account", "project_id": "p", "private${'_'}key": ""}`],
  ['private_key field', `{"private${'_'}key_id": "0123456789abcdef"}`],
  ['Google API key', `AI${'za'}${'A'.repeat(35)}`],
  ['Google OAuth access token', `ya${'29'}.${'a'.repeat(20)}`],
  ['AWS access key', `AK${'IA'}${'B'.repeat(16)}`],
  ['GitHub token', `gh${'p'}_${'a'.repeat(36)}`],
  ['GitHub token', `gh${'s'}_${'Z'.repeat(36)}`],
  ['Slack token', `xo${'xb'}-${'1'.repeat(10)}`],
  ['JWT', `ey${'J'}${'a'.repeat(10)}.ey${'J'}${'b'.repeat(10)}.${'c'.repeat(10)}`],
  ['password value', 'password: hunter22'],
  ['password value', 'client_secret=abcdef'],
  ['password value', 'API-KEY'.toLowerCase().replace('-', '_') + ' = "abcdef"'],
  ['password value', 'token:abcdefg'],
  ['password value', '"password": "hunter22"'],
  ['password value', 'secretkey=abcdef'],
  ['password value', 'clientsecret: abcdef12'],
  ['password value', 'apikey=abcdef'],
  ['AWS access key', `AS${'IA'}${'C'.repeat(16)}`],
];

describe('values that look like credentials are named by kind', () => {
  test.each(samples)('%s: %j', (kind, value) => {
    expect(secretKind(value)).toBe(kind);
  });
});

describe('near misses are not credentials', () => {
  test.each([
    `${BEGIN} PUBLIC KEY-----`,
    `${BEGIN} CERTIFICATE-----`,
    `AI${'za'}${'A'.repeat(34)}`,
    `ya${'29'}.${'a'.repeat(19)}`,
    `AK${'IA'}${'b'.repeat(16)}`,
    `gh${'x'}_${'a'.repeat(36)}`,
    `gh${'p'}_${'a'.repeat(35)}`,
    `xo${'xc'}-${'1'.repeat(10)}`,
    `xo${'xb'}-${'1'.repeat(9)}`,
    `ey${'J'}${'a'.repeat(9)}.ey${'J'}${'b'.repeat(10)}.${'c'.repeat(10)}`,
    `{"private${'_'}key_id": "short"}`,
    'password: short',
    'passwords are rotated monthly',
    'tokens: none',
    'hello from conductor placeholder',
    // Each piece of a pattern counts: the armor's dashes, the account type, the field names, the prefixes.
    `BEGIN PRIVATE KEY-----`,
    `{"type": "user${'_'}account", "private${'_'}key": ""}`,
    `{"type": "service${'_'}account", "private${'_'}note": ""}`,
    `{"public${'_'}key": "abcdefghij"}`,
    `ZK${'IA'}${'B'.repeat(16)}`,
    `AK${'IA'}${'B'.repeat(15)}`,
    `group_${'a'.repeat(36)}`,
    `XX${'za'}${'A'.repeat(35)}`,
    `xa${'29'}.${'a'.repeat(20)}`,
  ])('%j', (value) => {
    expect(secretKind(value)).toBeUndefined();
  });
});

test('every string of a configuration is visited, with its path', () => {
  expect(stringValues({ a: 'x', b: [1, 'y', { c: 'z' }], d: true, e: null, f: { g: undefined } })).toEqual([
    ['x', ['a']],
    ['y', ['b', 1]],
    ['z', ['b', 2, 'c']],
  ]);
});
