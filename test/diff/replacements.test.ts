import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPLACEMENT_RULES } from '../../src/diff/force-replacement';
import { predict, REPLACEMENT_CASES } from '../../src/diff/replacement-cases';

// The replacement table against plans the real provider made: each fixture is the trimmed output of
// `npm run check:replacements -- --record test/diff/fixtures/plans` (its "command" says which
// provider and Terraform), that is `terraform plan -refresh=false` of the case's changed
// configuration against a prior state from its base configuration.
const FIXTURES = path.join(__dirname, 'fixtures', 'plans');
const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(path.join(FIXTURES, f), 'utf8')) as {
  command: string;
  case: string;
  resource_changes: { address: string; change: { actions: string[]; replace_paths?: unknown[][] } }[];
});

test('recorded plans exist for the conditional replacements and the common changes', () => {
  const recorded = new Set(fixtures.map((f) => f.case));
  for (const name of ['subnet-range-shrink', 'subnet-range-expand', 'cluster-rename', 'address-rename', 'record-rrdatas', 'bucket-retention-unlocked']) expect(recorded).toContain(name);
  for (const f of fixtures) expect(f.command).toMatch(/^terraform plan -refresh=false -json \(google provider 6\.50\.0, 1\.\d+\.\d+\)/);
});

test.each(fixtures.map((f) => [f.case, f] as const))('%s: the prediction is what the provider planned', (name, fixture) => {
  const c = REPLACEMENT_CASES.find((x) => x.name === name)!;
  expect(c).toBeDefined();
  const [planned] = fixture.resource_changes;
  const replacePaths = (planned.change.replace_paths ?? []).map((p) => p.filter((s) => typeof s === 'string').join('.')).sort();
  expect(predict(c)).toEqual({ actions: planned.change.actions, replacePaths });
});

test('every conditional replacement in the table has a case that the provider checks', () => {
  for (const [type, rule] of Object.entries(REPLACEMENT_RULES)) {
    for (const conditional of rule.conditional ?? []) {
      expect(REPLACEMENT_CASES.some((c) => c.type === type && JSON.stringify(c.base).includes(conditional.attribute.split('.').pop()!))).toBe(true);
    }
  }
});
