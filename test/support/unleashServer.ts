// A real unleash-server 7.5.1 with a throwaway PostgreSQL, both on 127.0.0.1, for the unleash test tier and the
// demo. The work is done by a supervisor process (test/support/unleash-server/supervisor.mjs) that this module
// starts with an IPC channel: when this process exits or is killed, the channel closes and the supervisor stops
// Unleash and PostgreSQL and deletes the temp folder, so a killed test run leaves nothing behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

export interface UnleashHandle {
  /** Base URL, e.g. http://127.0.0.1:43121 (no trailing slash). */
  url: string;
  /** An admin API token; send it as `Authorization: <token>` (no `Bearer`). */
  adminToken: string;
  /** Stops Unleash (SIGTERM, then SIGKILL), then PostgreSQL (pg_ctl stop -m fast), deletes the temp folder. Idempotent. */
  stop(): Promise<void>;
  /** PIDs of this run: the supervisor, Unleash's node process and the postmaster. */
  readonly pids: { supervisor: number; unleash: number; postgres: number };
  /** The run's temp folder (PostgreSQL data, logs, socket); gone after stop(). */
  readonly tempDir: string;
  /** How long the start took, in milliseconds. */
  readonly startupMs: { postgres: number; unleash: number; total: number };
  /**
   * Settles when the run has ended, by stop() or because Unleash died on its own (then `unexpected` is true).
   * Reading it keeps this process alive until then (otherwise a run never holds the process open).
   */
  readonly ended: Promise<UnleashRunEnd>;
}

export interface UnleashRunEnd {
  unexpected: boolean;
  /** Why, when unexpected: Unleash's exit and the tail of its log. */
  reason?: string;
}

export interface StartUnleashOptions {
  /** Bound for the whole start (PostgreSQL, migrations, GET /health). Default 120 000 ms. */
  timeoutMs?: number;
  /** Another PostgreSQL bin folder; default: the newest /usr/lib/postgresql/<version>/bin. */
  postgresBinDir?: string;
  /** Another unleash-server 7.5.1 package folder; default: test/support/unleash-server/node_modules/unleash-server. */
  unleashServerDir?: string;
  /** unleash-server's log level (its log is in the temp folder). Default 'info'. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

const SUPERVISOR = join(__dirname, 'unleash-server', 'supervisor.mjs');
const DEFAULT_TIMEOUT_MS = 120_000;
// Beyond the supervisor's own bound: time for it to report, or to tear down what it started.
const SUPERVISOR_GRACE_MS = 90_000;
const STOP_TIMEOUT_MS = 60_000;
const STDERR_LIMIT = 8_000;

interface ReadyMessage {
  type: 'ready';
  url: string;
  adminToken: string;
  pids: UnleashHandle['pids'];
  tempDir: string;
  startupMs: UnleashHandle['startupMs'];
}
type SupervisorMessage =
  | ReadyMessage
  | { type: 'failed'; message: string }
  | { type: 'unleash-exited'; code: number | null; signal: string | null; logTail: string }
  | { type: 'stopped'; leftovers: number[] };

/** Starts PostgreSQL and Unleash; rejects (naming the install step when something is not installed) on failure. */
export function startUnleash(options: StartUnleashOptions = {}): Promise<UnleashHandle> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const child = spawn(process.execPath, [SUPERVISOR, JSON.stringify({ ...options, timeoutMs })], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    // Its own session: a Ctrl+C on the terminal ends this process, and the supervisor then cleans up in order.
    detached: true,
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    if (stderr.length < STDERR_LIMIT) stderr += chunk;
  });

  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
    child.on('exit', (code, signal) => resolveExit({ code, signal }));
  });
  let lastStopped: number[] | undefined;
  let unexpectedEnd: string | undefined;
  child.on('message', (message: SupervisorMessage) => {
    if (message.type === 'stopped') lastStopped = message.leftovers;
    if (message.type === 'unleash-exited') {
      unexpectedEnd = `unleash-server exited on its own (code ${message.code}, signal ${message.signal}):\n${message.logTail}`;
    }
  });

  return new Promise<UnleashHandle>((resolveStart, rejectStart) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      rejectStart(new Error(`The Unleash supervisor did not report within ${timeoutMs + SUPERVISOR_GRACE_MS} ms.${stderrNote(stderr)}`));
    }, timeoutMs + SUPERVISOR_GRACE_MS);

    let failure: string | undefined;
    const onMessage = (message: SupervisorMessage): void => {
      // The supervisor exits once it has cleaned up: the start rejects then (see onEarlyExit), not before.
      if (message.type === 'failed') failure = message.message;
      else if (message.type === 'ready') {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onEarlyExit);
        // The run must not keep the test process alive: if stop() is forgotten, exiting closes the channel and
        // the supervisor cleans up.
        child.stderr?.destroy();
        child.unref();
        (child.channel as { unref?: () => void } | undefined)?.unref?.();
        resolveStart(makeHandle(child, message, exit, () => lastStopped, () => unexpectedEnd));
      }
    };
    const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(timer);
      rejectStart(
        new Error(failure ?? `The Unleash supervisor exited before Unleash was ready (code ${code}, signal ${signal}).${stderrNote(stderr)}`),
      );
    };
    child.on('message', onMessage);
    child.once('exit', onEarlyExit);
    child.once('error', (error) => {
      clearTimeout(timer);
      rejectStart(error);
    });
  });
}

function stderrNote(stderr: string): string {
  return stderr.trim() ? `\n--- supervisor stderr ---\n${stderr.trim()}` : '';
}

function makeHandle(
  child: ChildProcess,
  ready: ReadyMessage,
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
  leftovers: () => number[] | undefined,
  unexpectedEnd: () => string | undefined,
): UnleashHandle {
  let stopPromise: Promise<void> | undefined;
  const ended = exit.then((): UnleashRunEnd => {
    const reason = unexpectedEnd();
    return reason === undefined ? { unexpected: false } : { unexpected: true, reason };
  });

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.connected) child.send({ type: 'stop' });
    else if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    // A ref'd timer keeps this process alive (the channel is unref'd) until the supervisor has finished.
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolveTimeout) => {
      timer = setTimeout(() => resolveTimeout('timeout'), STOP_TIMEOUT_MS);
    });
    const outcome = await Promise.race([exit, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      forceCleanup(child, ready);
      throw new Error(`The Unleash supervisor did not stop within ${STOP_TIMEOUT_MS} ms; its processes were killed.`);
    }
    const left = leftovers() ?? [];
    if (left.length) throw new Error(`Processes of this Unleash run were still alive after stop: ${left.join(', ')}`);
  };

  return {
    url: ready.url,
    adminToken: ready.adminToken,
    pids: ready.pids,
    tempDir: ready.tempDir,
    startupMs: ready.startupMs,
    get ended() {
      child.ref();
      return ended;
    },
    stop: () => (stopPromise ??= stop()),
  };
}

/** Last resort when the supervisor hangs: kill everything of the run and remove its folder. */
function forceCleanup(child: ChildProcess, ready: ReadyMessage): void {
  const kill = (pid: number, signal: NodeJS.Signals): void => {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  };
  kill(-ready.pids.unleash, 'SIGKILL');
  kill(ready.pids.unleash, 'SIGKILL');
  kill(ready.pids.postgres, 'SIGQUIT');
  child.kill('SIGKILL');
  rmSync(ready.tempDir, { recursive: true, force: true });
}
