import * as path from 'node:path';

/** How to run npm: the npm that started this process (npm run diff), else the one on PATH. */
export function npmCommand(): [string, string[]] {
  const execPath = process.env.npm_execpath;
  return execPath && /^npm-cli\.[cm]?js$/.test(path.basename(execPath)) ? [process.execPath, [execPath]] : ['npm', []];
}
