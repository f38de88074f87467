import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, watch, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { failureOutput } from '../../src/bin/cli';
import { loadEnvironments } from '../../src/environments/environments';
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
    let error: unknown;
    try {
      loadEnvironments({ env: { GOOGLE_REGION: 'us-central1-c' } });
    } catch (e) {
      error = e;
    }
    expect(failureOutput(error)).toEqual({
      code: 2,
      stderr: 'config/default.yaml: project.region (from GOOGLE_REGION): "us-central1-c" is a zone; a region is needed, e.g. us-central1\n'
        + 'nothing was written: fix the configuration and run again\n',
    });
  });
});

/** Starts a synth and SIGKILLs it when `when` sees its first event; resolves whether the kill landed (the run was still going). */
async function killedRun(env: Record<string, string>, when: { watch: string; name: (file: string) => boolean }): Promise<boolean> {
  const watcher = watch(when.watch);
  const [command, args] = synthCommand(repo);
  const child = spawn(command, args, { cwd: repo, env: { ...cleanEnv(), ...env }, stdio: 'ignore', detached: true });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_, signal) => resolve(signal)));
  const seen = new Promise<void>((resolve) => watcher.on('change', (_, file) => { if (when.name(String(file))) resolve(); }));
  await Promise.race([seen, exited]);
  watcher.close();
  try {
    process.kill(-child.pid!, 'SIGKILL'); // the whole process group
  } catch {
    // already finished
  }
  return (await exited) === 'SIGKILL';
}

// test/output/publish.test.ts kills a run in-process at every write, rename and unlink; here real
// processes die holding the lock and while publishing, and real processes recover.
test('a synth killed (SIGKILL) holding the lock, or while publishing: the next run, of either configuration, finishes the job and leaves nothing behind', async () => {
  const leftovers = () => readdirSync(repo).filter((e) => /^\.synth/.test(e));
  // The complete output of another configuration.
  expect(runSynth(repo, { env: { GKE_CLUSTER_NAME: 'other' } }).status).toBe(0);
  const other = hashes();
  expect(other).not.toEqual(good);

  // Holding the lock, before it loads the halves: the lock and the scratch folder of a dead process.
  const holdingLock = await killedRun({}, { watch: repo, name: (f) => f === '.synth.lock' });
  expect(runSynth(repo, { env: { GKE_CLUSTER_NAME: 'other' } }).status).toBe(0);
  expect(hashes()).toEqual(other);
  expect(leftovers()).toEqual([]);

  // Once it starts rewriting dist/ (its manifest first).
  const publishing = await killedRun({}, { watch: dist, name: () => true });
  expect(runSynth(repo).status).toBe(0);
  expect(hashes()).toEqual(good);
  expect(leftovers()).toEqual([]);

  expect([holdingLock, publishing]).toContain(true);
});

test('the same config gives byte-identical output whatever the time zone, locale or working directory', () => {
  const elsewhere = path.join(repo, 'elsewhere');
  mkdirSync(elsewhere, { recursive: true });
  const result = runSynth(repo, { cwd: elsewhere, env: { TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' } });
  expect(result.status).toBe(0);
  expect(hashes()).toEqual(good);
});
