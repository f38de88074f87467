import * as path from 'node:path';
import { REPO_ROOT } from '../config/repo-root';
import { distDir } from '../environments/environments';

/** Where synthesized output lives, fixed to the repository root whatever the working directory. */
export const DIST_DIR = distDir('default');
export const CDKTF_OUT_DIR = path.join(REPO_ROOT, 'cdktf.out');

/** How long a run waits for another one holding the lock: SYNTH_LOCK_WAIT_SECONDS, default 60. */
export function lockWaitMs(env: Record<string, string | undefined> = process.env): number {
  const seconds = Number(env.SYNTH_LOCK_WAIT_SECONDS ?? '60');
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 60_000;
}
