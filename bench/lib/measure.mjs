// Runs one command as a fresh process and measures it: wall time (hrtime around spawnSync, so it
// includes Node start-up and the launcher), CPU time (user + system, summed over the tree's Node
// processes, from rss-hook.cjs) and peak memory.
//
// Peak memory, two independent readings:
//  1. rss-hook.cjs is preloaded into every Node process of the command through NODE_OPTIONS; each
//     process appends its VmHWM (peak RSS, /proc/self/status) at exit. `workerKb` is the largest
//     single process (with `tsx`, the child node that runs the script), `treeKb` the sum over all
//     Node processes of the tree (upper bound of the tree's simultaneous peak).
//  2. When GNU time is installed, the command is wrapped in `/usr/bin/time -f %M`: getrusage's
//     ru_maxrss of the waited child, which on Linux is the largest RSS of any single process in the
//     tree (so it should equal workerKb; it is kept as a cross-check).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const HOOK = fileURLToPath(new URL('../rss-hook.cjs', import.meta.url));
const SCRATCH = mkdtempSync(path.join(tmpdir(), 'edge-bench-rss-'));
let counter = 0;

/** Variables that change what a synthesis does; the bench sets what it needs explicitly. */
const DROPPED_ENV = ['INFRA_CONFIG', 'GOOGLE_PROJECT_ID', 'GOOGLE_REGION', 'GKE_CLUSTER_NAME', 'NODE_OPTIONS', 'TSX_DISABLE_CACHE', 'TS_NODE_TRANSPILE_ONLY'];

export function cleanEnv() {
  const env = { ...process.env };
  for (const k of DROPPED_ENV) delete env[k];
  return env;
}

let gnuTime;
/** True when /usr/bin/time is GNU time (understands -f and -o). */
export function hasGnuTime() {
  if (gnuTime === undefined) {
    const probe = path.join(SCRATCH, 'probe');
    gnuTime = existsSync('/usr/bin/time')
      && spawnSync('/usr/bin/time', ['-f', '%M', '-o', probe, 'true']).status === 0
      && /^\d+\s*$/.test(readFileSync(probe, 'utf8'));
  }
  return gnuTime;
}

/**
 * Runs `command args` in `cwd` and returns { ms, cpuMs, workerKb, treeKb, timeKb, processes, stdout, stderr }.
 * Throws when the command fails: a failed synthesis means the bench itself is broken.
 */
export function measure(command, args, { cwd, env = {}, timeoutMs = 600_000, label = command } = {}) {
  const id = ++counter;
  const rssFile = path.join(SCRATCH, `rss-${id}.jsonl`);
  const timeFile = path.join(SCRATCH, `time-${id}.txt`);
  const fullEnv = {
    ...cleanEnv(),
    ...env,
    BENCH_RSS_OUT: rssFile,
    NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(HOOK)}`.trim(),
  };
  const [cmd, argv] = hasGnuTime() ? ['/usr/bin/time', ['-f', '%M', '-o', timeFile, command, ...args]] : [command, args];
  const t0 = process.hrtime.bigint();
  const result = spawnSync(cmd, argv, { cwd, env: fullEnv, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : `exit ${result.status}${result.signal ? ` (${result.signal})` : ''}`;
    throw new Error(`${label} failed: ${why}\n${(result.stderr ?? '').slice(-4000)}`);
  }
  const processes = existsSync(rssFile)
    ? readFileSync(rssFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
    : [];
  rmSync(rssFile, { force: true });
  let timeKb;
  if (hasGnuTime() && existsSync(timeFile)) {
    const n = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
    if (Number.isFinite(n)) timeKb = n;
    rmSync(timeFile, { force: true });
  }
  const hwm = processes.map((p) => p.hwmKb);
  return {
    ms,
    cpuMs: processes.length ? processes.reduce((a, p) => a + (p.cpuMs ?? 0), 0) : undefined,
    workerKb: hwm.length ? Math.max(...hwm) : undefined,
    treeKb: hwm.length ? hwm.reduce((a, b) => a + b, 0) : undefined,
    timeKb,
    processes: processes.length,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

/** Repeats `measure` and summarizes: median/min/max/p10/p90 of wall ms, median CPU ms, max of each memory reading. */
export function repeat(runs, fn, onRun = () => {}) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const s = fn(i);
    samples.push(s);
    onRun(s, i);
  }
  return summarize(samples);
}

export function summarize(samples) {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const maxOf = (key) => {
    const v = samples.map((s) => s[key]).filter((x) => x !== undefined);
    return v.length ? Math.max(...v) : undefined;
  };
  return {
    runs: samples.length,
    medianMs: round(quantile(ms, 0.5)),
    minMs: round(ms[0]),
    maxMs: round(ms[ms.length - 1]),
    p10Ms: round(quantile(ms, 0.1)),
    p90Ms: round(quantile(ms, 0.9)),
    samplesMs: samples.map((s) => round(s.ms)),
    medianCpuMs: round(quantile(samples.map((s) => s.cpuMs).filter((x) => x !== undefined).sort((a, b) => a - b), 0.5)),
    // Peak over the runs (the worst run is what a machine must accommodate).
    workerPeakMb: mb(maxOf('workerKb')),
    treePeakMb: mb(maxOf('treeKb')),
    timePeakMb: mb(maxOf('timeKb')),
    processes: maxOf('processes'),
  };
}

/** Linear interpolation between closest ranks. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

const round = (x) => (x === undefined || Number.isNaN(x) ? x : Math.round(x));
const mb = (kb) => (kb === undefined ? undefined : Math.round((kb / 1024) * 10) / 10);

export function cleanupScratch() {
  rmSync(SCRATCH, { recursive: true, force: true });
}
