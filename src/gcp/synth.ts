import { readdirSync } from 'node:fs';
import type { Config } from '../config/schema';
import { buildGcpApp } from './app';

/**
 * Synthesizes every environment's stacks into `outdir` (one CDKTF app) and returns the files
 * written, relative to it.
 * @public loaded lazily by src/pipeline.ts
 */
export function synthGcp(configs: readonly Config[], outdir: string): string[] {
  buildGcpApp(configs, outdir).synth();
  return readdirSync(outdir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => `${e.parentPath ?? e.path}/${e.name}`.slice(outdir.length + 1))
    .sort();
}
