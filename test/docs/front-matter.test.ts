import { parse } from 'yaml';
import { docRules, listDocs, readDoc, SPEC_DOC, splitFrontMatter } from './markdown';

// Front matter rules of docs/features/doc-system-spec.md, read from its rules block.

const rules = docRules();
const docs = listDocs();
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('the doc-system spec rules block', () => {
  it('defines every rule the tests use', () => {
    expect(rules.required).toEqual(expect.arrayContaining(['status', 'lifecycle', 'maturity', 'lastUpdated']));
    for (const list of [rules.stringLists, rules.nonEmpty, rules.timestamps, Object.keys(rules.enums)]) {
      expect(rules.required).toEqual(expect.arrayContaining(list));
    }
    expect(rules.requiredUnder.length).toBeGreaterThan(0);
    for (const [folder, allowed] of Object.entries(rules.lifecycleByFolder)) {
      expect(rules.requiredUnder).toContain(folder);
      expect(rules.enums.lifecycle).toEqual(expect.arrayContaining(allowed));
    }
    expect(typeof rules.plannedMarker).toBe('string');
    expect(rules.oldRepository.prefix).toMatch(/\/$/);
  });

  it('lists the lifecycle and maturity ladders of the goal template, in order', () => {
    expect(rules.enums.lifecycle).toEqual(['TRIAGE', 'CONFIRMED', 'SPECCED', 'APPROVED', 'IMPLEMENTING', 'COMPLETE', 'DEPRECATED']);
    expect(rules.enums.maturity).toEqual(['NONE', 'SPIKE', 'RUNNABLE', 'DEPLOYABLE', 'TESTED', 'DOCUMENTED', 'PRODUCTION']);
  });

  it('is itself one of the scanned docs', () => {
    expect(docs).toContain(SPEC_DOC);
  });
});

/** Problems of one doc's front matter, empty when it follows the rules. */
function frontMatterProblems(doc: string, text = readDoc(doc)): string[] {
  const { raw } = splitFrontMatter(text);
  const mustHave = rules.requiredUnder.some((folder) => doc.startsWith(folder));
  if (raw === undefined) return mustHave ? ['has no front matter (a --- YAML block at the top)'] : [];
  let data: unknown;
  try {
    data = parse(raw);
  } catch (e) {
    return [`front matter is not valid YAML: ${(e as Error).message.split('\n')[0]}`];
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return ['front matter must be a mapping'];
  const fm = data as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(fm)) if (!rules.required.includes(key)) problems.push(`unknown field ${key}; allowed: ${rules.required.join(', ')}`);
  for (const key of rules.required) if (!(key in fm)) problems.push(`missing field ${key}`);
  for (const [key, allowed] of Object.entries(rules.enums)) {
    if (key in fm && !allowed.includes(fm[key] as string)) problems.push(`${key}: ${JSON.stringify(fm[key])} is not allowed; allowed: ${allowed.join(' | ')}`);
  }
  for (const key of rules.stringLists) {
    if (!(key in fm)) continue;
    const v = fm[key];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x.trim() === '')) problems.push(`${key}: must be a list of non-empty strings`);
    else if (rules.nonEmpty.includes(key) && v.length === 0) problems.push(`${key}: must not be empty`);
  }
  for (const key of rules.timestamps) {
    if (!(key in fm)) continue;
    const v = fm[key];
    if (typeof v !== 'string' || !ISO_UTC.test(v) || Number.isNaN(Date.parse(v))) problems.push(`${key}: ${JSON.stringify(v)} must be an ISO 8601 UTC timestamp, e.g. 2026-11-27T00:00:00Z`);
  }
  for (const [folder, allowed] of Object.entries(rules.lifecycleByFolder)) {
    if (doc.startsWith(folder) && 'lifecycle' in fm && !allowed.includes(fm.lifecycle as string)) {
      problems.push(`lifecycle: ${JSON.stringify(fm.lifecycle)} is not allowed under ${folder}; allowed: ${allowed.join(' | ')}`);
    }
  }
  return problems;
}

describe('the front matter check', () => {
  const good = [
    '---', 'status: DRAFT', 'teams: []', 'roles: []', 'authors: [someone]', 'lastUpdated: 2026-11-27T00:00:00Z',
    'lifecycle: CONFIRMED', 'maturity: NONE', 'verification: ["(manual) look"]', '---', '# Title', '',
  ].join('\n');
  const edit = (from: string, to: string) => good.replace(from, to);

  it('accepts the goal template', () => {
    expect(frontMatterProblems('docs/goals/x.md', good)).toEqual([]);
  });

  it('rejects values outside the spec, unknown and missing fields, and the wrong folder lifecycle', () => {
    expect(frontMatterProblems('docs/goals/x.md', edit('maturity: NONE', 'maturity: DONE'))).toEqual([expect.stringMatching(/^maturity: "DONE" is not allowed/)]);
    expect(frontMatterProblems('docs/goals/x.md', edit('status: DRAFT', 'state: DRAFT'))).toEqual(['unknown field state; allowed: ' + rules.required.join(', '), 'missing field status']);
    expect(frontMatterProblems('docs/goals/x.md', edit('lifecycle: CONFIRMED', 'lifecycle: TRIAGE'))).toEqual([expect.stringMatching(/not allowed under docs\/goals\//)]);
    expect(frontMatterProblems('docs/0_triage/x.md', good)).toEqual([expect.stringMatching(/not allowed under docs\/0_triage\//)]);
    expect(frontMatterProblems('docs/goals/x.md', edit('authors: [someone]', 'authors: []'))).toEqual(['authors: must not be empty']);
    expect(frontMatterProblems('docs/goals/x.md', edit('2026-11-27T00:00:00Z', '2026-11-27'))).toEqual([expect.stringMatching(/^lastUpdated: .* ISO 8601/)]);
    expect(frontMatterProblems('docs/goals/x.md', edit('roles: []', 'roles: [a, : b'))).toEqual([expect.stringMatching(/^front matter is not valid YAML/)]);
  });

  it('requires front matter only under the spec\'s folders', () => {
    expect(frontMatterProblems('docs/plans/x.md', '# no front matter\n')).toEqual(['has no front matter (a --- YAML block at the top)']);
    expect(frontMatterProblems('README.md', '# no front matter\n')).toEqual([]);
  });
});

describe('front matter', () => {
  it.each(docs)('%s follows the doc-system spec', (doc) => {
    expect(frontMatterProblems(doc)).toEqual([]);
  });

  it('is present in every doc under the required folders', () => {
    const under = docs.filter((d) => rules.requiredUnder.some((f) => d.startsWith(f)));
    expect(under.length).toBeGreaterThanOrEqual(5);
    expect(under.filter((d) => splitFrontMatter(readDoc(d)).raw === undefined)).toEqual([]);
  });
});
