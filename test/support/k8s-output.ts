import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { KUSTOMIZATION_FILE } from '../../src/k8s/kustomization';
import type { Config } from '../../src/config/schema';
import { synthK8s } from '../../src/k8s/synth';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  [key: string]: any;
}

export interface K8sOutput {
  /** Manifest file name -> its text. */
  readonly files: Map<string, string>;
  /** Every file written, including the kustomize entry point. */
  readonly written: string[];
  /** The kustomize entry point, parsed. */
  readonly kustomization: { apiVersion: string; kind: string; resources: string[] };
  /** Every object, in file order. */
  readonly objects: K8sObject[];
  /** Objects by manifest file. */
  readonly byFile: Map<string, K8sObject[]>;
  find(kind: string, name?: string): K8sObject;
  all(kind: string): K8sObject[];
}

/** Synthesizes the charts into a temporary folder, as `npm run synth` would, and parses the result. */
export function synthesize(config: Config): K8sOutput {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8s-'));
  try {
    synthK8s(config, dir);
    return readK8sOutput(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Parses a Kubernetes output folder (dist/, or what `synthesize` wrote): every manifest and the kustomize entry point. */
export function readK8sOutput(dir: string): K8sOutput {
  const manifests = readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort();
  const files = new Map(manifests.map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
  const byFile = new Map([...files].map(([f, text]) => [f, parseAllDocuments(text).map((d) => d.toJS() as K8sObject)]));
  const objects = [...byFile.values()].flat();
  const all = (kind: string) => objects.filter((o) => o.kind === kind);
  const find = (kind: string, name?: string) => {
    const matches = all(kind).filter((o) => name === undefined || o.metadata.name === name);
    if (matches.length !== 1) throw new Error(`expected one ${kind}${name ? ` named ${name}` : ''}, found ${matches.length}`);
    return matches[0];
  };
  const written = readdirSync(dir).sort();
  const kustomization = parse(readFileSync(path.join(dir, KUSTOMIZATION_FILE), 'utf8'));
  return { files, written, kustomization, objects, byFile, find, all };
}
