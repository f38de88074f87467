import { parseConfig } from '../../src/config/load';
import { ENVOY_GATEWAY_RELEASES, PINNED, upgradeCommand } from '../../src/config/releases';
import { configWith } from '../support/config';
import { synthesize } from '../support/k8s-output';

const problems = (change: (c: Record<string, any>) => void): string[] => {
  try {
    configWith(change);
    return [];
  } catch (error) {
    return (error as { problems: string[] }).problems;
  }
};

describe('add-on versions follow the pinned schemas (crds/index.json)', () => {
  test('left out, each version is the pinned one', () => {
    const { addons } = configWith();
    expect(addons.certManager.version).toBe(PINNED['cert-manager']);
    expect(addons.envoyGateway.version).toBe(PINNED['envoy-gateway']);
    expect(PINNED).toEqual({ 'gateway-api': 'v1.6.1', 'cert-manager': 'v1.21.1', 'envoy-gateway': 'v1.9.0' });
  });

  test('the pinned version written out is accepted', () => {
    expect(() => configWith((c) => (c.addons = { envoyGateway: { version: PINNED['envoy-gateway'] }, certManager: { version: PINNED['cert-manager'] } }))).not.toThrow();
  });

  test.each([
    ['envoyGateway', 'envoy-gateway', 'v1.10.0'],
    ['certManager', 'cert-manager', 'v1.22.0'],
    ['envoyGateway', 'envoy-gateway', 'v1.8.9'],
  ] as const)('addons.%s.version another than the pin is refused with the command that upgrades the pins', (field, component, version) => {
    const found = problems((c) => (c.addons = { [field]: { version } }));
    expect(found[0]).toBe(
      `addons.${field}.version: "${version}" is not the pinned release ${PINNED[component]} (crds/index.json, imports/); to upgrade, run ${upgradeCommand(component, version)} (versions left out follow the pins) and review the diff`,
    );
    expect(upgradeCommand(component, version)).toBe(`npm run crds:update -- --set ${component}=${version} && npm run import`);
  });

  test('a version that is not a release tag is refused as such', () => {
    expect(problems((c) => (c.addons = { certManager: { version: 'latest' } }))[0]).toMatch(/^addons\.certManager\.version: "latest" is not allowed: a release tag, e.g. v1\.21\.1$/);
  });

  describe('pins moved before src/config/releases.ts knows the release', () => {
    const parseWithPins = (pins: Record<string, string>): string[] => {
      let found: string[] = [];
      jest.isolateModules(() => {
        jest.doMock('../../src/config/releases', () => ({ ...jest.requireActual('../../src/config/releases'), PINNED: pins }));
        const { parseConfig: parse } = require('../../src/config/load') as typeof import('../../src/config/load');
        try {
          parse('project: {id: wti-ai-platform}\nendpoints: [{hostname: conductor.wti.net}]\n', 'x.yaml');
        } catch (error) {
          found = [...(error as { problems: string[] }).problems];
        }
      });
      jest.dontMock('../../src/config/releases');
      return found;
    };

    test('an Envoy Gateway release without an entry is refused, saying what to add', () => {
      expect(parseWithPins({ ...PINNED, 'envoy-gateway': 'v1.10.0' })).toEqual([
        'addons.envoyGateway.version: "v1.10.0" has no entry in src/config/releases.ts (the proxy pod labels the placeholder\'s NetworkPolicy admits): add it from the Envoy Gateway source at that tag',
      ]);
    });

    test('an Envoy Gateway release that needs another Gateway API than the pinned one is refused, with the command', () => {
      expect(parseWithPins({ ...PINNED, 'gateway-api': 'v1.5.0' })).toEqual([
        `addons.envoyGateway.version: Envoy Gateway ${PINNED['envoy-gateway']} needs Gateway API v1.6.1, but crds/ pins v1.5.0; run ${upgradeCommand('gateway-api', 'v1.6.1')}`,
      ]);
    });

    test('with the pins as they are, the release is accepted', () => {
      expect(parseWithPins({ ...PINNED })).toEqual([]);
    });
  });

  test('the pinned Envoy Gateway release is known, and bundles the pinned Gateway API', () => {
    const release = ENVOY_GATEWAY_RELEASES[PINNED['envoy-gateway']];
    expect(release).toBeDefined();
    expect(release.gatewayApi).toBe(PINNED['gateway-api']);
  });

  test("the placeholder's NetworkPolicy admits exactly the pinned release's proxy pods of this Gateway", () => {
    const config = parseConfig('project: {id: wti-ai-platform}\nendpoints: [{hostname: conductor.wti.net}]\ngateway: {name: edge, namespace: web}\n', 'x.yaml');
    const policy = synthesize(config).find('NetworkPolicy');
    const release = ENVOY_GATEWAY_RELEASES[PINNED['envoy-gateway']];
    const from = policy.spec.ingress[0].from[0];
    expect(from.podSelector.matchLabels).toEqual({
      ...release.proxyPodLabels,
      [release.owningGatewayNameLabel]: 'edge',
      [release.owningGatewayNamespaceLabel]: 'web',
    });
    expect(from.namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'envoy-gateway-system' });
  });
});
