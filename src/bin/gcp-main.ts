// The app cdktf.json runs for `cdktf synth` / `cdktf deploy`. The CLI passes its output folder in
// CDKTF_OUTDIR; the stacks are built in a scratch folder and published there only when synthesis succeeds.
import { loadEnvironments } from '../environments/environments';
import { synthesizeInto } from '../pipeline';
import { runCli } from './cli';
import { CDKTF_OUT_DIR, lockWaitMs } from './outputs';
import { missingTerraformNote } from './terraform-binary';

runCli(() => {
  synthesizeInto(loadEnvironments(), { gcp: process.env.CDKTF_OUTDIR ?? CDKTF_OUT_DIR }, { lockWaitMs: lockWaitMs() });
  // cdktf runs this app before every deploy/diff: say up front what would otherwise fail obscurely.
  const note = missingTerraformNote();
  if (note) process.stderr.write(`${note}\n`);
});
