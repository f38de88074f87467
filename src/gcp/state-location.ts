// What other tools read from Terraform's local state: kept free of cdktf so `npm run verify` can use
// it without loading the provider libraries.
import { names, type StackKind } from '../config/names';
import type { Config } from '../config/schema';

/** The local state file of a stack (no state.bucket), relative to the repository root. */
export function localStateFile(config: Config, kind: StackKind): string {
  return `${names(config).localStateDir}/${kind}.tfstate`;
}

/** The platform stack's output holding the reserved gateway address. */
export const GATEWAY_ADDRESS_OUTPUT = 'gateway_address';
