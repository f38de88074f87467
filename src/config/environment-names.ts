// An environment's names, and back from each to the environment: its Kubernetes output folder and
// its stack ids. Free of the config schema, so readers of the output (npm run diff) do not load it.

/** The environment of config/default.yaml: dist/ and the plain stack ids. */
export const DEFAULT_ENVIRONMENT = 'default';

/** The stack kinds in deploy order; `state` exists only with state.bucket. */
export const STACK_KINDS = ['state', 'platform', 'addons', 'dns-records'] as const;
export type StackKind = (typeof STACK_KINDS)[number];

/** A stack's id: the kind itself in the default environment, else `<environment>-<kind>`. */
export function stackId(environment: string, kind: StackKind): string {
  return environment === DEFAULT_ENVIRONMENT ? kind : `${environment}-${kind}`;
}

/** The environment and kind of a stack id (`platform`: default's, `staging-platform`: staging's), if it is one. */
export function stackOwner(id: string): { readonly environment: string; readonly kind: StackKind } | undefined {
  const kind = STACK_KINDS.find((k) => id === k || id.endsWith(`-${k}`));
  if (kind === undefined) return undefined;
  return { environment: id === kind ? DEFAULT_ENVIRONMENT : id.slice(0, -kind.length - 1), kind };
}

/** The Kubernetes output folder of an environment, relative to the repository root. */
export function distFolder(environment: string): string {
  return environment === DEFAULT_ENVIRONMENT ? 'dist' : `dist-${environment}`;
}

/** The environment whose Kubernetes output folder this is (a name at the repository root), if any. */
export function environmentOfDistFolder(folder: string): string | undefined {
  if (folder === 'dist') return DEFAULT_ENVIRONMENT;
  const name = folder.startsWith('dist-') ? folder.slice('dist-'.length) : undefined;
  return name && distFolder(name) === folder && name !== DEFAULT_ENVIRONMENT ? name : undefined;
}
