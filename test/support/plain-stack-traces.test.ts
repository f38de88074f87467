// test/support/jest/plain-stack-traces.js: traces on plain objects skip source maps; errors keep them.
import { Lazy, TerraformOutput, TerraformStack, Testing } from 'cdktf';

test('an error\'s trace still names the TypeScript line; a plain object\'s trace has every frame', () => {
  const plain = { stack: '' };
  const error = new Error('here'); // line 6
  Error.captureStackTrace(plain);
  expect(error.stack!.split('\n')[1]).toContain(`${__filename}:6:`);
  expect(plain.stack.split('\n')[1]).toContain(__filename);
  expect(plain.stack.split('\n').length).toBeGreaterThan(2);
});

test('a token cdktf cannot resolve still says where it was made (the reason cdktf keeps these traces)', () => {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new TerraformOutput(stack, 'out', { value: Lazy.stringValue({ produce: () => { throw new Error('cannot resolve'); } }) });
  expect(() => Testing.synth(stack)).toThrow(new RegExp(`cannot resolve[^]*Object creation stack:[^]*at Lazy\\.stringValue[^]*${__filename}`));
});
