// Throwaway copies of the repository (synth writes to fixed folders at the repository root, so the
// bench never runs in the checkout), the naive-baseline rewrite, generated configs, output stats.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** What a synthesis needs (same list as test/support/sandbox.ts); node_modules is symlinked. */
const COPIED = ['src', 'imports', 'config', 'crds/index.json', 'package.json', 'tsconfig.json', 'cdk8s.yaml', 'cdktf.json'];

export function makeSandbox(repoRoot, tag) {
  const dir = mkdtempSync(path.join(tmpdir(), `edge-bench-${tag}-`));
  for (const entry of COPIED) {
    if (existsSync(path.join(repoRoot, entry))) cpSync(path.join(repoRoot, entry), path.join(dir, entry), { recursive: true });
  }
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

export function removeSandbox(dir) {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The naive baseline's GCP-only entry point: what `npm run synth -- --only=gcp` does (the fast side
 * of the comparison, which also carries the pipeline and the k8s half's code in its bundle), without
 * the k8s half, which ts-node would otherwise type-check too. Same config, same cdktf.out bytes.
 */
export const GCP_ENTRY = 'src/bin/bench-gcp-main.ts';
const GCP_ENTRY_SOURCE = `// Written by bench/run.mjs into a throwaway copy; not part of the project.
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../config/load';
import { synthGcp } from '../gcp/synth';
import { publish, scratchFolder } from '../output/publish';
import { configDigest } from '../pipeline';
import { runCli } from './cli';
import { CDKTF_OUT_DIR } from './outputs';

runCli(() => {
  const config = loadConfig();
  const scratch = scratchFolder(path.dirname(CDKTF_OUT_DIR));
  try {
    const files = synthGcp([config], scratch);
    publish([{ source: scratch, target: CDKTF_OUT_DIR, configs: new Map([[config.environment, configDigest(config)]]), exclusive: false }]);
    process.stdout.write(\`gcp: \${files.length} files -> \${CDKTF_OUT_DIR}\\n\`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
`;

export function writeGcpEntry(sandbox) {
  writeFileSync(path.join(sandbox, GCP_ENTRY), GCP_ENTRY_SOURCE);
}

/**
 * Namespace export of each provider module, read from the package root's index.js
 * (`exports.computeAddress = require("./compute-address");`): module folder -> export name.
 */
export function rootNamespaces(repoRoot, pkg) {
  const index = readFileSync(path.join(repoRoot, 'node_modules', pkg, 'lib', 'index.js'), 'utf8');
  const map = new Map();
  for (const m of index.matchAll(/^exports\.(\w+) = require\("\.\/([^"]+)"\);$/gm)) map.set(m[2], m[1]);
  if (map.size === 0) throw new Error(`cannot read the namespace exports of ${pkg}/lib/index.js`);
  return map;
}

const DEEP_IMPORT = /^import\s+(type\s+)?\{([^}]*)\}\s+from\s+'(@cdktf\/provider-(?:google|helm))\/lib\/([^']+)';[ \t]*$/gm;

/**
 * Rewrites every deep provider import of the .ts files under `srcDir` into a package-root import,
 * the way the provider's own docs show it:
 *   import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
 * becomes
 *   import { containerCluster as google_containerCluster } from '@cdktf/provider-google';
 *   import ContainerCluster = google_containerCluster.ContainerCluster;
 * (an import alias keeps both the value and the type meaning, so the rest of the file is untouched
 * and type-checks as before). Returns { files, imports } counts; throws if a deep import is left.
 */
export function rewriteToRootImports(repoRoot, srcDir) {
  const namespaces = {
    '@cdktf/provider-google': rootNamespaces(repoRoot, '@cdktf/provider-google'),
    '@cdktf/provider-helm': rootNamespaces(repoRoot, '@cdktf/provider-helm'),
  };
  let files = 0;
  let imports = 0;
  for (const file of walk(srcDir).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(file, 'utf8');
    const rewritten = text.replace(DEEP_IMPORT, (_all, typeOnly, names, pkg, mod) => {
      const ns = namespaces[pkg].get(mod);
      if (!ns) throw new Error(`${path.relative(srcDir, file)}: ${pkg}/lib/${mod} has no namespace export in the package root`);
      imports++;
      // Both packages export a `provider` namespace: prefix the local name so they cannot collide.
      const local = `${pkg.endsWith('google') ? 'google' : 'helm'}_${ns}`;
      const aliases = names.split(',').map((n) => n.trim()).filter(Boolean).map((n) => {
        const [orig, name = orig] = n.replace(/^type\s+/, '').split(/\s+as\s+/);
        return `import ${name} = ${local}.${orig};`;
      });
      return [`import ${typeOnly ?? ''}{ ${ns} as ${local} } from '${pkg}';`, ...aliases].join('\n');
    });
    if (/@cdktf\/provider-(google|helm)\/lib\//.test(rewritten)) {
      throw new Error(`${path.relative(srcDir, file)}: a deep provider import the bench cannot rewrite is left`);
    }
    if (rewritten !== text) {
      writeFileSync(file, rewritten);
      files++;
    }
  }
  return { files, imports };
}

/**
 * The naive baseline's tsconfig for ts-node: the project's compiler options (ts-node needs
 * "module": "commonjs", forced here in case the project's changes), type-checking on (ts-node's
 * default; no transpileOnly, no swc).
 */
export function writeNaiveTsconfig(sandbox) {
  const original = JSON.parse(readFileSync(path.join(sandbox, 'tsconfig.json'), 'utf8'));
  const tsconfig = {
    ...original,
    compilerOptions: { ...original.compilerOptions, module: 'commonjs', moduleResolution: 'node', noEmit: false },
    'ts-node': { transpileOnly: false, files: false },
  };
  const file = path.join(sandbox, 'tsconfig.naive.json');
  writeFileSync(file, `${JSON.stringify(tsconfig, null, 2)}\n`);
  return file;
}

/**
 * A config with `n` endpoints e<i>.wti.net: odd ones the placeholder backend, even ones a Service
 * {service: svc-<i>, port: 8080}; every third one has allowCidrs.
 */
export function endpointsConfig(n) {
  const lines = [
    '# Generated by bench/run.mjs (scaling run).',
    'project:',
    '  id: wti-ai-platform',
    '  region: us-central1',
    'cluster:',
    '  name: wti-ai-autopilot',
    'dns:',
    '  domain: wti.net',
    '  zoneName: wti-net',
    'endpoints:',
  ];
  for (let i = 1; i <= n; i++) {
    lines.push(`  - hostname: e${i}.wti.net`);
    if (i % 2 === 1) lines.push('    backend: placeholder');
    else lines.push(`    backend: {service: svc-${i}, port: 8080}`);
    if (i % 3 === 0) lines.push(`    allowCidrs: ["203.0.113.0/24", "10.${i % 256}.0.0/16"]`);
  }
  return `${lines.join('\n')}\n`;
}

export function walk(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

/** Bytes and file count of a folder. */
export function folderSize(dir) {
  const files = walk(dir);
  return { files: files.length, bytes: files.reduce((a, f) => a + statSync(f).size, 0) };
}

/** Kubernetes objects in dist/: YAML documents with a top-level kind in the *.k8s.yaml files. */
export function countK8sObjects(distDir) {
  return walk(distDir).filter((f) => f.endsWith('.k8s.yaml'))
    .reduce((a, f) => a + (readFileSync(f, 'utf8').match(/^kind: /gm) ?? []).length, 0);
}

/** Terraform resources and data sources over all stacks in cdktf.out/. */
export function countTfObjects(outDir) {
  let resources = 0;
  let dataSources = 0;
  for (const f of walk(outDir).filter((p) => p.endsWith('cdk.tf.json'))) {
    const json = JSON.parse(readFileSync(f, 'utf8'));
    for (const byName of Object.values(json.resource ?? {})) resources += Object.keys(byName).length;
    for (const byName of Object.values(json.data ?? {})) dataSources += Object.keys(byName).length;
  }
  return { resources, dataSources };
}

/** Per-file sha256 of a folder, keyed by relative path. */
export function treeDigest(dir) {
  const digest = {};
  for (const f of walk(dir)) digest[path.relative(dir, f)] = createHash('sha256').update(readFileSync(f)).digest('hex');
  return digest;
}

/** Compares two folders file by file: { identical, onlyA, onlyB, differ }. */
export function compareTrees(a, b) {
  const da = treeDigest(a);
  const db = treeDigest(b);
  const onlyA = Object.keys(da).filter((k) => !(k in db));
  const onlyB = Object.keys(db).filter((k) => !(k in da));
  const differ = Object.keys(da).filter((k) => k in db && da[k] !== db[k]);
  return { identical: onlyA.length + onlyB.length + differ.length === 0, files: Object.keys(da).length, onlyA, onlyB, differ };
}

export function ensureDir(dir) {
  mkdirSync(dir, { recursive: true });
  return dir;
}
