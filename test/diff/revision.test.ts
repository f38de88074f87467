import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { reuseBundle } from '../../src/diff/revision';

// Which bundle a checkout gets from the project (cli.test.ts shows that a reused one runs, and that a
// revision with other code builds its own).
describe('reuseBundle', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'diff-bundle-'));
  const project = path.join(dir, 'project');
  const bundle = path.join('.build', 'bin', 'entries.js');
  const stamp = `${bundle}.inputs.json`;
  let n = 0;
  const checkout = () => path.join(dir, `checkout-${(n += 1)}`);
  /** The project's bundle and stamp, written at these times (seconds). */
  const build = (bundleTime: number, stampTime: number) => {
    mkdirSync(path.join(project, '.build', 'bin'), { recursive: true });
    writeFileSync(path.join(project, bundle), 'module.exports = {};\n');
    writeFileSync(path.join(project, stamp), '{"inputs": {}}\n');
    utimesSync(path.join(project, bundle), bundleTime, bundleTime);
    utimesSync(path.join(project, stamp), stampTime, stampTime);
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a project that has no bundle yet: the checkout builds its own', () => {
    mkdirSync(project, { recursive: true });
    const root = checkout();
    reuseBundle(project, root);
    expect(existsSync(path.join(root, '.build'))).toBe(false);
  });

  test('a bundle and the stamp written after it are copied as they are, and the project\'s are left as they were', () => {
    build(1_000, 1_001);
    const root = checkout();
    reuseBundle(project, root);
    for (const file of [bundle, stamp]) expect(readFileSync(path.join(root, file))).toEqual(readFileSync(path.join(project, file)));
    // Copies, not links: a rebuild in the checkout never reaches the project.
    writeFileSync(path.join(root, bundle), 'rebuilt\n');
    expect(readFileSync(path.join(project, bundle), 'utf8')).toBe('module.exports = {};\n');
  });

  test('a bundle newer than its stamp (a rebuild caught between its two renames) is not copied', () => {
    build(1_002, 1_001);
    const root = checkout();
    reuseBundle(project, root);
    expect(existsSync(path.join(root, '.build'))).toBe(false);
  });
});
