import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseConfig } from '../../src/config/load';
import { REPO_ROOT } from '../../src/config/repo-root';
import { synthesizeInto } from '../../src/pipeline';
import { configWith } from '../support/config';
import { findSecrets, SECRET_PATTERNS } from '../support/secret-scan';

const filesUnder = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => path.join(e.parentPath ?? e.path, e.name));

/** Every configuration the repository ships, plus key mode, synthesized into a temporary folder. */
function synthesizedFiles(): string[] {
  const configs = [
    configWith(),
    configWith((c) => { c.tls = { dns01: { credentials: 'service-account-key' } }; c.state = { bucket: 'wti-ai-tfstate' }; }),
    parseConfig(readFileSync(path.join(REPO_ROOT, 'config/examples/two-endpoints.yaml'), 'utf8'), 'two-endpoints.yaml'),
  ];
  return configs.flatMap((config) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scan-'));
    synthesizeInto(config, { k8s: path.join(dir, 'dist'), gcp: path.join(dir, 'cdktf.out') }, { root: dir });
    return filesUnder(dir);
  });
}

/** Files in the repository a commit could include: tracked plus untracked-but-not-ignored. */
function repositoryFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: REPO_ROOT, encoding: 'utf8' });
  return listed.split('\0').filter(Boolean).map((f) => path.join(REPO_ROOT, f)).filter((f) => existsSync(f) && statSync(f).isFile());
}

const published = ['dist', 'cdktf.out'].map((d) => path.join(REPO_ROOT, d)).filter(existsSync).flatMap(filesUnder);

describe('no credential material anywhere', () => {
  test.each([
    ['the repository', repositoryFiles],
    ['dist/ and cdktf.out/ as published', () => published],
    ['fresh synthesis of every shipped config and key mode', synthesizedFiles],
  ])('%s', (_, list) => {
    const files = list();
    expect(files.length).toBeGreaterThan(0);
    const hits = files.flatMap((f) => findSecrets(readFileSync(f, 'utf8'), f).map((name) => `${path.relative(REPO_ROOT, f)}: ${name}`));
    expect(hits).toEqual([]);
  });

  test('the scanner recognizes each kind of secret it looks for', () => {
    // Fakes assembled at run time, never stored as text.
    const fakes: Record<string, string> = {
      'PEM private key': `-----${'BEGIN'} PRIVATE KEY-----\nMIIE...`,
      'service account key JSON': JSON.stringify({ type: 'service' + '_account', project_id: 'p', ['private' + '_key']: 'x' }),
      'private_key field': `{"private${'_key'}": "abcdefghijkl"}`,
      'Google API key': `AI${'za'}${'S'.repeat(35)}`,
      'Google OAuth access token': `ya${'29'}.${'a'.repeat(30)}`,
      'AWS access key': `AK${'IA'}${'A'.repeat(16)}`,
      'GitHub token': `gh${'p'}_${'a'.repeat(36)}`,
      'Slack token': `xox${'b'}-1234567890-abc`,
      JWT: `eyJ${'a'.repeat(12)}.eyJ${'b'.repeat(12)}.${'c'.repeat(12)}`,
      'password value': 'password: hunter2hunter2',
      'base64 Kubernetes Secret data': 'apiVersion: v1\nkind: Secret\ndata: {}',
    };
    expect(Object.keys(fakes).sort()).toEqual(SECRET_PATTERNS.map((p) => p.name).sort());
    for (const [name, text] of Object.entries(fakes)) expect(findSecrets(text)).toContain(name);
    expect(findSecrets('password: ${DB_PASSWORD}\nserviceAccountSecretRef: {name: clouddns-dns01-svc-acct, key: key.json}')).toEqual([]);
    // A key that opens a mapping (as in a CRD schema) has no value on its line.
    expect(findSecrets('clientSecret:\n  properties:\n    name: {type: string}')).toEqual([]);
    expect(findSecrets('clientSecret: s3cr3tvalue')).toEqual(['password value']);
  });
});
