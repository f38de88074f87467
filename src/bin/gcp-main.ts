// The app cdktf.json runs for `cdktf synth` / `cdktf deploy`. The CLI passes its output folder in
// CDKTF_OUTDIR; the stacks are built beside it and swapped in only when synthesis succeeds.
import { loadEnvironments } from '../environments/environments';
import { synthesizeInto } from '../pipeline';
import { report, runCli } from './cli';
import { CDKTF_OUT_DIR, lockWaitMs } from './outputs';
import { missingTerraformNote } from './terraform-binary';

runCli(() => {
  report(synthesizeInto(loadEnvironments(), { gcp: process.env.CDKTF_OUTDIR ?? CDKTF_OUT_DIR }, { lockWaitMs: lockWaitMs() }).warnings);
  // cdktf runs this app before every deploy/diff: say up front what would otherwise fail obscurely.
  const note = missingTerraformNote();
  if (note) process.stderr.write(`${note}\n`);
});
