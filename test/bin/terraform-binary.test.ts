import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { missingTerraformNote, onPath, terraformBinary } from '../../src/bin/terraform-binary';

describe('the Terraform binary deploys need', () => {
  let bin: string;
  beforeAll(() => {
    bin = mkdtempSync(path.join(tmpdir(), 'bin-'));
    writeFileSync(path.join(bin, 'tofu'), '#!/bin/sh\n');
    chmodSync(path.join(bin, 'tofu'), 0o755);
    writeFileSync(path.join(bin, 'terraform'), 'not executable');
  });
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  test('is terraform unless TERRAFORM_BINARY_NAME names another', () => {
    expect(terraformBinary({})).toBe('terraform');
    expect(terraformBinary({ TERRAFORM_BINARY_NAME: 'tofu' })).toBe('tofu');
  });

  test('counts as present only when an executable file of that name is on PATH', () => {
    expect(onPath('tofu', { PATH: bin })).toBe(true);
    expect(onPath('terraform', { PATH: bin })).toBe(false);
    expect(onPath('tofu', { PATH: '' })).toBe(false);
    expect(onPath(path.join(bin, 'tofu'), { PATH: '' })).toBe(true);
  });

  test('missing, it gets one line naming the binary and what to install; present, nothing', () => {
    expect(missingTerraformNote({ PATH: bin, TERRAFORM_BINARY_NAME: 'tofu' })).toBeUndefined();
    const note = missingTerraformNote({ PATH: bin });
    expect(note).toMatch(/^note: 'terraform' is not on PATH: .*Terraform >= 1\.2 .*TERRAFORM_BINARY_NAME=tofu\)$/);
    expect(note).not.toContain('\n');
  });
});
