import { escapeText } from '../cli/escape';
import { countOf } from './plural';
import type { Report, Status } from './types';

export type Counts = Record<Status, number>;

export function countStatuses(report: Report): Counts {
  const counts: Counts = { pass: 0, fail: 0, skip: 0 };
  report.endpoints.forEach((e) => e.checks.forEach((c) => { counts[c.status] += 1; }));
  return counts;
}

/**
 * 0: every check passed. 1: at least one failed. 3: none failed but some were skipped, so the
 * endpoint is not proven (2 is kept for usage errors).
 */
export function exitCode(report: Report): 0 | 1 | 3 {
  const counts = countStatuses(report);
  if (counts.fail > 0) return 1;
  return counts.skip > 0 ? 3 : 0;
}

function summaryLine(report: Report): string {
  const { pass, fail, skip } = countStatuses(report);
  const verdict = fail > 0 ? 'FAILED' : skip > 0 ? 'NOT PROVEN (skipped checks)' : 'OK, every check passed';
  return `verify ${report.environment}: ${pass} passed, ${fail} failed, ${skip} skipped (${countOf(report.endpoints.length, 'endpoint')}): ${verdict}`;
}

/** One row per endpoint and check, aligned columns, then the summary line. */
export function renderTable(report: Report): string {
  const header = ['ENDPOINT', 'CHECK', 'RESULT', 'DETAIL'];
  const rows = report.endpoints.flatMap((e) => e.checks.map((c, i) => [i === 0 ? e.hostname : '', c.check, c.status, escapeText(c.detail)]));
  const widths = [0, 1, 2].map((col) => Math.max(header[col].length, ...rows.map((r) => r[col].length)));
  const line = (cells: string[]) => cells.map((cell, col) => (col < 3 ? cell.padEnd(widths[col]) : cell)).join('  ').trimEnd();
  return [line(header), ...rows.map(line), '', summaryLine(report)].join('\n') + '\n';
}

/** The same facts for machines; details escaped as in the table. */
export function renderJson(report: Report): string {
  const counts = countStatuses(report);
  return JSON.stringify({
    environment: report.environment,
    endpoints: report.endpoints.map((e) => ({
      hostname: e.hostname,
      checks: e.checks.map((c) => ({ check: c.check, status: c.status, detail: escapeText(c.detail) })),
    })),
    summary: { passed: counts.pass, failed: counts.fail, skipped: counts.skip },
    exitCode: exitCode(report),
  }, null, 2) + '\n';
}
