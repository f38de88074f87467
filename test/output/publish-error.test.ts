import { PublishError, reason } from '../../src/output/publish-error';

test('a publish error is one line per problem', () => {
  const error = new PublishError(['a: first', 'b: second']);
  expect(error.message).toBe('a: first\nb: second');
  expect(error.name).toBe('PublishError');
  expect(error.problems).toEqual(['a: first', 'b: second']);
});

test.each([
  ['EACCES', 'permission denied (EACCES)'],
  ['EPERM', 'operation not permitted (immutable or protected) (EPERM)'],
  ['EBUSY', 'busy or a mount point (EBUSY)'],
  ['EXDEV', 'on another file system (a mount point) (EXDEV)'],
  ['EROFS', 'read-only file system (EROFS)'],
  ['ENOSPC', 'no space left on the device (ENOSPC)'],
  ['ENOTDIR', 'a file where a folder is needed (ENOTDIR)'],
  ['EISDIR', 'a folder where a file is needed (EISDIR)'],
  ['ENOTEMPTY', 'not empty (ENOTEMPTY)'],
  ['ENOENT', 'does not exist (ENOENT)'],
  ['EEXIST', 'already exists (EEXIST)'],
  ['EIO', 'failed (EIO)'],
])('a file-system failure %s is said in words', (code, words) => {
  expect(reason(Object.assign(new Error('x'), { code }))).toBe(words);
});

test('a failure without a code is its message', () => {
  expect(reason(new Error('plain'))).toBe('plain');
  expect(reason('text')).toBe('text');
  expect(reason(undefined)).toBe('undefined');
  expect(reason(null)).toBe('null');
});
