import type { ReservedAddress } from './reserved-address';
import type { CheckResult } from './types';

/**
 * The address row: the addresses clients reach (the A records, or --resolve) are exactly the
 * reserved gateway address. An extra record would send some clients elsewhere, so it fails too.
 */
export function addressCheck(addresses: readonly string[] | undefined, via: 'DNS' | '--resolve', reserved: ReservedAddress): CheckResult {
  if (!('address' in reserved)) return { check: 'address', status: 'skip', detail: reserved.unknown };
  if (addresses === undefined) return { check: 'address', status: 'skip', detail: `no A records to compare with the reserved address ${reserved.address}` };
  const others = addresses.filter((a) => a !== reserved.address);
  if (others.length === 0) {
    return { check: 'address', status: 'pass', detail: `${via} gives the reserved address ${reserved.address} (${reserved.source})` };
  }
  const what = via === 'DNS' ? `A ${addresses.join(', ')}` : `--resolve ${addresses.join(', ')}`;
  const problem = others.length === addresses.length ? 'differs from' : `also points at ${others.join(', ')}, besides`;
  return { check: 'address', status: 'fail', detail: `${what} ${problem} the reserved address ${reserved.address} (${reserved.source})` };
}
