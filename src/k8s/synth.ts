import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Config } from '../config/schema';
import { buildK8sApp } from './app';
import { KUSTOMIZATION_FILE, renderKustomization } from './kustomization';

/** Synthesizes every chart into `outdir` (which should be empty) and returns the manifest file names. */
export function synthK8s(config: Config, outdir: string): string[] {
  buildK8sApp(config, outdir).synth();
  const manifests = readdirSync(outdir).filter((f) => f.endsWith('.k8s.yaml')).sort();
  writeFileSync(path.join(outdir, KUSTOMIZATION_FILE), renderKustomization(manifests));
  return manifests;
}
