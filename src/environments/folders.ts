// Output folder names per environment, apart from environments.ts so readers of the output (npm run
// diff) do not load the config schema.

/** The Kubernetes output folder of an environment, relative to the repository root. */
export function distFolder(environment: string): string {
  return environment === 'default' ? 'dist' : `dist-${environment}`;
}

/** The environment whose Kubernetes output folder this is (a name at the repository root), if any. */
export function environmentOfDistFolder(folder: string): string | undefined {
  if (folder === 'dist') return 'default';
  const name = folder.startsWith('dist-') ? folder.slice('dist-'.length) : undefined;
  return name && distFolder(name) === folder && name !== 'default' ? name : undefined;
}
