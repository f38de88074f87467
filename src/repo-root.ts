import * as path from 'node:path';

/** The repository root, so its files (config/, dist/, cdktf.out/) are found from any working directory. */
export const REPO_ROOT = path.resolve(__dirname, '..');
