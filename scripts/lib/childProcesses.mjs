// Starting and stopping the processes a launcher owns (the demo, test/e2e/vsix.mjs). Each child leads its own
// process group, so stopping the group also stops what it started (code-server's extension host and language
// server), and a Ctrl+C on the terminal reaches only the launcher, which then stops its children in order.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

const POLL_MS = 100;

/**
 * Spawns `command` as the leader of a new process group (setsid).
 * @returns {{ child: import('node:child_process').ChildProcess, exited: Promise<{code: number|null, signal: string|null}> }}
 */
export function startGroup(command, args, { cwd, env, stdio = ['ignore', 'pipe', 'pipe'] } = {}) {
  const child = spawn(command, args, { cwd, env, stdio, detached: true });
  const exited = new Promise((resolveExit) => {
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
    // A spawn error (no such command) never emits 'exit'.
    child.once('error', (error) => resolveExit({ code: null, signal: null, error }));
  });
  return { child, exited };
}

function hasExited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

/** SIGTERM (or `signal`) to the whole group, a bounded wait, then SIGKILL to whatever of the group is left. */
export async function stopGroup({ child, exited }, { signal = 'SIGTERM', graceMs = 5_000 } = {}) {
  if (!child.pid) return;
  if (!hasExited(child)) {
    signalGroup(child.pid, signal);
    await Promise.race([exited, delay(graceMs)]);
  }
  // The leader may be gone while members of its group are not (an extension host that ignores SIGTERM).
  signalGroup(child.pid, 'SIGKILL');
  await Promise.race([exited, delay(graceMs)]);
}

/** The same, synchronously and without waiting: for process.on('exit'), when nothing can be awaited any more. */
export function killGroupNow({ child }) {
  if (child.pid) signalGroup(child.pid, 'SIGKILL');
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else (the postgres user's postmaster, when not root).
    return error.code === 'EPERM';
  }
}

/** Waits (bounded) until none of `pids` exists; returns those still alive at the deadline. */
export async function waitUntilGone(pids, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let alive = pids.filter(isAlive);
  while (alive.length && Date.now() < deadline) {
    await delay(POLL_MS);
    alive = alive.filter(isAlive);
  }
  return alive;
}

/**
 * The first line of `stream` that parses as a JSON object, within `timeoutMs`. Rejects when the process exits first
 * (with what it wrote to stderr, if `stderrText` is given) or on timeout.
 */
export function readJsonLine(stream, { timeoutMs, what, exited, stderrText = () => '' }) {
  return new Promise((resolveLine, reject) => {
    let buffered = '';
    const finish = (fn, value) => {
      clearTimeout(timer);
      stream.off('data', onData);
      fn(value);
    };
    const timer = setTimeout(
      () => finish(reject, new Error(`${what} did not report ready within ${timeoutMs} ms.${note(stderrText())}`)),
      timeoutMs,
    );
    const onData = (chunk) => {
      buffered += chunk;
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (!line.startsWith('{')) continue;
        try {
          return finish(resolveLine, JSON.parse(line));
        } catch {
          // not JSON after all: keep reading
        }
      }
    };
    stream.setEncoding('utf8');
    stream.on('data', onData);
    exited.then(({ code, signal, error }) => {
      const why = error ? error.message : `exited (code ${code}, signal ${signal})`;
      finish(reject, new Error(`${what} ${why} before it was ready.${note(stderrText())}`));
    });
  });
}

function note(text) {
  const trimmed = text.trim();
  return trimmed ? `\n${trimmed.split('\n').slice(-15).join('\n')}` : '';
}

/** Keeps the last `limit` characters a stream writes, for error messages. */
export function captureTail(stream, limit = 8_000) {
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    text = (text + chunk).slice(-limit);
  });
  return () => text;
}

/** A free TCP port on 127.0.0.1: `preferred` when it is free, else one the system picks. */
export async function freePort(preferred) {
  const tryListen = (port) =>
    new Promise((resolvePort) => {
      const server = createServer();
      server.once('error', () => resolvePort(undefined));
      server.listen(port, '127.0.0.1', () => {
        const { port: chosen } = server.address();
        server.close(() => resolvePort(chosen));
      });
    });
  if (preferred) {
    const port = await tryListen(preferred);
    if (port) return port;
  }
  const port = await tryListen(0);
  if (!port) throw new Error('no free TCP port on 127.0.0.1');
  return port;
}
