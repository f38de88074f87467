import { formatSeconds } from './network-error';
import { countStatuses } from './report';
import type { Report } from './types';

export interface WaitOptions {
  /** Total time to keep trying; 0: one run. */
  readonly waitMs: number;
  /** Pause between runs. */
  readonly intervalMs: number;
  /** Receives one progress line per failed run that will be retried. */
  readonly progress: (line: string) => void;
  readonly clock?: () => number;
}

/**
 * Runs the checks until none fails or the time is up, and returns the last report. Skips do not
 * keep it waiting: they come from what this client cannot know, which time does not change.
 */
export async function runUntilPassing(run: () => Promise<Report>, options: WaitOptions): Promise<Report> {
  const clock = options.clock ?? Date.now;
  const deadline = clock() + options.waitMs;
  for (let attempt = 1; ; attempt += 1) {
    const report = await run();
    const counts = countStatuses(report);
    const left = deadline - clock();
    if (counts.fail === 0 || left <= 0) return report;
    const pause = Math.min(options.intervalMs, left);
    const failing = report.endpoints.flatMap((e) => e.checks.filter((c) => c.status === 'fail').map((c) => `${e.hostname} ${c.check}`));
    const shown = failing.length > 4 ? [...failing.slice(0, 3), `${failing.length - 3} more`] : failing;
    options.progress(`waiting (try ${attempt}): ${counts.pass} passed, ${counts.fail} failing (${shown.join(', ')}); next try in ${formatSeconds(pause)}, ${formatSeconds(left)} left`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
