import { RISKS, type Action, type Change, type ChangeHalf, type FieldChange } from './model';

/** What was compared, for the report's first line. */
export interface Revisions {
  readonly base: string;
  readonly head: string;
}

const HALF_TITLES: Record<ChangeHalf, string> = { environment: 'Environments (`config/`)', k8s: 'Kubernetes (`dist/`)', gcp: 'Terraform (`cdktf.out/`)' };
const ACTIONS: Action[] = ['add', 'remove', 'change', 'replace'];
const MAX_VALUE = 120;

/** One value on one line: compact JSON, shortened. */
function inline(value: unknown): string {
  const text = value === undefined ? '(none)' : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The text of a multi-line value (a Helm release's values YAML), else undefined. */
function multiline(value: unknown): string | undefined {
  const parts = Array.isArray(value) ? value : [value];
  if (!parts.every((p) => typeof p === 'string') || !parts.some((p) => (p as string).includes('\n'))) return undefined;
  return (parts as string[]).join('---\n');
}

/** The lines that differ, `-` old and `+` new, with no context (longest common subsequence of lines). */
export function lineDiff(before: string, after: string): string[] {
  const a = before.replace(/\n$/, '').split('\n');
  const b = after.replace(/\n$/, '').split('\n');
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) { i++; j++; } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) out.push(`- ${a[i++]}`);
    else out.push(`+ ${b[j++]}`);
  }
  return out;
}

function fieldLine(f: FieldChange): string {
  const [before, after] = [multiline(f.before), multiline(f.after)];
  if ((before !== undefined || after !== undefined) && JSON.stringify(f.before) !== JSON.stringify(f.after)) {
    const diff = lineDiff(before ?? (f.before === undefined ? '' : String(f.before)), after ?? (f.after === undefined ? '' : String(f.after)));
    return [`- ${code(f.path)} ${f.action === 'change' ? 'changed' : f.action === 'add' ? 'added' : 'removed'}, lines:`, '', '  ```diff', ...diff.map((l) => `  ${l}`), '  ```'].join('\n');
  }
  if (f.action === 'add') return `- ${code(f.path)} added: ${code(inline(f.after))}`;
  if (f.action === 'remove') return `- ${code(f.path)} removed (was ${code(inline(f.before))})`;
  if (JSON.stringify(f.before) === JSON.stringify(f.after)) return `- ${code(f.path)}: ${code(inline(f.after))} (known only after apply)`;
  return `- ${code(f.path)}: ${code(inline(f.before))} → ${code(inline(f.after))}`;
}

/**
 * The report for a pull request: what was compared, a summary table (changes per half and action,
 * risks counted), every change in one table with the risky ones first, then the details per change:
 * why each risk applies and which fields changed, with old and new values.
 */
export function renderMarkdown(changes: readonly Change[], revisions: Revisions): string {
  const lines = ['## Infrastructure diff', '', `Base ${revisions.base} → head ${revisions.head}.`, ''];
  if (changes.length === 0) {
    lines.push('No changes: both halves synthesize to the same objects and resources.');
    return `${lines.join('\n')}\n`;
  }
  const counted = RISKS.map((r) => [r, changes.filter((c) => c.risks.includes(r)).length] as const).filter(([, n]) => n > 0);
  lines.push(
    `**${changes.length} change${changes.length === 1 ? '' : 's'}**; ${counted.length > 0 ? `risks: ${counted.map(([r, n]) => `${code(r)} ${n}`).join(', ')}` : 'no risks flagged'}.`,
    '',
    `| | ${ACTIONS.join(' | ')} |`,
    `|---|${ACTIONS.map(() => '---:').join('|')}|`,
    ...(['environment', 'k8s', 'gcp'] as ChangeHalf[]).filter((half) => half !== 'environment' || changes.some((c) => c.half === half)).map((half) => `| ${HALF_TITLES[half]} | ${ACTIONS.map((a) => changes.filter((c) => c.half === half && c.action === a).length).join(' | ')} |`),
    '',
    '| risks | action | half | kind | name |',
    '|---|---|---|---|---|',
    ...changes.map((c) => `| ${c.risks.length > 0 ? c.risks.map((r) => `**${r}**`).join(', ') : '–'} | ${c.action} | ${c.half} | ${cell(c.kind)} | ${cell(code(c.name))} |`),
    '',
    '### Details',
  );
  for (const c of changes) {
    if (c.fields.length === 0 && c.notes.length === 0) continue;
    lines.push('', `#### ${c.action} ${c.kind} ${code(c.name)}`, '');
    lines.push(...c.notes.map((n) => `- ${n.replace(/^([a-z-]+): /, (m, risk: string) => ((RISKS as readonly string[]).includes(risk) ? `**${risk}**: ` : m))}`));
    lines.push(...c.fields.map(fieldLine));
  }
  return `${lines.join('\n')}\n`;
}
