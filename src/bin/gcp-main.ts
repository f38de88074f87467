// The app cdktf.json runs for `cdktf synth` / `cdktf deploy`. The CLI passes its output folder in
// CDKTF_OUTDIR; the stacks are built beside it and swapped in only when synthesis succeeds.
import { loadConfig } from '../config/load';
import { synthGcp } from '../gcp/synth';
import { stage } from '../output/atomic-publish';
import { runCli } from './cli';
import { CDKTF_OUT_DIR } from './outputs';

runCli(() => {
  const config = loadConfig();
  const staging = stage(process.env.CDKTF_OUTDIR ?? CDKTF_OUT_DIR);
  try {
    synthGcp(config, staging.dir);
    staging.publish();
  } catch (error) {
    staging.discard();
    throw error;
  }
});
