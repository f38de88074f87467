import { codeSpans, docRules, lineOf, links, listDocs, prose, readDoc, section, SPEC_DOC } from './markdown';
import { pathProblem, recognizePath, repoRoots } from './paths';

// Every repository path a doc names exists, or is marked planned (docs/features/doc-system-spec.md).

const rules = docRules();
const OLD = rules.oldRepository;
const roots = repoRoots(OLD.prefix);

describe('the path recognizer', () => {
  const fixedRoots = new Set(['src', 'docs', 'dist', 'config', 'test', 'scripts', 'imports', '.ci', 'cdktf.out', 'ai']);
  const recognize = (t: string) => recognizePath(t, fixedRoots);

  it.each([
    ['src/gcp/app.ts', 'src/gcp/app.ts'],
    ['./src/config/names.ts', 'src/config/names.ts'],
    ['dist/', 'dist/'],
    ['docs/goals/', 'docs/goals/'],
    ['src/k8s', 'src/k8s'],
    ['.ci/run', '.ci/run'],
    ['cdktf.out/stacks/platform/cdk.tf.json', 'cdktf.out/stacks/platform/cdk.tf.json'],
    ['ai/infra/tasks/040-static-ips.sh', 'ai/infra/tasks/040-static-ips.sh'],
    ['README.md', 'README.md'],
    ['MASTER_PLAN.md', 'MASTER_PLAN.md'],
    ['src/gcp/app.ts:12', 'src/gcp/app.ts'],
    ['docs/plans/infra/PURPOSE.md#runbooks', 'docs/plans/infra/PURPOSE.md'],
    ['../goals/edge-https-endpoint.md', '../goals/edge-https-endpoint.md'],
    ['docs/goals/<goal-slug>.md', 'docs/goals/<goal-slug>.md'],
    // a typo in the top folder is still caught when the name has a file extension
    ['scr/gcp/app.ts', 'scr/gcp/app.ts'],
  ])('recognizes %s as a path', (token, expected) => {
    expect(recognize(token)).toBe(expected);
  });

  it.each([
    'https://acme-v02.api.letsencrypt.org/directory',
    'oci://quay.io/jetstack/charts/cert-manager',
    'gateway.networking.k8s.io/v1',
    'gateway.envoyproxy.io/v1alpha1',
    'networking.gke.io/load-balancer-ip-addresses',
    'cloud.google.com/l4-rbs',
    'iam.gke.io/gcp-service-account',
    'gateway.envoyproxy.io/gatewayclass-controller',
    'cert-manager/clouddns-dns01-svc-acct',
    'wti-ai/conductor-gateway',
    'deploy/cert-manager',
    'envoyproxy/gateway#1841',
    'hashicorp/http-echo:1.0.0',
    'roles/iam.workloadIdentityUser',
    'serviceAccount:wti-ai-platform.svc.id.goog[cert-manager/cert-manager]',
    'kubectl apply -f dist/',
    'npx cdktf deploy platform',
    'TERRAFORM_BINARY_NAME=tofu',
    'global.leaderElection.namespace=cert-manager',
    '--dns01-recursive-nameservers=8.8.8.8:53,1.1.1.1:53',
    '/tmp/key.json',
    '$KEY_FILE',
    'key.json',
    'cdk.tf.json',
    'conductor.wti.net',
    'Gateway.spec.addresses',
    'kube-system',
    'TCP/UDP',
    'a/b',
  ])('does not take %s for a path', (token) => {
    expect(recognize(token)).toBeUndefined();
  });
});

describe('the path checker', () => {
  const ctx = { doc: 'docs/plans/infra/PURPOSE.md', fromLink: false, planned: false, inOldRepositorySection: false, oldRepositoryPrefix: OLD.prefix };

  it('accepts existing paths, links relative to the doc, template folders and the cdktf.out layout', () => {
    expect(pathProblem('src/gcp/app.ts', ctx)).toBeUndefined();
    expect(pathProblem('dist/', ctx)).toBeUndefined();
    expect(pathProblem('hello-envoy-certmanager-dns01.md', { ...ctx, fromLink: true })).toBeUndefined();
    expect(pathProblem('../../../README.md', { ...ctx, fromLink: true })).toBeUndefined();
    expect(pathProblem('README.md', ctx)).toBeUndefined();
    expect(pathProblem('docs/goals/<goal-slug>.md', ctx)).toBeUndefined();
    expect(pathProblem('cdktf.out/', ctx)).toBeUndefined();
    expect(pathProblem('cdktf.out/stacks/dns-records/cdk.tf.json', ctx)).toBeUndefined();
  });

  it('rejects missing paths, stale planned markers, unknown stacks in cdktf.out and old-repository paths', () => {
    expect(pathProblem('src/gcp/nope.ts', ctx)).toMatch(/does not exist/);
    expect(pathProblem('src/gcp/nope.ts', { ...ctx, planned: true })).toBeUndefined();
    expect(pathProblem('src/gcp/app.ts', { ...ctx, planned: true })).toMatch(/remove the marker/);
    expect(pathProblem('cdktf.out/stacks/network/cdk.tf.json', ctx)).toMatch(/cdktf.out/);
    expect(pathProblem('nope/<x>.md', ctx)).toMatch(/does not exist/);
    expect(pathProblem('../../../../x.md', { ...ctx, fromLink: true })).toMatch(/outside the repository/);
    expect(pathProblem(`${OLD.prefix}tasks/010-apis.sh`, ctx)).toMatch(/old-repository path/);
    expect(pathProblem(`${OLD.prefix}tasks/010-apis.sh`, { ...ctx, inOldRepositorySection: true })).toBeUndefined();
  });
});

interface Finding {
  readonly path: string;
  readonly line: number;
  readonly problem: string;
}

/** Every path a doc names with what is wrong with it. */
function pathFindings(doc: string): Finding[] {
  const text = prose(readDoc(doc));
  const oldSection = doc === OLD.onlyIn ? sectionRange(text, OLD.section) : undefined;
  const marker = rules.plannedMarker;
  const findings: Finding[] = [];
  const consider = (token: string, index: number, end: number, fromLink: boolean) => {
    const p = fromLink ? (token.startsWith('#') ? undefined : recognizeLinkTarget(token)) : recognizePath(token, roots);
    if (p === undefined) return;
    const after = text.slice(end).replace(/^\]\([^)]*\)/, ''); // a code span that is a link's text: the marker follows the link
    const planned = after.startsWith(` ${marker}`) || after.startsWith(marker);
    const inOld = oldSection !== undefined && index >= oldSection[0] && index < oldSection[1];
    const problem = pathProblem(p, { doc, fromLink, planned, inOldRepositorySection: inOld, oldRepositoryPrefix: OLD.prefix });
    if (problem) findings.push({ path: token, line: lineOf(text, index), problem });
  };
  for (const s of codeSpans(text)) consider(s.text, s.index, s.end, false);
  for (const l of links(text)) consider(l.text, l.index, l.end, true);
  return findings;
}

/** Link targets are paths unless they are URLs or anchors. */
function recognizeLinkTarget(target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined;
  const p = target.replace(/#.*$/, '');
  return p === '' ? undefined : p.replace(/^(\.\/)+/, '');
}

function sectionRange(text: string, title: string): [number, number] | undefined {
  const body = section(text, title);
  if (body === undefined) return undefined;
  const start = text.indexOf(body);
  return [start, start + body.length];
}

describe('paths named in docs', () => {
  const docs = listDocs();

  it.each(docs)('%s names only existing or planned paths', (doc) => {
    expect(pathFindings(doc)).toEqual([]);
  });

  it(`names old-repository paths (${OLD.prefix}) only in the "${OLD.section}" section of ${OLD.onlyIn}, marked "${OLD.marker}"`, () => {
    const offenders: string[] = [];
    for (const doc of docs) {
      const text = readDoc(doc);
      const fenced = text.split('\n').map((l, i) => ({ l, i })).filter(({ l }) => l.includes(OLD.prefix));
      const inProse = prose(text);
      const range = doc === OLD.onlyIn ? sectionRange(inProse, OLD.section) : undefined;
      fenced.forEach(({ l, i }) => {
        const offset = text.split('\n').slice(0, i).join('\n').length + 1;
        const inFence = !inProse.split('\n')[i].includes(OLD.prefix);
        // The spec's rules block is where the prefix is defined.
        const allowed = (inFence && doc === SPEC_DOC) || (!inFence && range !== undefined && offset >= range[0] && offset < range[1]);
        if (!allowed) offenders.push(`${doc}:${i + 1}: ${l.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
    const repoStatus = section(readDoc(OLD.onlyIn), OLD.section);
    expect(repoStatus).toBeDefined();
    expect(repoStatus!.toLowerCase()).toContain(OLD.marker);
  });
});
