// Preloaded into every Node process of a benchmarked command (NODE_OPTIONS=--require <this file>),
// so it reaches the process that does the work even when a launcher spawns it (the `tsx` CLI runs
// the script in a child `node`). At exit each process appends one JSON line to $BENCH_RSS_OUT:
// its pid, parent pid, VmHWM (peak resident set, from /proc/self/status; Linux) and, as a fallback
// elsewhere, process.resourceUsage().maxRSS (same quantity, KiB), and its CPU time (user + system),
// which other processes on the machine inflate far less than wall time. run.mjs then reports the largest
// single process (the worker) and the sum over the tree (an upper bound of the tree's peak,
// because the peaks of parent and child need not coincide).
'use strict';
const fs = require('node:fs');
const out = process.env.BENCH_RSS_OUT;
if (out) {
  process.on('exit', () => {
    let hwmKb;
    try {
      const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
      if (m) hwmKb = Number(m[1]);
    } catch { /* not Linux */ }
    const line = {
      pid: process.pid,
      ppid: process.ppid,
      hwmKb: hwmKb ?? process.resourceUsage().maxRSS,
      source: hwmKb === undefined ? 'resourceUsage' : 'VmHWM',
      cpuMs: (({ user, system }) => (user + system) / 1000)(process.cpuUsage()),
      argv: process.argv.slice(1, 3),
    };
    try { fs.appendFileSync(out, `${JSON.stringify(line)}\n`); } catch { /* never break the benchmarked process */ }
  });
}
