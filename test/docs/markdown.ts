import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

// Small, dependency-free Markdown reading for the docs tests: front matter, fenced blocks, code
// spans, links and sections. Offsets are kept (fences are blanked, not removed) so failures can
// name the line.

export const REPO = path.resolve(__dirname, '..', '..');

/** The docs the tests scan: the two root docs and everything under docs/. Paths relative to REPO, sorted. */
export function listDocs(): string[] {
  const root = ['README.md', 'MASTER_PLAN.md'].filter((f) => existsSync(path.join(REPO, f)));
  const docsDir = path.join(REPO, 'docs');
  const nested = existsSync(docsDir)
    ? readdirSync(docsDir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.md'))
      .map((f) => path.posix.join('docs', f.split(path.sep).join('/')))
    : [];
  return [...root, ...nested.sort()];
}

export function readDoc(rel: string): string {
  return readFileSync(path.join(REPO, rel), 'utf8');
}

export interface FrontMatter {
  /** The YAML text between the `---` lines, or undefined when the doc has none. */
  readonly raw?: string;
  /** The rest of the document, with the front matter blanked (offsets unchanged). */
  readonly body: string;
}

export function splitFrontMatter(text: string): FrontMatter {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (!m) return { body: text };
  return { raw: m[1], body: blank(m[0]) + text.slice(m[0].length) };
}

export interface Fence {
  readonly info: string;
  readonly content: string;
  /** Line number (1-based) of the opening fence. */
  readonly line: number;
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/** Fenced code blocks (``` or ~~~), in order. An unclosed fence runs to the end, as in CommonMark. */
export function fences(text: string): Fence[] {
  return scanFences(text).fences;
}

/** The text with every fenced block's lines blanked: what is left is prose and inline code. */
export function prose(text: string): string {
  return scanFences(text).prose;
}

function scanFences(text: string): { fences: Fence[]; prose: string } {
  const lines = text.split('\n');
  const out: string[] = [];
  const found: Fence[] = [];
  let open: { marker: string; info: string; line: number; content: string[] } | undefined;
  lines.forEach((line, i) => {
    if (open) {
      const close = new RegExp(`^ {0,3}${open.marker[0] === '`' ? '`' : '~'}{${open.marker.length},}\\s*$`);
      if (close.test(line)) {
        found.push({ info: open.info, content: open.content.join('\n'), line: open.line });
        open = undefined;
      } else {
        open.content.push(line);
      }
      out.push(blank(line));
      return;
    }
    const m = FENCE_OPEN.exec(line);
    if (m && !(m[1][0] === '`' && m[2].includes('`'))) {
      open = { marker: m[1], info: m[2].trim(), line: i + 1, content: [] };
      out.push(blank(line));
      return;
    }
    out.push(line);
  });
  if (open) found.push({ info: open.info, content: open.content.join('\n'), line: open.line });
  return { fences: found, prose: out.join('\n') };
}

export interface Span {
  readonly text: string;
  /** Offset of the first backtick / bracket. */
  readonly index: number;
  /** Offset just after the span. */
  readonly end: number;
}

/** Inline code spans of prose (run fences through prose() first). Handles `` double `` backticks. */
export function codeSpans(text: string): Span[] {
  const spans: Span[] = [];
  const opener = /`+/g;
  let m: RegExpExecArray | null;
  while ((m = opener.exec(text)) !== null) {
    const ticks = m[0];
    const closer = new RegExp(`(?<!\`)${ticks}(?!\`)`, 'g');
    closer.lastIndex = m.index + ticks.length;
    const c = closer.exec(text);
    if (!c) continue; // a lone backtick run is literal text
    let inner = text.slice(m.index + ticks.length, c.index);
    if (inner.length > 2 && inner.startsWith(' ') && inner.endsWith(' ')) inner = inner.slice(1, -1);
    spans.push({ text: inner.replace(/\n/g, ' '), index: m.index, end: c.index + ticks.length });
    opener.lastIndex = c.index + ticks.length;
  }
  return spans;
}

/** Markdown inline links `[text](target "title")`; images included. Targets only, not the text. */
export function links(text: string): Span[] {
  const result: Span[] = [];
  const re = /\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) result.push({ text: m[1], index: m.index, end: m.index + m[0].length });
  return result;
}

/**
 * The body of the section whose heading text is `title` (any level), up to the next heading of the
 * same or a higher level. Undefined when there is no such heading.
 */
export function section(text: string, title: string): string | undefined {
  const lines = text.split('\n');
  // Headings are found in the prose only: a `# comment` in a shell block is not a heading.
  const proseLines = prose(text).split('\n');
  const start = proseLines.findIndex((l) => {
    const m = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(l);
    return m !== null && m[2].toLowerCase() === title.toLowerCase();
  });
  if (start < 0) return undefined;
  const level = /^#+/.exec(lines[start])![0].length;
  const rest = lines.slice(start + 1);
  const stop = proseLines.slice(start + 1).findIndex((l) => {
    const m = /^(#{1,6})\s/.exec(l);
    return m !== null && m[1].length <= level;
  });
  return (stop < 0 ? rest : rest.slice(0, stop)).join('\n');
}

/** Heading texts of the given level (e.g. 2 for `##`). Fenced blocks are ignored. */
export function headings(text: string, level: number): string[] {
  return prose(text).split('\n')
    .map((l) => new RegExp(`^#{${level}}\\s+(.*?)\\s*#*\\s*$`).exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => m[1]);
}

/** 1-based line number of an offset. */
export function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** The rules block of the doc-system spec (the fenced yaml block starting `# doc-system-rules`). */
export interface DocRules {
  readonly required: string[];
  readonly enums: Record<string, string[]>;
  readonly stringLists: string[];
  readonly nonEmpty: string[];
  readonly timestamps: string[];
  readonly requiredUnder: string[];
  readonly lifecycleByFolder: Record<string, string[]>;
  readonly plannedMarker: string;
  readonly oldRepository: { prefix: string; onlyIn: string; section: string; marker: string };
  /** Upstream names (API fields, resource types) docs may cite in backticks though the code does not have them. */
  readonly externalSymbols: string[];
}

export const SPEC_DOC = 'docs/features/doc-system-spec.md';

export function docRules(): DocRules {
  const block = fences(readDoc(SPEC_DOC)).find((f) => f.info === 'yaml' && f.content.startsWith('# doc-system-rules'));
  if (!block) throw new Error(`${SPEC_DOC}: no \`\`\`yaml block starting with "# doc-system-rules"`);
  return parse(block.content) as DocRules;
}

function blank(s: string): string {
  return s.replace(/[^\n]/g, ' ');
}
