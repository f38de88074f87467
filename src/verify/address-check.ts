import type { DnsOutcome } from './dns-check';
import type { ReservedAddress } from './reserved-address';
import type { CheckResult } from './types';

/**
 * The address row: the addresses clients reach (the A records, or --resolve) are exactly the
 * reserved gateway address. An extra record would send some clients elsewhere, so it fails too;
 * so does an answer with no A record at all, which sends them nowhere.
 */
export function addressCheck(outcome: DnsOutcome, via: 'DNS' | '--resolve', reserved: ReservedAddress): CheckResult {
  const expected = 'address' in reserved ? `the reserved address ${reserved.address} (${reserved.source})` : undefined;
  if ('noAddress' in outcome) {
    return { check: 'address', status: 'fail', detail: `no A record, so clients reach no address${expected ? `; expected ${expected}` : ''}` };
  }
  if (!('address' in reserved)) return { check: 'address', status: 'skip', detail: reserved.unknown };
  if ('error' in outcome) return { check: 'address', status: 'skip', detail: `DNS gave no answer to compare with ${expected}` };
  const { addresses } = outcome;
  const others = addresses.filter((a) => a !== reserved.address);
  if (others.length === 0) return { check: 'address', status: 'pass', detail: `${via} gives ${expected}` };
  const what = via === 'DNS' ? `A ${addresses.join(', ')}` : `--resolve ${addresses.join(', ')}`;
  const problem = others.length === addresses.length ? 'differs from' : `also points at ${others.join(', ')}, besides`;
  return { check: 'address', status: 'fail', detail: `${what} ${problem} ${expected}` };
}
