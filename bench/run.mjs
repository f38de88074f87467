#!/usr/bin/env node
// `npm run bench` (= node bench/run.mjs): synthesis benchmark, plain Node, no extra dependencies.
//
//   --runs N           timed runs of each fast case (default 5)
//   --naive-runs N     timed runs of the naive baseline (default 3; ~10 s and ~1.2 GB each)
//   --scale-runs N     timed runs per endpoint count (default 3)
//   --skip-naive       leave out the naive baseline (and the speed-up target)
//   --skip-scaling     leave out the 1/10/30/63 endpoint runs (and the scaling target)
//   --skip-diff        leave out `npm run diff` (an endpoint added in the working tree; cold and warm)
//   --with-tests       also time `npm test` once, in the checkout, against one synthesis
//   --save-reference   also write bench/reference.json (committed); results/latest.json is always written
//   --out FILE         results file (default bench/results/latest.json)
//
// Method
// - Every case is a fresh process ("cold" process: Node start, launcher, module loading,
//   synthesis, output publishing), run in a throwaway copy of the repository whose node_modules is
//   a symlink, because synth writes dist/ and cdktf.out/ at the repository root. The checkout is
//   never written (except --save-reference / results).
// - Fast path = what `npm run synth` runs: `node src/bin/run.cjs synth [--only=k8s|gcp]` (the bundled
//   entry points). One untimed warm-up run first builds the bundle (.build/) and fills the OS page
//   cache, which a developer's second run also has; one extra run after deleting .build/ shows the
//   first run after a change (bundle rebuilt), and one runs the sources through tsx as before the
//   bundle (`node --require tsx/cjs src/bin/synth.ts`); both reported, not targets.
// - Library-load floor: node with tsx's hook loading constructs, cdktf, cdk8s, cdk8s-plus-28 and one
//   provider resource, nothing else: what any synthesis with these libraries pays. Synthesis is
//   reported as a multiple of it.
// - Wall time: hrtime around spawnSync. CPU time: user + system of every Node process of the command
//   (rss-hook.cjs), far less inflated than wall time when other work shares the machine. Memory: see
//   lib/measure.mjs (VmHWM of every Node process via a preloaded hook; GNU time's %M as a cross-check).
// - Naive baseline: the same GCP stacks with package-root provider imports, run by ts-node with
//   type-checking (its default), from a GCP-only entry (lib/sandbox.mjs GCP_ENTRY) with the same
//   config, against `npm run synth -- --only=gcp`; the two cdktf.out trees are compared byte for byte.
// - Scaling: generated configs with 1/10/30/63 endpoints, both halves in one process. 63 is the most
//   one Gateway holds (Gateway API: at most 64 listeners, one HTTP plus one HTTPS per endpoint), so
//   100 or 500 endpoints are refused by validation; the bench checks that refusal (exit 2, one line).
// - The targets are evaluated and printed as PASS/FAIL; the exit code is 0 whatever they say, and 1
//   only when the bench itself broke (a synthesis failed, a rewrite was impossible, ...).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv, cleanupScratch, hasGnuTime, measure, repeat, summarize } from './lib/measure.mjs';
import {
  GCP_ENTRY, compareTrees, countK8sObjects, countTfObjects, endpointsConfig, ensureDir, folderSize,
  makeSandbox, removeSandbox, rewriteToRootImports, writeGcpEntry, writeNaiveTsconfig,
} from './lib/sandbox.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCALE_SIZES = [1, 10, 30, 63];
const REFUSED_SIZE = 500;
const TARGETS = {
  bothMedianMs: 2500,
  bothPeakMb: 350,
  overFloor: 2,
  speedup: 10,
  scaleMaxOver1: 2,
  diffOverSynth: 2,
  npmTestMs: 30_000,
};
// The library-load floor: the libraries every synthesis loads, and one provider resource.
const FLOOR_SCRIPT = ['constructs', 'cdktf', 'cdk8s', 'cdk8s-plus-28', '@cdktf/provider-google/lib/compute-address'].map((m) => `require(${JSON.stringify(m)});`).join('');

function parseArgs(argv) {
  const opts = { runs: 5, naiveRuns: 3, scaleRuns: 3, skipNaive: false, skipScaling: false, skipDiff: false, withTests: false, saveReference: false, out: path.join(REPO_ROOT, 'bench/results/latest.json') };
  const num = (flag, v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: a whole number >= 1 is needed, got ${JSON.stringify(v)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--runs': opts.runs = num(flag, value()); break;
      case '--naive-runs': opts.naiveRuns = num(flag, value()); break;
      case '--scale-runs': opts.scaleRuns = num(flag, value()); break;
      case '--skip-naive': opts.skipNaive = true; break;
      case '--skip-scaling': opts.skipScaling = true; break;
      case '--skip-diff': opts.skipDiff = true; break;
      case '--with-tests': opts.withTests = true; break;
      case '--save-reference': opts.saveReference = true; break;
      case '--out': opts.out = path.resolve(value()); break;
      case '--help': case '-h':
        process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 12).map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
        process.exit(0);
        break;
      default: throw new Error(`unknown option ${argv[i]} (see --help)`);
    }
  }
  return opts;
}

const log = (msg) => process.stderr.write(`${msg}\n`);
const fmtMs = (ms) => (ms === undefined ? '-' : `${Math.round(ms)}`);
const fmtMb = (mb) => (mb === undefined ? '-' : mb.toFixed(0));
const progress = (label) => (s, i) => log(`  ${label} #${i + 1}: ${Math.round(s.ms)} ms, worker ${s.workerKb ? Math.round(s.workerKb / 1024) : '?'} MB, tree ${s.treeKb ? Math.round(s.treeKb / 1024) : '?'} MB`);

function pkgVersion(name) {
  try {
    return JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function machineInfo() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model?.trim(),
    cores: cpus.length,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    date: new Date().toISOString(),
    gnuTime: hasGnuTime(),
    versions: Object.fromEntries(['tsx', 'ts-node', 'typescript', 'cdktf', '@cdktf/provider-google', '@cdktf/provider-helm', 'cdk8s', 'cdk8s-plus-28'].map((n) => [n, pkgVersion(n)])),
    gitHead: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout?.trim() || undefined,
    gitDirty: (spawnSync('git', ['status', '--porcelain', '--', 'src', 'imports', 'config'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout ?? '').trim().length > 0,
  };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const results = { machine: machineInfo(), options: { ...opts, out: path.relative(REPO_ROOT, opts.out) }, targets: TARGETS };
  log(`bench: ${results.machine.cpuModel}, ${results.machine.cores} cores, node ${results.machine.node}, load ${results.machine.loadAverageAtStart.join(' ')}`);

  const sandboxes = [];
  try {
    // ---- 1. fast path, default config -------------------------------------------------------
    const fast = makeSandbox(REPO_ROOT, 'fast');
    sandboxes.push(fast);
    // What `npm run synth` runs (package.json).
    const node = process.execPath;
    const TSX_HOOK = ['--require', 'tsx/cjs'];
    const synthArgs = { k8s: ['src/bin/run.cjs', 'synth', '--only=k8s'], gcp: ['src/bin/run.cjs', 'synth', '--only=gcp'], both: ['src/bin/run.cjs', 'synth'] };
    log('warm-up (untimed): bundle build, tsx transform cache and page cache');
    measure(node, synthArgs.both, { cwd: fast, label: 'warm-up synth' });
    measure(node, [...TSX_HOOK, '-e', FLOOR_SCRIPT], { cwd: fast, label: 'warm-up floor' });

    results.fast = {};
    // Floor and synthesis interleaved, so a change in the machine's load touches both alike.
    const floorSamples = [];
    const bothSamples = [];
    for (let i = 0; i < opts.runs; i++) {
      floorSamples.push(measure(node, [...TSX_HOOK, '-e', FLOOR_SCRIPT], { cwd: fast, label: 'library-load floor' }));
      progress('floor')(floorSamples[i], i);
      bothSamples.push(measure(node, synthArgs.both, { cwd: fast, label: 'synth both' }));
      progress('both')(bothSamples[i], i);
    }
    results.floor = summarize(floorSamples);
    results.fast.both = summarize(bothSamples);
    for (const half of ['k8s', 'gcp']) {
      log(`fast ${half}: node ${synthArgs[half].join(' ')}`);
      results.fast[half] = repeat(opts.runs, () => measure(node, synthArgs[half], { cwd: fast, label: `synth ${half}` }), progress(half));
    }
    log('fast both after a change (bundle rebuilt), once');
    results.fast.bothRebuild = repeat(1, () => {
      rmSync(path.join(fast, '.build'), { recursive: true, force: true });
      return measure(node, synthArgs.both, { cwd: fast, label: 'synth both (rebuild)' });
    }, progress('both, rebuilt'));
    log('both halves from the sources through tsx (no bundle), once');
    results.fast.bothTsx = repeat(1, () => measure(node, [...TSX_HOOK, 'src/bin/synth.ts'], { cwd: fast, label: 'synth both (tsx)' }), progress('both, tsx'));
    results.overFloor = { wall: round2(results.fast.both.medianMs / results.floor.medianMs), cpu: round2(results.fast.both.medianCpuMs / results.floor.medianCpuMs) };
    results.output = {
      dist: { ...folderSize(path.join(fast, 'dist')), objects: countK8sObjects(path.join(fast, 'dist')) },
      cdktfOut: { ...folderSize(path.join(fast, 'cdktf.out')), ...countTfObjects(path.join(fast, 'cdktf.out')) },
    };

    // ---- 1b. npm run diff: merge-base -> working tree with one endpoint added --------------------
    // Cold: a fresh cache each run, so both revisions are synthesized (in parallel). Warm: the base
    // commit's tree comes from the cache of an earlier run, as on a developer's second diff.
    if (!opts.skipDiff) {
      const git = (...args) => spawnSync('git', args, { cwd: fast, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' } });
      for (const file of ['package-lock.json', '.gitignore']) writeFileSync(path.join(fast, file), readFileSync(path.join(REPO_ROOT, file)));
      git('init', '--quiet', '--initial-branch=main');
      writeFileSync(path.join(fast, '.git/info/exclude'), 'node_modules\nbench-configs/\n');
      git('add', '-A');
      git('commit', '--quiet', '-m', 'bench');
      const configFile = path.join(fast, 'config/default.yaml');
      const config = readFileSync(configFile, 'utf8');
      writeFileSync(configFile, config.replace(/endpoints:\n/, 'endpoints:\n  - hostname: bench.wti.net\n    backend: placeholder\n'));
      const diffArgs = ['src/bin/run.cjs', 'diff', '--json'];
      const cacheRoot = ensureDir(path.join(fast, '.bench-diff-cache'));
      let n = 0;
      log(`diff cold: node ${diffArgs.join(' ')} (fresh cache each run)`);
      const cold = repeat(opts.runs, () => measure(node, diffArgs, { cwd: fast, env: { DIFF_DEPENDENCY_CACHE: path.join(cacheRoot, `cold-${++n}`) }, label: 'diff cold' }), progress('diff cold'));
      const warmCache = path.join(cacheRoot, 'warm');
      measure(node, diffArgs, { cwd: fast, env: { DIFF_DEPENDENCY_CACHE: warmCache }, label: 'diff warm-up' });
      log(`diff warm: node ${diffArgs.join(' ')} (base from the cache)`);
      const warm = repeat(opts.runs, () => measure(node, diffArgs, { cwd: fast, env: { DIFF_DEPENDENCY_CACHE: warmCache }, label: 'diff warm' }), progress('diff warm'));
      writeFileSync(configFile, config);
      rmSync(path.join(fast, '.git'), { recursive: true, force: true });
      rmSync(cacheRoot, { recursive: true, force: true });
      const ratio = (t) => Math.round((t.medianMs / results.fast.both.medianMs) * 100) / 100;
      results.diff = { cold, warm, coldOverSynth: ratio(cold), warmOverSynth: ratio(warm) };
    }

    // ---- 2. naive baseline -------------------------------------------------------------------
    if (!opts.skipNaive) {
      const fastGcp = results.fast.gcp;
      const naive = makeSandbox(REPO_ROOT, 'naive');
      sandboxes.push(naive);
      writeGcpEntry(naive);
      const rewrite = rewriteToRootImports(REPO_ROOT, path.join(naive, 'src'));
      const tsconfig = writeNaiveTsconfig(naive);
      const tsNode = path.join(naive, 'node_modules/.bin/ts-node');
      log(`naive baseline: ts-node (type-checking) ${GCP_ENTRY}, ${rewrite.imports} imports in ${rewrite.files} files rewritten to the package root`);
      const naiveGcp = repeat(opts.naiveRuns, () => measure(tsNode, ['--project', tsconfig, GCP_ENTRY], { cwd: naive, label: 'naive baseline' }), progress('naive'));
      const same = compareTrees(path.join(fast, 'cdktf.out'), path.join(naive, 'cdktf.out'));
      results.naive = {
        command: `ts-node --project tsconfig.naive.json ${GCP_ENTRY} (package-root imports)`,
        fastCommand: `node ${synthArgs.gcp.join(' ')}`,
        rewrite,
        fast: fastGcp,
        naive: naiveGcp,
        speedup: round2(naiveGcp.medianMs / fastGcp.medianMs),
        cpuSpeedup: round2(naiveGcp.medianCpuMs / fastGcp.medianCpuMs),
        memoryRatio: naiveGcp.workerPeakMb && fastGcp.workerPeakMb ? Math.round((naiveGcp.workerPeakMb / fastGcp.workerPeakMb) * 100) / 100 : undefined,
        outputIdentical: same.identical,
        outputComparison: same,
      };
    }

    // ---- 3. scaling --------------------------------------------------------------------------
    if (!opts.skipScaling) {
      results.scaling = [];
      for (const n of SCALE_SIZES) {
        const file = path.join(ensureDir(path.join(fast, 'bench-configs')), `endpoints-${n}.yaml`);
        writeFileSync(file, endpointsConfig(n));
        log(`scaling: ${n} endpoint(s), both halves`);
        const timing = repeat(opts.scaleRuns, () => measure(node, synthArgs.both, { cwd: fast, env: { INFRA_CONFIG: file }, label: `synth ${n} endpoints` }), progress(`${n} endpoints`));
        results.scaling.push({
          endpoints: n,
          ...timing,
          dist: { ...folderSize(path.join(fast, 'dist')), objects: countK8sObjects(path.join(fast, 'dist')) },
          cdktfOut: { ...folderSize(path.join(fast, 'cdktf.out')), ...countTfObjects(path.join(fast, 'cdktf.out')) },
        });
      }
      const at = (n) => results.scaling.find((s) => s.endpoints === n);
      const slope = (a, b) => (at(b).medianMs - at(a).medianMs) / (b - a);
      const [first, , mid, last] = SCALE_SIZES;
      results.scalingSummary = {
        range: [first, mid, last],
        msPerEndpointFirstHalf: round2(slope(first, mid)),
        msPerEndpointSecondHalf: round2(slope(mid, last)),
        // ~1 = linear; > 1 = later endpoints cost more (superlinear). Noisy when both slopes are tiny.
        slopeRatio: round2(slope(mid, last) / slope(first, mid)),
        bytesPerEndpointDist: Math.round((at(last).dist.bytes - at(first).dist.bytes) / (last - first)),
        bytesPerEndpointCdktfOut: Math.round((at(last).cdktfOut.bytes - at(first).cdktfOut.bytes) / (last - first)),
        timeMaxOver1: round2(at(last).medianMs / at(first).medianMs),
      };
      // Beyond one Gateway's listener limit the config is refused before anything is written.
      const refusedFile = path.join(fast, 'bench-configs', `endpoints-${REFUSED_SIZE}.yaml`);
      writeFileSync(refusedFile, endpointsConfig(REFUSED_SIZE));
      const refused = spawnSync(node, synthArgs.both, { cwd: fast, env: { ...cleanEnv(), INFRA_CONFIG: refusedFile }, encoding: 'utf8' });
      results.refused = { endpoints: REFUSED_SIZE, exitCode: refused.status, stderr: refused.stderr.trim().split('\n') };
      log(`scaling: ${REFUSED_SIZE} endpoints refused with exit ${refused.status}: ${results.refused.stderr[0]}`);
    }

    // ---- optional: npm test ------------------------------------------------------------------
    if (opts.withTests) {
      log('npm test (in the checkout), once');
      // CPU time of the whole tree (GNU time: jest, its workers and their children): wall time on an
      // idle machine is at least CPU time / cores, whatever else shares the machine now.
      const cpuFile = path.join(os.tmpdir(), `edge-bench-npm-test-${process.pid}.txt`);
      const [cmd, argv] = hasGnuTime() ? ['/usr/bin/time', ['-f', '%U %S', '-o', cpuFile, 'npm', 'test', '--silent']] : ['npm', ['test', '--silent']];
      const t0 = process.hrtime.bigint();
      const r = spawnSync(cmd, argv, { cwd: REPO_ROOT, env: cleanEnv(), encoding: 'utf8', maxBuffer: 256 << 20 });
      const ms = Math.round(Number(process.hrtime.bigint() - t0) / 1e6);
      const cpuMs = existsSync(cpuFile) ? Math.round(readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').reduce((a, x) => a + Number(x), 0) * 1000) : undefined;
      rmSync(cpuFile, { force: true });
      results.npmTest = {
        ms,
        cpuMs,
        idleLowerBoundMs: cpuMs === undefined ? undefined : Math.round(cpuMs / os.cpus().length),
        syntheses: round2(ms / results.fast.both.medianMs),
        loadAverage: os.loadavg().map((x) => round2(x)),
        exitCode: r.status,
        summary: ((r.stderr ?? '') + (r.stdout ?? '')).split('\n').filter((l) => /^(Tests|Test Suites|Time):/.test(l)),
      };
    }
  } finally {
    sandboxes.forEach(removeSandbox);
    cleanupScratch();
  }

  results.machine.loadAverageAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  results.verdicts = evaluate(results);
  results.benchWallSeconds = Math.round((Date.now() - started) / 1000);

  // ---- report ----------------------------------------------------------------------------
  const reference = readReference();
  process.stdout.write(report(results, reference));
  ensureDir(path.dirname(opts.out));
  writeFileSync(opts.out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nresults: ${path.relative(process.cwd(), opts.out) || opts.out}\n`);
  if (opts.saveReference) {
    const ref = path.join(REPO_ROOT, 'bench/reference.json');
    writeFileSync(ref, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`reference: ${path.relative(process.cwd(), ref)}\n`);
  }
}

function evaluate(r) {
  const v = [];
  const both = r.fast.both;
  const peak = both.treePeakMb ?? both.workerPeakMb;
  v.push({ target: `default config, both halves: median wall < ${TARGETS.bothMedianMs} ms`, value: `${both.medianMs} ms`, pass: both.medianMs < TARGETS.bothMedianMs });
  v.push({ target: `default config, both halves: peak RSS < ${TARGETS.bothPeakMb} MB (process tree)`, value: `${fmtMb(peak)} MB tree, ${fmtMb(both.workerPeakMb)} MB worker`, pass: peak < TARGETS.bothPeakMb });
  v.push({ target: `both halves <= ${TARGETS.overFloor}x the library-load floor (median/median, wall)`, value: `${r.overFloor.wall}x (${both.medianMs} / ${r.floor.medianMs} ms; CPU ${r.overFloor.cpu}x)`, pass: r.overFloor.wall <= TARGETS.overFloor });
  if (r.naive) {
    v.push({ target: `>= ${TARGETS.speedup}x faster than the naive baseline (median/median, wall)`, value: `${r.naive.speedup}x (${r.naive.naive.medianMs} / ${r.naive.fast.medianMs} ms; CPU ${r.naive.cpuSpeedup}x)`, pass: r.naive.speedup >= TARGETS.speedup });
    v.push({ target: 'naive baseline output byte-identical (fairness check)', value: r.naive.outputIdentical ? `${r.naive.outputComparison.files} files identical` : 'DIFFERENT', pass: r.naive.outputIdentical });
  }
  if (r.diff) {
    v.push({ target: `npm run diff (base cached) < ${TARGETS.diffOverSynth}x one synthesis (median/median)`, value: `${r.diff.warmOverSynth}x (${r.diff.warm.medianMs} / ${both.medianMs} ms); cold ${r.diff.coldOverSynth}x (${r.diff.cold.medianMs} ms)`, pass: r.diff.warmOverSynth < TARGETS.diffOverSynth });
  }
  if (r.scalingSummary) {
    const [, , max] = r.scalingSummary.range;
    v.push({ target: `${max} endpoints (one Gateway's maximum) < ${TARGETS.scaleMaxOver1}x the time of 1 endpoint`, value: `${r.scalingSummary.timeMaxOver1}x`, pass: r.scalingSummary.timeMaxOver1 < TARGETS.scaleMaxOver1 });
    v.push({ target: `${REFUSED_SIZE} endpoints refused by validation (exit 2), nothing written`, value: `exit ${r.refused.exitCode}`, pass: r.refused.exitCode === 2 });
  }
  if (r.npmTest) {
    v.push({ target: `npm test passes within ${TARGETS.npmTestMs / 1000} s (idle machine)`, value: `${(r.npmTest.ms / 1000).toFixed(1)} s, exit ${r.npmTest.exitCode}, load ${r.npmTest.loadAverage[0]} at end`, pass: r.npmTest.exitCode === 0 && r.npmTest.ms <= TARGETS.npmTestMs });
  }
  return v;
}

function readReference() {
  const file = path.join(REPO_ROOT, 'bench/reference.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function report(r, ref) {
  const m = r.machine;
  const out = [];
  out.push(`\nSynthesis benchmark — ${m.date}`);
  out.push(`${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB, ${m.platform}, node ${m.node}, load at start ${m.loadAverageAtStart.join(' ')}`);
  out.push(`tsx ${m.versions.tsx}, ts-node ${m.versions['ts-node']}, typescript ${m.versions.typescript}, cdktf ${m.versions.cdktf}, provider-google ${m.versions['@cdktf/provider-google']}; git ${m.gitHead ?? '?'}${m.gitDirty ? ' (+ uncommitted changes)' : ''}`);
  const busy = Math.max(m.loadAverageAtStart[0], m.loadAverageAtEnd?.[0] ?? 0);
  if (busy > m.cores / 2) out.push(`WARNING: the machine was busy (1-min load ${m.loadAverageAtStart[0]} at start, ${m.loadAverageAtEnd?.[0]} at end, ${m.cores} cores): other processes inflate and scatter the timings; rerun when idle`);
  out.push(`memory: VmHWM per Node process via preload hook; "tree" = sum over the tree, "worker" = largest process${m.gnuTime ? '; "time" = GNU time %M' : ''}`);

  const row = (label, s, refS) => [
    label, s.runs, fmtMs(s.medianMs), `${fmtMs(s.minMs)}–${fmtMs(s.maxMs)}`, `${fmtMs(s.p10Ms)}–${fmtMs(s.p90Ms)}`, fmtMs(s.medianCpuMs),
    fmtMb(s.workerPeakMb), fmtMb(s.treePeakMb), fmtMb(s.timePeakMb), s.processes ?? '-', refS ? fmtMs(refS.medianMs) : '-',
  ];
  const headers = ['case', 'runs', 'median ms', 'min–max', 'p10–p90', 'CPU ms', 'worker MB', 'tree MB', 'time MB', 'procs', 'ref median'];
  const rows = [
    row('library-load floor (tsx: constructs, cdktf, cdk8s, cdk8s-plus-28, 1 resource)', r.floor, ref?.floor),
    row('fast k8s   (npm run synth -- --only=k8s)', r.fast.k8s, ref?.fast?.k8s),
    row('fast gcp   (npm run synth -- --only=gcp)', r.fast.gcp, ref?.fast?.gcp),
    row('fast both  (npm run synth)', r.fast.both, ref?.fast?.both),
    row('fast both, first run after a change (bundle rebuilt)', r.fast.bothRebuild, ref?.fast?.bothRebuild),
    row('both from the sources through tsx (no bundle)', r.fast.bothTsx, ref?.fast?.bothTsx),
  ];
  if (r.naive) rows.push(row('naive gcp-only entry (ts-node, root imports)', r.naive.naive, ref?.naive?.naive));
  out.push('', table(headers, rows));
  out.push(`default output: dist/ ${r.output.dist.files} files, ${r.output.dist.bytes} B, ${r.output.dist.objects} k8s objects; cdktf.out/ ${r.output.cdktfOut.files} files, ${r.output.cdktfOut.bytes} B, ${r.output.cdktfOut.resources} resources + ${r.output.cdktfOut.dataSources} data sources`);
  out.push(`synthesis (both halves) = ${r.overFloor.wall}x the library-load floor (CPU ${r.overFloor.cpu}x)`);
  if (r.naive) {
    out.push(`naive baseline: ${r.naive.rewrite.imports} provider imports in ${r.naive.rewrite.files} files rewritten to the package root; speed-up over npm run synth -- --only=gcp ${r.naive.speedup}x (CPU ${r.naive.cpuSpeedup}x), memory ${r.naive.memoryRatio ?? '?'}x; output ${r.naive.outputIdentical ? `byte-identical (${r.naive.outputComparison.files} files)` : `DIFFERS: ${JSON.stringify(r.naive.outputComparison)}`}`);
  }
  if (r.scaling) {
    out.push('', 'Scaling (both halves, generated endpoints e<i>.wti.net)');
    out.push(table(
      ['endpoints', 'runs', 'median ms', 'min–max', 'worker MB', 'tree MB', 'dist/ bytes', 'k8s objs', 'cdktf.out/ bytes', 'tf res+data'],
      r.scaling.map((s) => [s.endpoints, s.runs, fmtMs(s.medianMs), `${fmtMs(s.minMs)}–${fmtMs(s.maxMs)}`, fmtMb(s.workerPeakMb), fmtMb(s.treePeakMb), s.dist.bytes, s.dist.objects, s.cdktfOut.bytes, `${s.cdktfOut.resources}+${s.cdktfOut.dataSources}`]),
    ));
    const ss = r.scalingSummary;
    const [a, b, c] = ss.range;
    out.push(`per extra endpoint: ${ss.msPerEndpointFirstHalf} ms (${a}→${b}), ${ss.msPerEndpointSecondHalf} ms (${b}→${c}), ratio ${ss.slopeRatio} (${ss.slopeRatio <= 1.5 ? 'roughly linear' : Math.max(ss.msPerEndpointFirstHalf, ss.msPerEndpointSecondHalf) < 10 ? 'both slopes under 10 ms: within cold-process noise' : 'superlinear'}); ${ss.bytesPerEndpointDist} B dist/, ${ss.bytesPerEndpointCdktfOut} B cdktf.out/ per endpoint; ${c} vs ${a}: ${ss.timeMaxOver1}x`);
    out.push(`${r.refused.endpoints} endpoints: refused, exit ${r.refused.exitCode}: ${r.refused.stderr[0]}`);
  }
  if (r.npmTest) out.push('', `npm test: ${r.npmTest.ms} ms = ${r.npmTest.syntheses}x one synthesis (both halves, median), exit ${r.npmTest.exitCode}, load ${r.npmTest.loadAverage.join(' ')} at end; CPU ${r.npmTest.cpuMs ?? '?'} ms (idle ${m.cores}-core lower bound ${r.npmTest.idleLowerBoundMs ?? '?'} ms)${r.npmTest.summary.length ? ` (${r.npmTest.summary.join('; ')})` : ''}`);
  out.push('', 'Targets (report only; exit code stays 0)');
  for (const v of r.verdicts) out.push(`  ${v.pass ? 'PASS' : 'FAIL'}  ${v.target}: ${v.value}`);
  if (ref) out.push(`reference: bench/reference.json from ${ref.machine?.date} (${ref.machine?.cpuModel}, ${ref.machine?.cores} cores)`);
  out.push(`bench wall time: ${r.benchWallSeconds} s`);
  return `${out.join('\n')}\n`;
}

const round2 = (x) => Math.round(x * 100) / 100;

try {
  main();
} catch (error) {
  process.stderr.write(`bench broke: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
}
