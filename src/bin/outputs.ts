import * as path from 'node:path';
import { REPO_ROOT } from '../config/load';

/** Where synthesized output lives, fixed to the repository root whatever the working directory. */
export const DIST_DIR = path.join(REPO_ROOT, 'dist');
export const CDKTF_OUT_DIR = path.join(REPO_ROOT, 'cdktf.out');
