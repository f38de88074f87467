import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cleanEnv, runSynth, synthCommand, synthesized, treeHash } from '../support/sandbox';

// The entry points users run, in a throwaway copy of the repository after one `npm run synth`.
const { repo, first } = synthesized();
const dist = path.join(repo, 'dist');
const cdktfOut = path.join(repo, 'cdktf.out');
const hashes = () => ({ dist: treeHash(dist), cdktfOut: treeHash(cdktfOut) });
const good = hashes();

test('npm run synth writes dist/ and cdktf.out/ from the default config, and says what it wrote', () => {
  expect(first.stderr).toBe('');
  expect(first.status).toBe(0);
  expect(first.stdout).toBe('k8s: 6 files -> dist\ngcp: stacks addons, dns-records, platform (4 files) -> cdktf.out\n');
  expect(good.dist).not.toBe('');
  expect(good.cdktfOut).not.toBe('');
});

describe('bad input', () => {
  const bad = path.join(repo, 'bad.yaml');
  writeFileSync(bad, 'project: {id: Bad_Project}\nendpoints: []\ngatway: {}\n');

  test('exits 2 with one line per problem naming the field, no stack trace, and leaves output untouched', () => {
    const result = runSynth(repo, { env: { INFRA_CONFIG: bad } });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      'bad.yaml: project.id: "Bad_Project" is not allowed: a GCP project ID: 6-30 characters, lowercase letters, digits and hyphens, starting with a letter',
      'bad.yaml: endpoints: must list at least one endpoint',
      'bad.yaml: gatway: unknown key; see the fields in src/config/schema.ts',
      'nothing was written: fix the configuration and run again',
    ]);
    expect(hashes()).toEqual(good);
  });

  test('a bad env override is reported against its variable', () => {
    const result = runSynth(repo, { env: { GOOGLE_REGION: 'us-central1-c' } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('project.region (from GOOGLE_REGION): "us-central1-c" is a zone; a region is needed, e.g. us-central1');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(hashes()).toEqual(good);
  });

  test('an unknown command-line option is an error too', () => {
    const result = runSynth(repo, { args: ['--only=helm'] });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--only: "helm" is not allowed; allowed: k8s, gcp');
    expect(hashes()).toEqual(good);
  });
});

test('a synth killed (SIGKILL) at any moment: the next run finishes the job and leaves nothing behind', async () => {
  const env = { ...cleanEnv(), GKE_CLUSTER_NAME: 'killed' };
  // The complete output of the run we are about to kill, then back to the default.
  expect(runSynth(repo, { env }).status).toBe(0);
  const complete = hashes();
  expect(complete).not.toEqual(good);
  expect(runSynth(repo).status).toBe(0);

  let killedMidRun = 0;
  for (const delayMs of [50, 250, 500, 750, 1000]) {
    const [command, args] = synthCommand(repo);
    const child = spawn(command, args, { cwd: repo, env, stdio: 'ignore', detached: true });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_, signal) => resolve(signal)));
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    try {
      process.kill(-child.pid!, 'SIGKILL'); // the whole process group
    } catch {
      // already finished
    }
    if ((await exited) === 'SIGKILL') killedMidRun += 1;
    // The interrupted run's own configuration, or another one: either way the result of a clean run.
    expect(runSynth(repo, delayMs === 500 ? {} : { env: { GKE_CLUSTER_NAME: 'killed' } }).status).toBe(0);
    expect(hashes()).toEqual(delayMs === 500 ? good : complete);
    expect(readdirSync(repo).filter((e) => /^\.synth/.test(e))).toEqual([]);
    expect(runSynth(repo).status).toBe(0);
    expect(hashes()).toEqual(good);
  }
  expect(killedMidRun).toBeGreaterThan(0);
});

test('the same config gives byte-identical output whatever the time zone, locale or working directory', () => {
  const elsewhere = path.join(repo, 'elsewhere');
  mkdirSync(elsewhere, { recursive: true });
  const result = runSynth(repo, { cwd: elsewhere, env: { TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' } });
  expect(result.status).toBe(0);
  expect(hashes()).toEqual(good);
});
