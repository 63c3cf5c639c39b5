// Finding processes by a unique string in their command line (a run's private temp folder), for what a launcher
// cannot track by PID: desktop VS Code's `code` command hands the window to an Electron process it detaches.
// Only processes whose arguments name our own mkdtemp folder are matched, so nothing else is ever touched.
import { spawnSync } from 'node:child_process';
import { isAlive, waitUntilGone } from './childProcesses.mjs';

const PS_TIMEOUT_MS = 10_000;

/**
 * Processes (other than this one) whose command line contains `text`, with their process group; empty where `ps` is
 * not available.
 * @returns {{pid: number, pgid: number}[]}
 */
export function listProcessesMentioning(text) {
  const ps = spawnSync('ps', ['-A', '-o', 'pid=', '-o', 'pgid=', '-o', 'args='], { encoding: 'utf8', timeout: PS_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
  if (ps.status !== 0 || typeof ps.stdout !== 'string') return [];
  const found = [];
  for (const line of ps.stdout.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!match || !match[3].includes(text) || match[3].startsWith('ps ')) continue;
    const pid = Number(match[1]);
    if (pid !== process.pid) found.push({ pid, pgid: Number(match[2]) });
  }
  return found;
}

/**
 * SIGTERM, a bounded wait, then SIGKILL for those still alive. A process that leads its own group (a detached
 * Electron main process) is signalled with its whole group, so that its helpers go too.
 * @param {{pid: number, pgid?: number}[]} processes
 */
export async function stopProcesses(processes, graceMs = 5_000) {
  const send = ({ pid, pgid }, signal) => {
    for (const target of pgid === pid ? [-pid, pid] : [pid]) {
      try {
        process.kill(target, signal);
      } catch {
        // already gone
      }
    }
  };
  for (const entry of processes) send(entry, 'SIGTERM');
  const left = await waitUntilGone(processes.map((entry) => entry.pid), graceMs);
  for (const entry of processes) send(entry, 'SIGKILL');
  await waitUntilGone(left.filter(isAlive), graceMs);
}
