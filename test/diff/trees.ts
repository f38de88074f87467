import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { parseConfig } from '../../src/config/load';
import { HALVES } from '../../src/pipeline';
import { loadTree, type SynthesizedTree } from '../../src/diff/tree';

/** The default config's content (config/default.yaml), as an object to vary. */
export const DEFAULT_CONFIG = {
  project: { id: 'wti-ai-platform', region: 'us-central1' },
  cluster: { name: 'wti-ai-autopilot' },
  dns: { domain: 'wti.net', zoneName: 'wti-net' },
  endpoints: [{ hostname: 'conductor.wti.net', backend: 'placeholder' }] as Record<string, unknown>[],
};

/** The mcp endpoint of config/examples/two-endpoints.yaml: an allowlist of two client ranges. */
export const MCP_ENDPOINT = { hostname: 'mcp.wti.net', backend: 'placeholder', allowCidrs: ['203.0.113.0/24', '198.51.100.7/32'] };

/** Synthesizes both halves of a config in-process, as `npm run synth` lays them out, and loads the tree. */
export function synthesizeTree(config: object): SynthesizedTree {
  const root = mkdtempSync(path.join(tmpdir(), 'diff-tree-'));
  try {
    const parsed = parseConfig(stringify(config), 'test.yaml');
    HALVES.k8s()([parsed], path.join(root, 'dist'));
    HALVES.gcp()([parsed], path.join(root, 'cdktf.out'));
    return loadTree(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
