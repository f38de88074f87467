import * as path from 'node:path';
import { fsProblem, PublishError, reason, shown } from '../../src/output/publish-error';

test('a publish error is one line per problem', () => {
  const error = new PublishError(['a: first', 'b: second']);
  expect(error.message).toBe('a: first\nb: second');
  expect(error.name).toBe('PublishError');
  expect(error.problems).toEqual(['a: first', 'b: second']);
  expect(error.partial).toBe(false);
  expect(new PublishError(['x'], true).partial).toBe(true);
});

test('a failed file-system call is one line: the path as the user would write it, and why', () => {
  const error = (code: string, extra: object) => Object.assign(new Error('x'), { code, ...extra });
  expect(fsProblem(error('ENOSPC', { path: path.join(process.cwd(), 'dist/x.yaml'), syscall: 'write' }))).toBe('dist/x.yaml: no space left on the device (ENOSPC)');
  expect(fsProblem(error('EIO', { syscall: 'fsync' }))).toBe('fsync: input/output error of the device (EIO)');
  expect(shown('/elsewhere/dist')).toBe('/elsewhere/dist');
  expect(shown(process.cwd())).toBe(process.cwd());
  expect(shown('../x')).toBe(path.resolve('../x'));
});

test.each([
  ['EACCES', 'permission denied (EACCES)'],
  ['EPERM', 'operation not permitted (immutable or protected) (EPERM)'],
  ['EBUSY', 'busy or a mount point (EBUSY)'],
  ['EROFS', 'read-only file system (EROFS)'],
  ['ENOSPC', 'no space left on the device (ENOSPC)'],
  ['ENOTDIR', 'a file where a folder is needed (ENOTDIR)'],
  ['EISDIR', 'a folder where a file is needed (EISDIR)'],
  ['EDQUOT', 'disk quota exceeded (EDQUOT)'],
  ['ELOOP', 'a loop of symlinks (ELOOP)'],
  ['ENOENT', 'does not exist (ENOENT)'],
  ['EEXIST', 'already exists (EEXIST)'],
  ['EIO', 'input/output error of the device (EIO)'],
  ['EWHATEVER', 'failed (EWHATEVER)'],
])('a file-system failure %s is said in words', (code, words) => {
  expect(reason(Object.assign(new Error('x'), { code }))).toBe(words);
});

test('a failure without a code is its message', () => {
  expect(reason(new Error('plain'))).toBe('plain');
  expect(reason('text')).toBe('text');
  expect(reason(undefined)).toBe('undefined');
  expect(reason(null)).toBe('null');
});
