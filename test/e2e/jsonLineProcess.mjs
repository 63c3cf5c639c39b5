// Starts a helper process that prints one JSON line on stdout when it is ready (the emulator's and Unleash's
// command-line entries do), and stops its whole process group. Bounded waits only.
import { spawn } from 'node:child_process';

const STOP_GRACE_MS = 5_000;

/**
 * @param {string[]} argv        node arguments
 * @param {{ cwd: string, timeoutMs: number, log: (line: string) => void, name: string }} options
 * @returns {Promise<{ ready: any, stop: () => Promise<void> }>}
 */
export function startJsonLineProcess(argv, { cwd, timeoutMs, log, name }) {
  const child = spawn(process.execPath, argv, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4000); });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => { void stop(); reject(new Error(`${name} was not ready within ${timeoutMs} ms:\n${stderr}`)); }, timeoutMs);
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        const ready = JSON.parse(buffer.slice(0, newline));
        log(`${name} ready`);
        resolve({ ready, stop });
      } catch {
        void stop();
        reject(new Error(`${name} printed something other than its ready line: ${buffer.slice(0, 200)}`));
      }
    });
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`${name} exited (${code}) before it was ready:\n${stderr}`)); });
  });
}
