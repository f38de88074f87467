import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { REQUIRED_TERRAFORM_VERSION } from '../../src/gcp/stacks/gcp-stack';
import { docRules, headings, links, listDocs, prose, readDoc, REPO, section } from './markdown';

// The canonical docs have the sections the plan asks for (PLAN: "MASTER_PLAN review + triage refresh").

const rules = docRules();
const linkTargets = (text: string) => links(prose(text)).map((l) => l.text.replace(/#.*$/, ''));
const linksTo = (doc: string, target: string) => {
  const dir = path.posix.dirname(doc);
  return linkTargets(readDoc(doc)).some((t) => path.posix.normalize(path.posix.join(dir, t)).replace(/\/$/, '') === target.replace(/\/$/, ''));
};

describe('MASTER_PLAN.md', () => {
  const text = readDoc('MASTER_PLAN.md');

  it('has the narrative, architecture, milestones, repo status, single execution path and backlog sections', () => {
    const h2 = headings(text, 2);
    for (const s of ['Narrative', 'Architecture', 'Milestones', 'Repo status', 'Single execution path', 'Backlog & triage']) expect(h2).toContain(s);
  });

  it('maps every old bash task to today\'s code, marked as the old repository', () => {
    const repoStatus = section(text, rules.oldRepository.section) ?? '';
    for (const task of ['010', '020', '030', '040', '050', '055', '060', '070']) {
      expect(repoStatus).toMatch(new RegExp(`${rules.oldRepository.prefix.replace(/\//g, '\\/')}tasks/${task}-[a-z0-9-]+\\.sh`));
    }
    expect(repoStatus.toLowerCase()).toContain(rules.oldRepository.marker);
  });

  it('defers execution to the infra plans router and the backlog to the triage doc', () => {
    expect(linksTo('MASTER_PLAN.md', 'docs/plans/infra/PURPOSE.md')).toBe(true);
    const backlog = section(text, 'Backlog & triage') ?? '';
    expect(backlog).toContain('docs/0_triage/goals/setup-infra.md');
  });
});

describe('the triage doc', () => {
  const doc = 'docs/0_triage/goals/setup-infra.md';
  const text = readDoc(doc);

  it('has context, open questions, backlog and promotion criteria', () => {
    const h2 = headings(text, 2);
    for (const s of ['Context and current reality', 'Open questions', 'Backlog (prioritized)', 'Promotion criteria']) expect(h2).toContain(s);
  });

  it('gives every open question an owner and covers the plan\'s questions', () => {
    const questions = (section(text, 'Open questions') ?? '').split('\n- ').slice(1);
    expect(questions.filter((q) => !/Owner: \S/.test(q))).toEqual([]);
    for (const topic of [/zone delegation/i, /key vs workload identity/i, /allowlist.*mcp\.wti\.net/i, /filestore/i, /repo-sync/i, /step mode/i]) {
      expect(questions.some((q) => topic.test(q))).toBe(true);
    }
    // Answered by the second-endpoint work: the answer and its reason stay in the triage doc.
    const allowlist = questions.find((q) => /allowlist/i.test(q));
    expect(allowlist).toMatch(/\bAnswered\b/);
    expect(allowlist).toMatch(/SecurityPolicy/);
    expect(allowlist).toMatch(/Cloud Armor/);
  });

  it('gives every backlog item why, acceptance criteria, dependencies and an implementation home', () => {
    const backlog = section(text, 'Backlog (prioritized)') ?? '';
    const items = backlog.split(/^### /m).slice(1);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      for (const field of ['Why:', 'Acceptance criteria:', 'Dependencies:', 'Implementation home:']) expect([item.split('\n')[0], item.includes(field)]).toEqual([item.split('\n')[0], true]);
    }
  });
});

describe('the triage backlog', () => {
  const backlog = section(readDoc('docs/0_triage/goals/setup-infra.md'), 'Backlog (prioritized)') ?? '';

  it('lists only open work: an item built or done leaves the backlog (and is named under "Context")', () => {
    const items = backlog.split(/^### /m).slice(1);
    expect(items.filter((item) => /\b(done|implemented|built)\b/i.test(item)).map((item) => item.split('\n')[0])).toEqual([]);
  });

  it('numbers items 1..n and refers only to items that exist', () => {
    const numbers = [...backlog.matchAll(/^### (\d+)\. /gm)].map((m) => Number(m[1]));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    const referenced = [...backlog.matchAll(/\bitems? (\d+)/g)].map((m) => Number(m[1]));
    expect(referenced.filter((n) => !numbers.includes(n))).toEqual([]);
  });
});

describe('goal docs', () => {
  const goals = readdirSync(path.join(REPO, 'docs', 'goals')).filter((f) => f.endsWith('.md')).map((f) => `docs/goals/${f}`);
  const TEMPLATE = ['Goal', 'Why this matters', 'Scope', 'Acceptance Criteria', 'Dependencies', 'Proposed approach', 'Implementation plan link(s)', 'Verification', 'Rollback'];

  it('include the edge slice, the DNS-01 identity and the static IP binding', () => {
    expect(goals).toEqual(expect.arrayContaining(['docs/goals/edge-https-endpoint.md', 'docs/goals/dns01-identity.md', 'docs/goals/static-ip-binding.md']));
  });

  it.each(goals)('%s follows the goal template with criteria, verification commands and a rollback', (doc) => {
    const text = readDoc(doc);
    expect(headings(text, 2)).toEqual(TEMPLATE);
    expect(headings(text, 3)).toEqual(['In-scope', 'Out-of-scope']);
    expect((section(text, 'Acceptance Criteria') ?? '').match(/^- \[[ x]\] /gm)?.length ?? 0).toBeGreaterThan(0);
    expect(section(text, 'Verification')).toMatch(/`(kubectl|gcloud|curl|dig|npx|npm) [^`]+`/);
    expect((section(text, 'Rollback') ?? '').trim()).not.toBe('');
  });
});

describe('the infra plans router', () => {
  const doc = 'docs/plans/infra/PURPOSE.md';

  it('lists every runbook under docs/plans/infra/', () => {
    const runbooks = listDocs().filter((d) => d.startsWith('docs/plans/infra/') && d !== doc);
    expect(runbooks.length).toBeGreaterThan(0);
    expect(runbooks.filter((r) => !linksTo(doc, r))).toEqual([]);
  });

  it('is linked from README.md and MASTER_PLAN.md', () => {
    expect(linksTo('README.md', doc)).toBe(true);
    expect(linksTo('MASTER_PLAN.md', doc)).toBe(true);
  });
});

describe('the runbook', () => {
  const text = readDoc('docs/plans/infra/hello-envoy-certmanager-dns01.md');

  it('has the sections an operator needs', () => {
    const h2 = headings(text, 2);
    for (const s of ['Configuration', 'Prerequisites', 'Deploy', 'Approval gates', 'Verification checklist',
      'Failures: what they look like, where to look', 'Key rotation (service-account-key mode)', 'Switching ACME staging to production', 'Rollback']) {
      expect(h2).toContain(s);
    }
  });

  it('names the prerequisites and the known failures of this stack', () => {
    for (const s of [`Terraform ${REQUIRED_TERRAFORM_VERSION}`, 'TERRAFORM_BINARY_NAME=tofu', 'gcloud auth application-default login', 'dns_zone_name_servers', 'npm ci && npm run synth']) {
      expect(text).toContain(s);
    }
    const failures = section(text, 'Failures: what they look like, where to look') ?? '';
    for (const f of [/Certificate Ready.*times out/i, /kube-system/, /propagation/i, /split-horizon/i, /Identity Pool does not exist/]) expect(failures).toMatch(f);
  });
});
