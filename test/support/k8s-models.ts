import type { K8sObject } from './k8s-output';

// A fast schema check for npm test, where generated configurations (test/config/properties.test.ts)
// never meet a server: core and cert-manager objects against the kubernetes-models classes (ajv
// validators generated from the upstream OpenAPI schemas). Gateway API and Envoy Gateway objects, the
// CEL rules of every pinned CRD and admission run against the real API server in `npm run consumers`.

const MODEL_PACKAGES: Record<string, string> = {
  '': 'kubernetes-models',
  apps: 'kubernetes-models',
  policy: 'kubernetes-models',
  'networking.k8s.io': 'kubernetes-models',
  'cert-manager.io': '@kubernetes-models/cert-manager',
};

interface Model { new (data: object): { validate(): void } }

/** `Kind/name: path message` per schema problem; [] when valid or when only the real server checks the kind. */
export function modelProblems(object: K8sObject): string[] {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  const pkg = MODEL_PACKAGES[group];
  if (pkg === undefined) return [];
  const model = (require(`${pkg}/${group ? `${group}/` : ''}${version}/${object.kind}`) as Record<string, Model>)[object.kind];
  try {
    new model(object).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: { instancePath: string; message?: string }[] }).errors ?? [{ instancePath: '', message: (error as Error).message }];
    return errors.map((e) => `${object.kind}/${object.metadata.name}: ${e.instancePath || '/'} ${e.message}`);
  }
}
