import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { verifyCommand } from '../../src/bin/verify-command';
import { REPO_ROOT } from '../../src/config/repo-root';
import { cleanEnv } from '../support/sandbox';
import { configYaml, host, LOOPBACK, resetFlaky, startWorld, testCa, type World } from '../verify/fixtures';

// `npm run verify` against the loopback world, which runs in this process (so children are spawned
// asynchronously). A child process for each exit code the command has a path to (0, 1, 2): the
// boundary is what those test; the other runs go in-process through the command, verifyCommand.

interface Run { status: number | null; stdout: string; stderr: string }

/** `npm run verify` as operators run it, in `dir`. */
function runVerify(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'src/bin/run.cjs'), 'verify', ...args], {
      cwd: dir,
      env: { ...cleanEnv(), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The same command in this process: files named relative to `dir` are passed by their full paths. */
async function verifyInProcess(args: string[], env: Record<string, string> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const status = await verifyCommand(args.map((a, i) => (args[i - 1] === '--ca' ? inDir(a) : a)), {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    env: { ...cleanEnv(), ...env, ...(env.INFRA_CONFIG ? { INFRA_CONFIG: inDir(env.INFRA_CONFIG) } : {}) },
  });
  return { status, stdout, stderr };
}

const dir = mkdtempSync(path.join(tmpdir(), 'verify-cli-'));
const inDir = (file: string) => path.join(dir, file);
writeFileSync(inDir('loopback.yaml'), configYaml('production'));
writeFileSync(inDir('loopback-staging.yaml'), configYaml('staging'));
writeFileSync(inDir('test-ca.pem'), testCa.cert);
writeFileSync(inDir('not-a-ca.pem'), 'hello\n');
const ENV = { INFRA_CONFIG: 'loopback.yaml' };

// In-process: a file is shown as given (--ca) or relative to the working directory (INFRA_CONFIG).
const BAD_INPUT: [string[], Record<string, string>, string][] = [
  [['--endpoint', 'nope'], {}, 'verify: --endpoint: "nope" is not a configured endpoint; configured: conductor.wti.net (conductor)'],
  [['--env', 'moon'], {}, 'verify: --env: "moon" is not an environment; known: default'],
  [['--wait', 'forever'], {}, 'verify: --wait: "forever" is not allowed; allowed: seconds from 0 to 86400, e.g. 300'],
  [['--resolve', 'other.wti.net:203.0.113.1'], {}, 'verify: --resolve: "other.wti.net" is not a configured endpoint hostname; configured: conductor.wti.net (conductor)'],
  [['--ca', 'missing.pem'], {}, `verify: --ca: cannot read "${inDir('missing.pem')}" (ENOENT)`],
  [['--ca', 'not-a-ca.pem'], {}, `verify: --ca: "${inDir('not-a-ca.pem')}" holds no PEM certificate (-----BEGIN CERTIFICATE-----)`],
  [[], { INFRA_CONFIG: 'nope.yaml' }, `verify: ${path.relative(process.cwd(), inDir('nope.yaml'))}: cannot read the config file (ENOENT); set INFRA_CONFIG to an existing YAML file`],
];

let world: World;
let runs: { pass: Run; fail: Run; badProcess: Run; json: Run; staging: Run; wait: Run; help: Run; bad: Run[] };
beforeAll(async () => {
  world = await startWorld();
  resetFlaky(1); // the first try of the --wait run below fails, the second passes
  const [pass, fail, badProcess, json, staging, wait, help, ...bad] = await Promise.all([
    runVerify([...loopback(), '--endpoint', 'conductor', '--endpoint', host('mcp')], ENV),
    runVerify([...loopback(), '--endpoint', 'no-redirect', '--endpoint', 'expired', '--endpoint', 'wrong-a'], ENV),
    runVerify(['--endpoint', '\u001b[31mred']),
    verifyInProcess([...loopback(), '--endpoint', 'conductor', '--json'], ENV),
    verifyInProcess([...loopback(), '--endpoint', 'staging-self-signed', '--endpoint', 'cname-aaaa'], { INFRA_CONFIG: 'loopback-staging.yaml' }),
    verifyInProcess([...loopback(), '--endpoint', 'flaky', '--wait', '60', '--interval', '0.1'], ENV),
    verifyInProcess(['--help']),
    ...BAD_INPUT.map(([args, env]) => verifyInProcess(args, env)),
  ]);
  runs = { pass, fail, badProcess, json, staging, wait, help, bad };
});
afterAll(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

const loopback = () => [
  '--dns-server', world.dns.server, '--ca', 'test-ca.pem', '--address', LOOPBACK, '--client-ip', LOOPBACK,
  '--http-port', String(world.edge.httpPort), '--https-port', String(world.edge.httpsPort),
];

test('an all-pass run prints a row per endpoint and check, the summary, and exits 0; --json the same as JSON', () => {
  const { pass: table, json } = runs;
  expect(table.stderr).toBe('');
  expect(table.status).toBe(0);
  const lines = table.stdout.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^ENDPOINT\s+CHECK\s+RESULT\s+DETAIL$/);
  expect(lines.slice(1, -2).map((l) => l.split(/\s{2,}/).slice(-3, -1))).toEqual([
    ...['dns', 'address', 'redirect', 'tls', 'https'].map((c) => [c, 'pass']),
    ...['dns', 'address', 'redirect', 'tls', 'https', 'allowlist'].map((c) => [c, 'pass']),
  ]);
  expect(lines.at(-1)).toBe('verify default: 11 passed, 0 failed, 0 skipped (2 endpoints): OK, every check passed');
  expect(json.status).toBe(0);
  const report = JSON.parse(json.stdout);
  expect(report.summary).toEqual({ passed: 5, failed: 0, skipped: 0 });
  expect(report.exitCode).toBe(0);
  expect(report.endpoints[0].hostname).toBe(host('conductor'));
});

test('a failing run names each failed check and exits 1', () => {
  const run = runs.fail;
  expect(run.status).toBe(1);
  expect(run.stderr).toBe('');
  expect(run.stdout).toMatch(/redirect\s+fail\s+http:\/\/no-redirect\.example\.test\/some\/path\?q=1 answered 200/);
  expect(run.stdout).toMatch(/tls\s+fail\s+certificate expired on /);
  expect(run.stdout).toMatch(/address\s+fail\s+A 127\.0\.0\.2 differs from the reserved address 127\.0\.0\.1 \(--address\)/);
  expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^verify default: \d+ passed, \d+ failed, 0 skipped \(3 endpoints\): FAILED$/);
});

test('with tls.acme staging, a self-signed "(STAGING)" certificate and a name without an A record fail: exit 1, not 3', () => {
  const run = runs.staging;
  expect(run.stderr).toBe('');
  expect(run.status).toBe(1);
  expect(run.stdout).toMatch(/tls\s+fail\s+chain not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\); issuer "\(STAGING\) Pretend Pear X1"/);
  expect(run.stdout).toMatch(/dns\s+fail\s+no A record: CNAME to v6-only\.example\.test, which has no A record/);
  expect(run.stdout).toMatch(/address\s+fail\s+no A record, so clients reach no address/);
  expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^verify default: \d+ passed, [1-9]\d* failed, \d+ skipped \(2 endpoints\): FAILED$/);
});

test('--wait retries with a progress line on stderr until every check passes, then prints the report once', () => {
  const run = runs.wait;
  expect(run.status).toBe(0);
  expect(run.stderr).toMatch(/^waiting \(try 1\): 4 passed, 1 failing \(flaky\.example\.test redirect\); next try in 0\.1 s, [\d.]+ s left\n$/);
  expect(run.stdout.match(/^verify default:/gm)).toEqual(['verify default:']);
  expect(run.stdout).toContain('verify default: 5 passed, 0 failed, 0 skipped (1 endpoint): OK');
  expect(run.stdout).toContain('OK, every check passed');
});

describe('bad input: one line on stderr, exit 2, nothing on stdout, no stack trace', () => {
  test('the process: input echoed back with its control characters escaped', () => {
    expect(runs.badProcess).toEqual({ status: 2, stdout: '', stderr: 'verify: --endpoint: "\\u001b[31mred" is not a configured endpoint; configured: conductor.wti.net (conductor)\n' });
  });

  it.each(BAD_INPUT.map(([args, env, message], i) => [args, env, message, i] as const))('%j %j', (_args, _env, message, i) => {
    const run = runs.bad[i];
    expect([run.status, run.stdout, run.stderr]).toEqual([2, '', `${message}\n`]);
  });
});

test('--help prints the options and the exit codes', () => {
  const run = runs.help;
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('--resolve HOST:IP');
  expect(run.stdout).toContain('exit: 0 every check passed, 1 a check failed, 2 usage or configuration error, 3 nothing failed but checks were skipped');
});
