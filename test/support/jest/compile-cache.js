// Jest setupFiles: each test file compiles every module it loads again (jest-runtime compiles each
// module with vm.compileFunction in the test file's own context), and the libraries a synthesis
// loads are megabytes of JavaScript: parsing them was the largest single cost of the in-process
// tests. This keeps V8's code cache of each module for the rest of the worker's life, so a later
// test file that loads the same code deserializes it instead of parsing it. Only compiled code is
// shared: every test file still evaluates its own module instances. A cache entry is used only for
// the same file with the same source (V8 also checks the source and rejects a cache that does not fit).
const vm = require('node:vm');

// jest-runtime calls vm.compileFunction through the module object at each call, and a setup file's
// `require('node:vm')` is that same object, so one wrapper per worker covers every test file.
if (!vm.compileFunction.codeCache) {
  const compile = vm.compileFunction;
  const codeCache = new Map();
  const cached = function compileFunction(code, params, options) {
    const filename = options?.filename;
    if (typeof filename !== 'string' || options.cachedData !== undefined) return compile(code, params, options);
    const entry = codeCache.get(filename);
    if (entry?.code === code) {
      const fn = compile(code, params, { ...options, cachedData: entry.data });
      if (!fn.cachedDataRejected) return fn;
    }
    const fn = compile(code, params, { ...options, produceCachedData: true });
    if (fn.cachedData) codeCache.set(filename, { code, data: fn.cachedData });
    return fn;
  };
  cached.codeCache = codeCache;
  vm.compileFunction = cached;
}
