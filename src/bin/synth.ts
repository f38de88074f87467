// `npm run synth`: both halves from one configuration, published only if both succeed.
//   --only=k8s | --only=gcp   synthesize one half (the other output is left alone)
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../config/load';
import { HALVES, synthesizeInto, type Half } from '../pipeline';
import { runCli } from './cli';
import { CDKTF_OUT_DIR, DIST_DIR } from './outputs';

const TARGETS: Record<Half, string> = { k8s: DIST_DIR, gcp: CDKTF_OUT_DIR };

runCli(() => {
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  if (only !== undefined && !(only in HALVES)) {
    throw new ConfigError('command line', [`--only: "${only}" is not allowed; allowed: ${Object.keys(HALVES).join(', ')}`]);
  }
  const targets = only ? { [only]: TARGETS[only as Half] } : TARGETS;
  const config = loadConfig();
  const written = synthesizeInto(config, targets);
  for (const [half, files] of Object.entries(written)) {
    process.stdout.write(`${half}: ${files.length} files -> ${path.relative(process.cwd(), TARGETS[half as Half]) || '.'}\n`);
  }
});
