// The app cdk8s.yaml runs for `cdk8s synth`. That CLI empties its output folder before running the
// app, so cdk8s.yaml points it at a scratch folder and this app publishes dist/ atomically itself.
import { cpSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../config/load';
import { synthK8s } from '../k8s/synth';
import { stage } from '../output/atomic-publish';
import { runCli } from './cli';
import { DIST_DIR } from './outputs';

runCli(() => {
  const config = loadConfig();
  const staging = stage(DIST_DIR);
  try {
    synthK8s(config, staging.dir);
    staging.publish();
  } catch (error) {
    staging.discard();
    throw error;
  }
  // Give the cdk8s CLI a copy too, so its validation plugins see the manifests.
  const cliOutdir = process.env.CDK8S_OUTDIR;
  if (cliOutdir && path.resolve(cliOutdir) !== DIST_DIR) cpSync(DIST_DIR, cliOutdir, { recursive: true });
});
