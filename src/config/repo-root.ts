import * as path from 'node:path';

/** The repository root (two levels up, as in the bundle .build/bin/: src/bin/run.cjs), so its files (config/, dist/, cdktf.out/) are found from any working directory. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
