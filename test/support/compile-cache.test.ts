// test/support/jest/compile-cache.js: a worker keeps each module's V8 code cache; test files share
// compiled code, never module instances, and a changed source is compiled from itself.
import * as vm from 'node:vm';
import { stringify } from 'yaml';

type Cached = typeof vm.compileFunction & { codeCache: Map<string, { code: string; data: Buffer }> };
const compile = vm.compileFunction as Cached;

test('modules this file loaded are cached by file name, and a second compile uses the cache', () => {
  expect(stringify({ loaded: true })).toBe('loaded: true\n');
  const yamlFile = require.resolve('yaml');
  const entry = compile.codeCache.get(yamlFile);
  expect(entry?.data.length).toBeGreaterThan(0);
  const again = compile(entry!.code, ['module'], { filename: yamlFile });
  expect(again.cachedDataRejected).toBe(false);
});

test('the same file name with other code runs that code, not the cached one', () => {
  const filename = '/nowhere/compile-cache-probe.js';
  expect(compile('return 1;', [], { filename })()).toBe(1);
  expect(compile.codeCache.get(filename)?.code).toBe('return 1;');
  expect(compile('return 2;', [], { filename })()).toBe(2);
  expect(compile('return 1;', [], { filename })()).toBe(1);
});

test('module instances stay per test file: an isolated registry evaluates the module again', () => {
  let first: unknown;
  let second: unknown;
  jest.isolateModules(() => { first = require('yaml'); });
  jest.isolateModules(() => { second = require('yaml'); });
  expect(first).not.toBe(second);
  expect((first as typeof import('yaml')).stringify({ a: 1 })).toBe('a: 1\n');
});
