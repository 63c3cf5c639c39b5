// Samples the memory of this process and all its descendants (code-server, its extension host, the language server,
// Chromium and its helpers) once a second, and remembers the peak. PSS rather than RSS: Chromium's processes share
// most of their pages, and RSS would count them once per process. Linux only; elsewhere it reports 0.
import { readFileSync, readdirSync } from 'node:fs';
import { setInterval, clearInterval } from 'node:timers';

function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: the fields after its last ')' are fixed.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function memoryKB(pid) {
  for (const [file, field] of [[`/proc/${pid}/smaps_rollup`, 'Pss:'], [`/proc/${pid}/status`, 'VmRSS:']]) {
    try {
      const line = readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith(field));
      if (line) return Number(line.split(/\s+/)[1]);
    } catch {
      // process gone, or no smaps_rollup on this kernel: try the next source
    }
  }
  return 0;
}

function treeKB(rootPid) {
  let pids;
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return 0;
  }
  const children = new Map();
  for (const pid of pids) {
    const parent = parentOf(pid);
    if (parent === undefined) continue;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(pid);
  }
  let total = 0;
  const queue = [rootPid];
  const seen = new Set();
  while (queue.length > 0 && seen.size < 10_000) {
    const pid = queue.pop();
    if (seen.has(pid)) continue;
    seen.add(pid);
    total += memoryKB(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** @returns {{ stop: () => void, peakMB: () => number }} */
export function startMemorySampler(rootPid = process.pid, everyMs = 1_000) {
  let peakKB = 0;
  const sample = () => { peakKB = Math.max(peakKB, treeKB(rootPid)); };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    stop: () => { sample(); clearInterval(timer); },
    peakMB: () => Math.round(peakKB / 1024),
  };
}
