import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseConfig } from '../../src/config/load';
import { reservedAddress } from '../../src/verify/reserved-address';

const root = mkdtempSync(path.join(tmpdir(), 'verify-state-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const config = (extra = '') => parseConfig(`project: {id: wti-ai-platform}\nendpoints: [{hostname: conductor.wti.net}]\n${extra}`, 'test.yaml');
// Where the platform stack's LocalBackend writes for this project and cluster (src/gcp/state-location.ts).
const STATE = 'terraform-state/wti-ai-platform/wti-ai-autopilot/platform.tfstate';
mkdirSync(path.join(root, path.dirname(STATE)), { recursive: true });
const state = (outputs: unknown) => writeFileSync(path.join(root, STATE), JSON.stringify({ version: 4, outputs }));
const HINT = 'pass --address (npx cdktf output platform: gateway_address)';

describe('the reserved gateway address', () => {
  it('--address wins, then gateway.address.ip', () => {
    state({ gateway_address: { value: '35.188.0.30', type: 'string' } });
    expect(reservedAddress(config('gateway: {address: {ip: 35.188.0.20}}'), '35.188.0.10', root)).toEqual({ address: '35.188.0.10', source: '--address' });
    expect(reservedAddress(config('gateway: {address: {ip: 35.188.0.20}}'), undefined, root)).toEqual({ address: '35.188.0.20', source: 'gateway.address.ip' });
  });

  it('is read from the platform stack\'s local state (the file the LocalBackend writes)', () => {
    state({ gateway_address: { value: '35.188.0.30', type: 'string' } });
    expect(reservedAddress(config(), undefined, root)).toEqual({ address: '35.188.0.30', source: `${STATE} output gateway_address` });
  });

  it('is unknown, with the reason and the way out, when the state cannot tell', () => {
    state({});
    expect(reservedAddress(config(), undefined, root)).toEqual({ unknown: `reserved address unknown: ${STATE} has no output gateway_address; ${HINT}` });
    writeFileSync(path.join(root, STATE), '{not json');
    expect(reservedAddress(config(), undefined, root)).toEqual({ unknown: `reserved address unknown: ${STATE} is not valid JSON; ${HINT}` });
    expect(reservedAddress(config(), undefined, path.join(root, 'empty'))).toEqual({ unknown: `reserved address unknown: no ${STATE} (platform not deployed from here); ${HINT}` });
    expect(reservedAddress(config('state: {bucket: wti-ai-tfstate}'), undefined, root)).toEqual({ unknown: `reserved address unknown: state is in gs://wti-ai-tfstate; ${HINT}` });
  });
});
