import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { listFiles } from '../../src/output/publish';

/** Every file in a folder, by relative path: made once, written out again by each test that needs it. */
export type Tree = Record<string, string>;

export function readTree(root: string): Tree {
  return Object.fromEntries(listFiles(root).map((rel) => [rel, readFileSync(path.join(root, rel), 'utf8')]));
}

/** A new temporary folder holding `files` (fewer calls than cpSync, which stats every entry twice). */
export function writeTree(files: Tree, prefix = 'tree-'): string {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  for (const dir of new Set(Object.keys(files).map((rel) => path.dirname(rel)))) mkdirSync(path.join(root, dir), { recursive: true });
  for (const [rel, text] of Object.entries(files)) writeFileSync(path.join(root, rel), text);
  return root;
}
