// `npm run synth`: both halves of every environment, published together only if all succeed.
//   --env=NAME                 one environment (its Kubernetes folder; cdktf.out/ with its stacks only)
//   --only=k8s | --only=gcp    one half (the other output is left alone)
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../config/repo-root';
import { checkNoStrandedState, distDir, loadEnvironments, orphanedDistFolders } from '../environments/environments';
import { synthesizeInto, type Targets } from '../pipeline';
import { report, runCli } from './cli';
import { CDKTF_OUT_DIR, lockWaitMs } from './outputs';
import { parseSynthArgs } from './synth-args';

const TARGETS: Required<Targets> = { k8s: distDir, gcp: CDKTF_OUT_DIR };

runCli(() => {
  const { only, env } = parseSynthArgs(process.argv.slice(2));
  const targets: Targets = only ? { [only]: TARGETS[only] } : TARGETS;
  const configs = loadEnvironments({ only: env });
  // Only a run over every configured environment can tell which ones were removed.
  const allEnvironments = env === undefined && !process.env.INFRA_CONFIG;
  if (allEnvironments) checkNoStrandedState(configs);
  const { outputs } = synthesizeInto(configs, targets, { lockWaitMs: lockWaitMs() });
  const orphans = allEnvironments ? orphanedDistFolders(configs) : [];
  // An older synthesis parked whole output folders (with terraform's files) there; never deleted.
  const parked = readdirSync(REPO_ROOT).filter((e) => e.startsWith('.publish-') || e.startsWith('.synth-journal.json'));
  report([
    ...orphans.map((f) => `${f}/: no environment synthesizes it any more; remove it (git rm -r ${f}) once its cluster is torn down`),
    ...parked.map((e) => `${e}: left by an older synthesis that was interrupted; it may hold your files (terraform state): move them back, then delete it`),
  ]);
  for (const { half, target, files } of outputs) {
    const stacks = files.map((f) => /^stacks\/([^/]+)\/cdk\.tf\.json$/.exec(f)?.[1]).filter(Boolean);
    const what = half === 'gcp' ? `stacks ${stacks.join(', ') || '(none)'} (${files.length} files)` : `${files.length} files`;
    process.stdout.write(`${half}: ${what} -> ${path.relative(process.cwd(), target) || '.'}\n`);
  }
});
