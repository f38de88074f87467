import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';

/** The binary `cdktf deploy/diff` will run: TERRAFORM_BINARY_NAME (e.g. tofu), else terraform. */
export function terraformBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.TERRAFORM_BINARY_NAME || 'terraform';
}

/** True when `name` is an executable file in one of PATH's folders (or is itself such a path). */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const candidates = name.includes(path.sep)
    ? [name]
    : (env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, name));
  return candidates.some((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** One line for the user when deploy/diff would fail later for want of the binary; undefined when it is there. */
export function missingTerraformNote(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const bin = terraformBinary(env);
  if (onPath(bin, env)) return undefined;
  return `note: '${bin}' is not on PATH: synthesis works, but 'cdktf deploy' and 'cdktf diff' need Terraform >= 1.2 (or OpenTofu with TERRAFORM_BINARY_NAME=tofu)`;
}
