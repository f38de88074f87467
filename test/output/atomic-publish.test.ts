import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stage } from '../../src/output/atomic-publish';

const fresh = () => {
  const parent = mkdtempSync(path.join(tmpdir(), 'publish-'));
  const target = path.join(parent, 'dist');
  mkdirSync(target);
  writeFileSync(path.join(target, 'old.yaml'), 'old');
  return { parent, target };
};

describe('atomic publish', () => {
  test('publish replaces the whole folder: new files in, stale files gone, no leftovers', () => {
    const { parent, target } = fresh();
    const staging = stage(target);
    writeFileSync(path.join(staging.dir, 'new.yaml'), 'new');
    staging.publish();
    expect(readdirSync(target)).toEqual(['new.yaml']);
    expect(readdirSync(parent)).toEqual(['dist']);
  });

  test('discard leaves the target byte-identical', () => {
    const { parent, target } = fresh();
    const staging = stage(target);
    writeFileSync(path.join(staging.dir, 'half.yaml'), 'half');
    staging.discard();
    expect(readFileSync(path.join(target, 'old.yaml'), 'utf8')).toBe('old');
    expect(readdirSync(parent)).toEqual(['dist']);
  });

  test('a run killed while building leaves a folder the next run removes', () => {
    const { parent, target } = fresh();
    mkdirSync(path.join(parent, '.publish-dist-new-999999'));
    stage(target).discard();
    expect(readdirSync(parent)).toEqual(['dist']);
  });

  test('a run killed between the two renames gets the old output back', () => {
    const { parent, target } = fresh();
    const staging = stage(target);
    // Simulate the first rename having happened: the target is parked under the old- name of a dead pid.
    const parked = path.join(parent, '.publish-dist-old-999999');
    renameSync(target, parked);
    staging.discard();
    stage(target).discard();
    expect(existsSync(parked)).toBe(false);
    expect(readFileSync(path.join(target, 'old.yaml'), 'utf8')).toBe('old');
  });

  test('the first publish creates the target', () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'publish-'));
    const target = path.join(parent, 'out');
    const staging = stage(target);
    writeFileSync(path.join(staging.dir, 'a'), 'a');
    staging.publish();
    expect(readdirSync(target)).toEqual(['a']);
  });
});

describe('what a deploy left behind survives the next synthesis', () => {
  test('kept entries are copied or moved into the new output, where their folder still exists', () => {
    const { target } = fresh();
    mkdirSync(path.join(target, 'stacks/platform/.terraform'), { recursive: true });
    writeFileSync(path.join(target, 'stacks/platform/.terraform/plugin'), 'binary');
    writeFileSync(path.join(target, 'stacks/platform/.terraform.lock.hcl'), 'lock');
    mkdirSync(path.join(target, 'stacks/removed'), { recursive: true });
    writeFileSync(path.join(target, 'stacks/removed/.terraform.lock.hcl'), 'orphan');
    const staging = stage(target);
    mkdirSync(path.join(staging.dir, 'stacks/platform'), { recursive: true });
    writeFileSync(path.join(staging.dir, 'stacks/platform/cdk.tf.json'), '{}');
    staging.publish({ copy: /^stacks\/[^/]+\/\.terraform\.lock\.hcl$/, move: /^stacks\/[^/]+\/\.terraform$/ });
    expect(readFileSync(path.join(target, 'stacks/platform/.terraform.lock.hcl'), 'utf8')).toBe('lock');
    expect(readFileSync(path.join(target, 'stacks/platform/.terraform/plugin'), 'utf8')).toBe('binary');
    expect(existsSync(path.join(target, 'stacks/removed'))).toBe(false);
    expect(existsSync(path.join(target, 'old.yaml'))).toBe(false);
  });
});
