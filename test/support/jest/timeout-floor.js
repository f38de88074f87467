// Jest setupFilesAfterEnv: a timeout given to one test or hook can lengthen jest.config.js's hang
// guard (testTimeout), never shorten it. A shorter one is a guess at how fast this machine is, and a
// loaded machine proves it wrong (`two synthesis runs at once` failed at its 60 s under load).
const { testTimeout } = require('../../../jest.config.js');

const lengthen = (timeout) => (typeof timeout === 'number' ? Math.max(timeout, testTimeout) : timeout);

/** `test(name, fn, timeout)` and its `.each(table)(name, fn, timeout)` form, with the timeout lengthened. */
function floored(define) {
  const wrapped = (name, fn, timeout) => define(name, fn, lengthen(timeout));
  Object.assign(wrapped, define);
  if (define.each) wrapped.each = (...table) => { const bound = define.each(...table); return (name, fn, timeout) => bound(name, fn, lengthen(timeout)); };
  for (const variant of ['only', 'concurrent', 'failing']) if (define[variant]) wrapped[variant] = floored(define[variant]);
  return wrapped;
}

for (const name of ['test', 'it']) globalThis[name] = floored(globalThis[name]);
for (const name of ['beforeAll', 'afterAll', 'beforeEach', 'afterEach']) {
  const hook = globalThis[name];
  globalThis[name] = (fn, timeout) => hook(fn, lengthen(timeout));
}
