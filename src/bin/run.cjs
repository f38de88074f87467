// How the entry points start (package.json `synth`, `diff`, `verify`; cdk8s.yaml, cdktf.json):
//   node src/bin/run.cjs <entry> [args...]   runs src/bin/<entry>.ts with those arguments.
// Loading ~800 library modules is nearly all of a synthesis (synthesis itself is ~10 ms), and
// loading them through tsx's hook costs about twice what loading the libraries alone does. So the
// entries run from esbuild bundles (`npm run bench`: see README "Performance"), built on first
// use and again whenever one of its inputs changed. Not committed (.gitignore): a local cache.
'use strict';
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
// Two bundles: the synthesis entries, with the construct libraries (7 MB), and the tools, which
// need none of them and load in a fraction of the time.
const BUNDLES = { entries: ['synth', 'k8s-main', 'gcp-main'], tools: ['diff', 'verify'] };
const ENTRIES = Object.values(BUNDLES).flat();
const entry = process.argv[2];
if (!ENTRIES.includes(entry)) {
  process.stderr.write(`usage: node src/bin/run.cjs ${ENTRIES.join('|')} [args...]\n`);
  process.exit(2);
}
const source = path.join(ROOT, 'src', 'bin', `${entry}.ts`);
// Two levels under the repository, as src/bin is: src/config/load.ts finds the repository from
// __dirname, which in a bundle is the bundle's folder.
const bundleName = Object.keys(BUNDLES).find((name) => BUNDLES[name].includes(entry));
const bundle = path.join(ROOT, '.build', 'bin', `${bundleName}.js`);
const stampFile = `${bundle}.inputs.json`;
const codeCacheFile = `${bundle}.v8cache`;
const STDIN = `${bundleName}.js`;
// The entry sees the argv it would have seen run directly (the lock file names the command from it).
process.argv.splice(1, 2, source);

/**
 * What an input is, for deciding whether the bundle is current: the project's own files by content
 * (copies and checkouts change their times), installed packages by size and time (npm rewrites them).
 */
function fingerprint(file) {
  const full = path.join(ROOT, file);
  if (file.startsWith('node_modules/')) {
    const stat = fs.statSync(full);
    return `${stat.size}:${stat.mtimeMs}`;
  }
  return createHash('sha256').update(fs.readFileSync(full)).digest('base64');
}

/**
 * The bundle's bytes and SHA-256 when it is the one its stamp describes (the stamp records its
 * digest, so a bundle and stamp from different builds, or copied apart, never pass) and every input
 * is as it was when it was built; else undefined.
 */
function currentBundle() {
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
    if (!Object.entries(stamp.inputs).every(([file, print]) => fingerprint(file) === print)) return undefined;
    const source = fs.readFileSync(bundle);
    const digest = createHash('sha256').update(source).digest();
    return digest.toString('hex') === stamp.bundle ? { source, digest } : undefined;
  } catch {
    return undefined; // no stamp or bundle yet, or an input is gone
  }
}

/** Builds the bundle and its stamp, each written whole (a concurrent run reads the old or the new). */
function build() {
  const partial = `${bundle}.${process.pid}.partial`;
  const stampPartial = `${stampFile}.${process.pid}.partial`;
  try {
    const { metafile } = require('esbuild').buildSync({
      // Every entry of the bundle, each run only when asked for: they share one build.
      stdin: {
        contents: `module.exports = {${BUNDLES[bundleName].map((e) => `'${e}': () => require('./src/bin/${e}.ts')`).join(', ')}};`,
        resolveDir: ROOT,
        sourcefile: STDIN,
      },
      outfile: partial,
      absWorkingDir: ROOT,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      // Input paths stay relative to the repository when node_modules is a link (test and bench copies).
      preserveSymlinks: true,
      metafile: true,
      logLevel: 'silent',
    });
    // The bundler's version and settings are inputs too.
    const files = [...Object.keys(metafile.inputs).filter((f) => f !== STDIN), 'node_modules/esbuild/package.json', 'tsconfig.json', 'src/bin/run.cjs'];
    const inputs = Object.fromEntries(files.sort().map((file) => [file, fingerprint(file)]));
    const digest = createHash('sha256').update(fs.readFileSync(partial)).digest('hex');
    fs.writeFileSync(stampPartial, `${JSON.stringify({ bundle: digest, inputs }, null, 1)}\n`);
    fs.renameSync(partial, bundle);
    fs.renameSync(stampPartial, stampFile);
  } finally {
    fs.rmSync(partial, { force: true });
    fs.rmSync(stampPartial, { force: true });
  }
}

/**
 * Requires the bundle with V8's code cache: compiling 7 MB of JavaScript is a third of a run. The
 * cache starts with the SHA-256 of the bundle it was made from (V8 itself only checks the length) and
 * one byte, 1 when a whole synthesis made it. It is written, whole, after a run that had none, and
 * after a whole synthesis that found one made by a run of one half, so it holds both halves' code.
 */
function loadBundle({ source, digest }) {
  const Module = require('node:module');
  const vm = require('node:vm');
  const wholeRun = entry === 'synth' && !process.argv.slice(2).some((arg) => arg.startsWith('--only'));
  let cachedData;
  let wholeCache = false;
  try {
    const cache = fs.readFileSync(codeCacheFile);
    if (cache.subarray(0, digest.length).equals(digest)) {
      wholeCache = cache[digest.length] === 1;
      cachedData = cache.subarray(digest.length + 1);
    }
  } catch {
    // no cache yet
  }
  const script = new vm.Script(Module.wrap(source.toString('utf8')), { filename: bundle, cachedData });
  const missing = cachedData === undefined || script.cachedDataRejected;
  if (missing || (wholeRun && !wholeCache)) {
    process.once('exit', (code) => {
      if (!missing && code !== 0) return; // a failed run may have stopped before the second half
      const partial = `${codeCacheFile}.${process.pid}.partial`;
      try {
        fs.writeFileSync(partial, Buffer.concat([digest, Buffer.of(wholeRun && code === 0 ? 1 : 0), script.createCachedData()]));
        fs.renameSync(partial, codeCacheFile);
      } catch {
        fs.rmSync(partial, { force: true }); // a read-only or full disk: the next run compiles again
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(bundle), module, bundle, path.dirname(bundle));
  return module.exports;
}

let current = currentBundle();
if (!current) {
  try {
    fs.mkdirSync(path.dirname(bundle), { recursive: true });
    build();
    current = currentBundle();
  } catch {
    // Cannot bundle (a read-only checkout, a syntax error): run the source through tsx instead,
    // which reports any error in the code the way it always has.
  }
}
if (current) {
  loadBundle(current)[entry]();
} else {
  require('tsx/cjs');
  require(source);
}
