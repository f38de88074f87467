import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { reuseBundle } from '../../src/diff/revision';

// What a checkout gets from the project's .build/ (cli.test.ts shows that a reused bundle runs and a
// revision with other code builds its own; run-entry.test.ts that a bundle its stamp does not
// describe is never run).
describe('reuseBundle', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'diff-bundle-'));
  const project = path.join(dir, 'project');
  const files = ['entries.js', 'entries.js.inputs.json', 'entries.js.v8cache'].map((f) => path.join('.build', 'bin', f));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a project that has no bundle yet: the checkout builds its own', () => {
    mkdirSync(project, { recursive: true });
    const root = path.join(dir, 'first');
    reuseBundle(project, root);
    expect(existsSync(path.join(root, '.build'))).toBe(false);
  });

  test('the bundle, its stamp and its code cache are given to the checkout, and the project\'s are left as they were', () => {
    mkdirSync(path.join(project, '.build', 'bin'), { recursive: true });
    files.forEach((file, i) => writeFileSync(path.join(project, file), `file ${i}\n`));
    writeFileSync(path.join(project, '.build', 'bin', 'entries.js.123.partial'), 'a build in progress\n');
    const root = path.join(dir, 'second');
    reuseBundle(project, root);
    for (const file of files) expect(readFileSync(path.join(root, file))).toEqual(readFileSync(path.join(project, file)));
    expect(existsSync(path.join(root, '.build', 'bin', 'entries.js.123.partial'))).toBe(false);
    // A rebuild in the checkout replaces the file by rename, as run.cjs does: the project's stays.
    writeFileSync(path.join(root, `${files[0]}.1.partial`), 'rebuilt\n');
    renameSync(path.join(root, `${files[0]}.1.partial`), path.join(root, files[0]));
    expect(readFileSync(path.join(project, files[0]), 'utf8')).toBe('file 0\n');
  });
});
