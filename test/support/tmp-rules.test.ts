import * as fs from 'fs';
import { celEnv, parse, plan, isCelError } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { upstreamProblems } from './upstream-schema';
test('all rules plan', () => {
  const rules = [...new Set((JSON.parse(fs.readFileSync('/tmp/rules.json', 'utf8')) as { rule: string }[]).map((r) => r.rule))];
  const env = celEnv({ funcs: strings });
  const errs: string[] = [];
  for (const r of rules) {
    try {
      const p = plan(env, parse(r));
      for (const self of [new Map(), [], '1s', 1n]) {
        const res = p({ self } as any);
        if (isCelError(res) && !/field not found|no such|no matching overload|unsupported|cannot|type mismatch|oldSelf/.test(res.message)) errs.push(r.slice(0,100) + ' => ' + res.message);
      }
    } catch (e) {
      errs.push(r + ' THROW ' + (e as Error).message);
    }
  }
  console.log(rules.length, [...new Set(errs)].slice(0, 30));
});
test('other kinds', async () => {
  const objs = [
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GRPCRoute', metadata: { name: 'g', namespace: 'n' }, spec: { parentRefs: [{ name: 'gw' }], rules: [{ matches: [{ method: { service: 'foo.Bar', method: 'Baz' } }], backendRefs: [{ name: 's', port: 9000 }] }] } },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'BackendTLSPolicy', metadata: { name: 'b', namespace: 'n' }, spec: { targetRefs: [{ group: '', kind: 'Service', name: 's' }], validation: { hostname: 'x.example.com', wellKnownCACertificates: 'System' } } },
    { apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', metadata: { name: 'r', namespace: 'n' }, spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'a' }], to: [{ group: '', kind: 'Service' }] } },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'ListenerSet', metadata: { name: 'l', namespace: 'n' }, spec: { parentRef: { name: 'gw' }, listeners: [{ name: 'a', port: 8080, protocol: 'HTTP' }] } },
    { apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'ClientTrafficPolicy', metadata: { name: 'c', namespace: 'n' }, spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }], clientIPDetection: { xForwardedFor: { numTrustedHops: 1 } }, timeout: { http: { requestReceivedTimeout: '10s' } } } },
    { apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'BackendTrafficPolicy', metadata: { name: 'b', namespace: 'n' }, spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'r' }], timeout: { http: { requestTimeout: '5s' } }, retry: { numRetries: 2 }, healthCheck: { active: { type: 'HTTP', timeout: '1s', interval: '3s', http: { path: '/healthz' } } }, loadBalancer: { type: 'RoundRobin', slowStart: { window: '10s' } }, circuitBreaker: { maxConnections: 10 } } },
    { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: 'i', namespace: 'n' }, spec: { selfSigned: {} } },
    { apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'SecurityPolicy', metadata: { name: 's', namespace: 'n' }, spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }], cors: { allowOrigins: ['https://a.example.com'], allowMethods: ['GET'] }, basicAuth: { users: { name: 'u' } }, jwt: { providers: [{ name: 'p', remoteJWKS: { uri: 'https://x/jwks' } }] } } },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'h', namespace: 'n' }, spec: { parentRefs: [{ name: 'gw', namespace: 'n', sectionName: 'a' }, { name: 'gw', namespace: 'n', sectionName: 'b' }], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/api' }, headers: [{ name: 'x-a', value: 'b' }], method: 'GET' }], filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }, { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x', value: 'y' }] } }], backendRefs: [{ name: 's', port: 80, weight: 1 }], timeouts: { request: '10s', backendRequest: '5s' } }] } },
  ];
  for (const o of objs) console.log(o.kind, await upstreamProblems(o));
});
