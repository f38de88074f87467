// The app cdk8s.yaml runs for `cdk8s synth`. That CLI empties its output folder before running the
// app, so cdk8s.yaml points it at a scratch folder and this app publishes every environment's folder
// (dist/, dist-<env>/) itself, file by file.
import { cpSync } from 'node:fs';
import * as path from 'node:path';
import { distDir, loadEnvironments } from '../environments/environments';
import { synthesizeInto } from '../pipeline';
import { runCli } from './cli';
import { DIST_DIR, lockWaitMs } from './outputs';

runCli(() => {
  synthesizeInto(loadEnvironments(), { k8s: distDir }, { lockWaitMs: lockWaitMs() });
  // Give the cdk8s CLI a copy too, so its validation plugins see the manifests.
  const cliOutdir = process.env.CDK8S_OUTDIR;
  if (cliOutdir && path.resolve(cliOutdir) !== DIST_DIR) cpSync(DIST_DIR, cliOutdir, { recursive: true });
});
