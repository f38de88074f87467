import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runSynth, sandbox, treeHash } from '../support/sandbox';

// npm run synth with a second environment beside the default one, in a throwaway copy of the repository.

let repo: string;
const at = (...p: string[]) => path.join(repo, ...p);
const stacks = () => readdirSync(at('cdktf.out', 'stacks')).sort();
const hashes = () => ({ dist: treeHash(at('dist')), staging: treeHash(at('dist-staging')), cdktf: treeHash(at('cdktf.out')) });

beforeAll(() => {
  repo = sandbox();
  mkdirSync(at('config', 'environments'), { recursive: true }); // a fresh clone has it (its README)
  copyFileSync(at('config', 'examples', 'staging.yaml'), at('config', 'environments', 'staging.yaml'));
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

test('adding staging is one file: one synth writes both environments, each in its own folder and stacks', () => {
  const first = runSynth(repo);
  expect(first.stderr).toBe('');
  expect(first.stdout).toBe('k8s: 6 files -> dist\nk8s: 6 files -> dist-staging\n'
    + 'gcp: stacks addons, dns-records, platform, staging-addons, staging-dns-records, staging-platform (7 files) -> cdktf.out\n');
  expect(stacks()).toEqual(['addons', 'dns-records', 'platform', 'staging-addons', 'staging-dns-records', 'staging-platform']);
  const staging = readFileSync(at('dist-staging', '0003-gateway.k8s.yaml'), 'utf8');
  expect(staging).toContain('app.kubernetes.io/instance: staging');
  expect(staging).toContain('wti-ai-staging-gw-ip');
  expect(readFileSync(at('dist', '0003-gateway.k8s.yaml'), 'utf8')).toContain('app.kubernetes.io/instance: default');
  const platform = JSON.parse(readFileSync(at('cdktf.out', 'stacks', 'staging-platform', 'cdk.tf.json'), 'utf8'));
  expect(platform.terraform.backend.local.path).toBe('../../../terraform-state/wti-ai-platform/wti-ai-staging/platform.tfstate');

  const before = hashes();
  expect(runSynth(repo).status).toBe(0);
  expect(hashes()).toEqual(before);
});

test('--env builds one environment: its folder and its stacks; the other folder is left alone', () => {
  const before = hashes(); // both environments, as the test above left them
  const one = runSynth(repo, { args: ['--env=staging'] });
  expect(one.stdout).toBe('k8s: 6 files -> dist-staging\ngcp: stacks staging-addons, staging-dns-records, staging-platform (4 files) -> cdktf.out\n');
  expect(stacks()).toEqual(['staging-addons', 'staging-dns-records', 'staging-platform']);
  expect(hashes().dist).toBe(before.dist);
  expect(hashes().staging).toBe(before.staging);
});

test('an unknown environment is refused with one line and nothing written', () => {
  const before = hashes();
  const result = runSynth(repo, { args: ['--env=prod'] });
  expect(result.status).toBe(2);
  expect(result.stderr).toBe('command line: --env: "prod" is not an environment; known: default, staging\nnothing was written: fix the configuration and run again\n');
  expect(hashes()).toEqual(before);
});

test('an environment file deleted while its local state holds resources is refused, with the procedure; once destroyed it goes, leaving its folder for a person to remove, with a warning', () => {
  const stateDir = at('terraform-state', 'wti-ai-platform', 'wti-ai-staging');
  mkdirSync(stateDir, { recursive: true });
  // What `terraform apply` leaves: a state file whose resources have instances.
  const state = (instances: number) => JSON.stringify({ version: 4, resources: instances ? [{ mode: 'managed', type: 'google_compute_network', name: 'vpc', instances: Array(instances).fill({ attributes: {} }) }, { mode: 'data', type: 'google_client_config', name: 'c', instances: [{}] }] : [] });
  writeFileSync(path.join(stateDir, 'platform.tfstate'), state(1));
  unlinkSync(at('config', 'environments', 'staging.yaml'));
  const before = hashes();
  const result = runSynth(repo);
  expect(result.status).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toEqual([
    'terraform-state: terraform-state/wti-ai-platform/wti-ai-staging: platform.tfstate holds 1 resource of environment staging, which no config file names any more, so they would keep running with nothing to destroy them: restore its config file, npx cdktf destroy staging-dns-records staging-addons staging-platform, then delete the file and dist-staging/ (docs/plans/infra/hello-envoy-certmanager-dns01.md#removing-an-environment); for a renamed cluster, move terraform-state/wti-ai-platform/wti-ai-staging/ to the new cluster\'s folder instead',
    'nothing was written: fix the configuration and run again',
  ]);
  expect(hashes()).toEqual(before);
  // --env and INFRA_CONFIG build a subset: they do not judge the others.
  expect(runSynth(repo, { args: ['--env=default'] }).status).toBe(0);
  // Destroyed: the state is empty, the file can go; its folder stays until a person removes it.
  writeFileSync(path.join(stateDir, 'platform.tfstate'), state(0));
  const removed = runSynth(repo);
  expect(removed.status).toBe(0);
  expect(removed.stderr).toBe('dist-staging/: no environment synthesizes it any more; remove it (git rm -r dist-staging) once its cluster is torn down\n');
  expect(readdirSync(at('dist-staging')).length).toBeGreaterThan(0);
  expect(stacks()).toEqual(['addons', 'dns-records', 'platform']);
});
