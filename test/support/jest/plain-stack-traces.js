// Jest setupFiles: a stack trace captured on a plain object (not an Error) is formatted as V8 gives
// it, without jest's source-map lookup of every frame. cdktf captures a complete trace (no depth
// limit) for every token it creates (cdktf 0.21.0 lib/tokens/private/stack-trace.js), only to show
// where a token came from if it fails to resolve; mapping those frames cost more CPU than the rest of
// a CDKTF synthesis inside jest. Errors keep jest's mapped traces: a failing test still points at
// its TypeScript line.
const { AssertionError } = require('node:assert');

// Jest installs its formatter on the worker's own Error (@jest/source-map), not on this test
// context's, which V8 asks first for objects made here.
const WorkerError = Object.getPrototypeOf(AssertionError);
const plain = (target, frames) => `${target}${frames.map((frame) => `\n    at ${frame}`).join('')}`;

Error.prepareStackTrace = (target, frames) => (target instanceof Error && typeof WorkerError.prepareStackTrace === 'function'
  ? WorkerError.prepareStackTrace(target, frames)
  : plain(target, frames));
