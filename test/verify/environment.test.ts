import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../../src/config/load';
import { configForEnv } from '../../src/verify/environment';

const root = mkdtempSync(path.join(tmpdir(), 'verify-env-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(path.join(root, 'config', 'environments'), { recursive: true });
writeFileSync(path.join(root, 'config', 'environments', 'prod.yaml'), 'project: {id: wti-ai-prod}\nendpoints: [{hostname: prod.wti.net}]\n');
writeFileSync(path.join(root, 'config', 'environments', 'dev.yaml'), 'project: {id: wti-ai-dev}\nendpoints: [{hostname: dev.wti.net}]\n');

describe('configForEnv', () => {
  it('default is config/default.yaml, or INFRA_CONFIG as for synth', () => {
    expect(configForEnv('default', { env: {} })).toEqual(loadConfig({ file: DEFAULT_CONFIG_FILE, env: {} }));
    const other = path.join(root, 'other.yaml');
    writeFileSync(other, 'project: {id: wti-ai-other}\nendpoints: [{hostname: other.wti.net}]\n');
    expect(configForEnv('default', { env: { INFRA_CONFIG: other } }).project.id).toBe('wti-ai-other');
  });

  it('another name is config/environments/<name>.yaml', () => {
    expect(configForEnv('prod', { env: {}, repoRoot: root }).project.id).toBe('wti-ai-prod');
  });

  it.each(['staging', '../prod', 'Prod', '', 'prod.yaml'])('%j is refused in one line that lists the known environments', (name) => {
    expect(() => configForEnv(name, { env: {}, repoRoot: root })).toThrow(`--env: ${JSON.stringify(name)} is not an environment; known: default, dev, prod`);
  });

  it('with no environments folder, only default is known', () => {
    expect(() => configForEnv('prod', { env: {}, repoRoot: path.join(root, 'nowhere') })).toThrow('known: default');
  });
});
