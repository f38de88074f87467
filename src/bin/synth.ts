// `npm run synth`: both halves from one configuration, published only if both succeed.
//   --only=k8s | --only=gcp   synthesize one half (the other output is left alone)
import { ConfigError, loadConfig } from '../config/load';
import { synthGcp } from '../gcp/synth';
import { synthK8s } from '../k8s/synth';
import { stage, type Staging } from '../output/atomic-publish';
import { runCli } from './cli';
import { CDKTF_OUT_DIR, DIST_DIR } from './outputs';

const HALVES = {
  k8s: { target: DIST_DIR, synth: synthK8s },
  gcp: { target: CDKTF_OUT_DIR, synth: synthGcp },
} as const;

runCli(() => {
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  if (only !== undefined && !(only in HALVES)) throw new ConfigError('command line', [`--only: "${only}" is not allowed; allowed: k8s, gcp`]);
  const halves = Object.entries(HALVES).filter(([name]) => only === undefined || name === only);

  const config = loadConfig();
  const staged: Staging[] = [];
  try {
    for (const [name, half] of halves) {
      const staging = stage(half.target);
      staged.push(staging);
      const files = half.synth(config, staging.dir);
      process.stdout.write(`${name}: ${files.length} files -> ${half.target}\n`);
    }
  } catch (error) {
    staged.forEach((s) => s.discard());
    throw error;
  }
  staged.forEach((s) => s.publish());
});
