import * as path from 'node:path';
import { isIpv4Address } from '../config/cidr';
import { REPO_ROOT } from '../config/repo-root';
import { readInputFile } from '../cli/input-file';
import { names } from '../config/names';
import type { Config } from '../config/schema';
import { GATEWAY_ADDRESS_OUTPUT, localStateFile } from '../gcp/state-location';

/** The gateway's reserved IP and where it was learned, or why it is unknown. */
export type ReservedAddress = { readonly address: string; readonly source: string } | { readonly unknown: string };

/**
 * The reserved address, from (in order) --address, gateway.address.ip in the config, or the
 * platform stack's local Terraform state. Remote (GCS) state is not read: that would need
 * credentials, so the operator passes --address instead.
 */
export function reservedAddress(config: Config, flag: string | undefined, repoRoot = REPO_ROOT): ReservedAddress {
  if (flag !== undefined) return { address: flag, source: '--address' };
  if (config.gateway.address.ip) return { address: config.gateway.address.ip, source: 'gateway.address.ip' };
  const n = names(config);
  const hint = `pass --address (npx cdktf output ${n.stackIds.platform}: ${GATEWAY_ADDRESS_OUTPUT})`;
  if (config.state.bucket) return { unknown: `reserved address unknown: state is in gs://${config.state.bucket}; ${hint}` };
  const file = localStateFile(n, 'platform');
  let text: string;
  try {
    text = readInputFile(path.join(repoRoot, file), 256 * 1024 * 1024); // a state file can be large; never a FIFO or device
  } catch {
    return { unknown: `reserved address unknown: no ${file} (platform not deployed from here); ${hint}` };
  }
  let value: unknown;
  try {
    value = (JSON.parse(text) as { outputs?: Record<string, { value?: unknown }> }).outputs?.[GATEWAY_ADDRESS_OUTPUT]?.value;
  } catch {
    return { unknown: `reserved address unknown: ${file} is not valid JSON; ${hint}` };
  }
  if (typeof value !== 'string' || !isIpv4Address(value)) {
    return { unknown: `reserved address unknown: ${file} has no output ${GATEWAY_ADDRESS_OUTPUT}; ${hint}` };
  }
  return { address: value, source: `${file} output ${GATEWAY_ADDRESS_OUTPUT}` };
}
