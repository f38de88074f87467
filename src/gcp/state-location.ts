// What other tools read from Terraform's local state: kept free of cdktf so `npm run verify` can use
// it without loading the provider libraries.
import type { StackKind } from '../config/environment-names';
import type { Names } from '../config/names';

/** The local state file of a stack (no state.bucket), relative to the repository root. */
export function localStateFile(names: Pick<Names, 'localStateDir'>, kind: StackKind): string {
  return `${names.localStateDir}/${kind}.tfstate`;
}

/** The platform stack's output holding the reserved gateway address. */
export const GATEWAY_ADDRESS_OUTPUT = 'gateway_address';
