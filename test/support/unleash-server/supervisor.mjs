// Owns one Unleash run: a throwaway PostgreSQL cluster plus unleash-server (start.cjs), both on 127.0.0.1, in a
// fresh temp folder. It is started by test/support/unleashServer.ts with an IPC channel and talks only over it:
//   -> {type: 'ready', url, adminToken, pids, tempDir, startupMs}   once GET /health answers 200
//   -> {type: 'failed', message}                                      when the start fails (then it exits 1)
//   -> {type: 'unleash-exited', code, signal, logTail}                when Unleash dies on its own after 'ready'
//   <- {type: 'stop'}                                                 tear everything down, then exit 0
// It also tears everything down when the IPC channel closes (the test process exited or was killed) or on
// SIGINT/SIGTERM/SIGHUP, so nothing of the run outlives the process that asked for it.
// argv[2]: JSON {timeoutMs?, postgresBinDir?, unleashServerDir?, logLevel?}.
/* global fetch, AbortSignal */
import { spawn } from 'node:child_process';
import { chownSync, chmodSync, closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPrerequisites, PrerequisiteError } from './prerequisites.mjs';
import { createPostgresCluster, findFreePort, isAlive, tailOfFile } from './postgres-cluster.mjs';

const HOST = '127.0.0.1';
const START_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'start.cjs');
const HEALTH_POLL_MS = 250;
const UNLEASH_TERM_WAIT_MS = 10_000;
const UNLEASH_KILL_WAIT_MS = 5_000;
const logTail = (path) => tailOfFile(path) || '(its log is empty)';

const config = JSON.parse(process.argv[2] ?? '{}');
const timeoutMs = Number(config.timeoutMs ?? 120_000);
const startedAt = Date.now();
const deadline = startedAt + timeoutMs;

// What exists so far, so that teardown removes exactly that.
const state = { tempDir: undefined, cluster: undefined, unleash: undefined, unleashExit: undefined, unleashLog: undefined };
let stopping = false;
let readySent = false;
let teardownPromise;

const sleep = (ms) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/** Resolves once the message is handed to the channel (or at once when the parent is gone), so exit loses nothing. */
function send(message) {
  return new Promise((resolveSend) => {
    if (!process.connected) return resolveSend();
    try {
      process.send(message, () => resolveSend());
    } catch {
      // The parent is gone: teardown is already on its way through 'disconnect'.
      resolveSend();
    }
  });
}

// Nobody reads our stdout/stderr once the parent is gone: never let a write error end us before teardown.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

function makeTempDir(runAs) {
  const dir = mkdtempSync(join(tmpdir(), 'swb-unleash-'));
  chmodSync(dir, 0o700);
  // PostgreSQL runs as `postgres` and keeps its data, log and socket here; root (us) can still read it.
  if (runAs) chownSync(dir, runAs.uid, runAs.gid);
  return dir;
}

function startUnleashProcess(prerequisites, cluster, port, adminToken) {
  state.unleashLog = join(state.tempDir, 'unleash.log');
  const logFd = openSync(state.unleashLog, 'a');
  const child = spawn(process.execPath, [START_SCRIPT], {
    cwd: state.tempDir,
    // A clean environment: a stray DATABASE_URL or NODE_OPTIONS of the caller must not change the server.
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? state.tempDir,
      TZ: 'UTC',
      NODE_ENV: 'production',
      SEND_TELEMETRY: 'false',
      CHECK_VERSION: 'false',
      UNLEASH_TEST_DB_HOST: cluster.host,
      UNLEASH_TEST_DB_PORT: String(cluster.port),
      UNLEASH_TEST_DB_USER: cluster.user,
      UNLEASH_TEST_DB_PASSWORD: cluster.password,
      UNLEASH_TEST_DB_NAME: cluster.database,
      UNLEASH_TEST_HOST: HOST,
      UNLEASH_TEST_PORT: String(port),
      UNLEASH_TEST_ADMIN_TOKEN: adminToken,
      UNLEASH_TEST_LOG_LEVEL: config.logLevel ?? 'info',
      UNLEASH_TEST_UNLEASH_ENTRY: prerequisites.unleash.entry,
    },
    stdio: ['ignore', logFd, logFd, 'ipc'],
    // Its own process group, so that stop can signal Unleash and anything it started, and a Ctrl+C meant for a
    // terminal's foreground job reaches us (who stop it in order) rather than racing us.
    detached: true,
  });
  closeSync(logFd);
  state.unleash = child;
  child.on('exit', (code, signal) => {
    state.unleashExit = { code, signal };
    if (!stopping && readySent) {
      void send({ type: 'unleash-exited', code, signal, logTail: logTail(state.unleashLog) }).then(() => teardown(1));
    }
  });
  return child;
}

async function waitForHealth(url) {
  while (Date.now() < deadline) {
    if (stopping) throw new Error('stopped while starting');
    if (state.unleashExit) {
      const { code, signal } = state.unleashExit;
      throw new Error(`unleash-server exited before it was healthy (code ${code}, signal ${signal}):\n${logTail(state.unleashLog)}`);
    }
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(Math.min(2_000, Math.max(1, deadline - Date.now()))) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet (or busy migrating).
    }
    await sleep(HEALTH_POLL_MS);
  }
  throw new Error(
    `unleash-server did not answer GET /health with 200 within ${timeoutMs} ms:\n${logTail(state.unleashLog)}`,
  );
}

async function startRun() {
  const prerequisites = checkPrerequisites({
    postgresBinDir: config.postgresBinDir,
    unleashServerDir: config.unleashServerDir,
  });
  state.tempDir = makeTempDir(prerequisites.runAs);
  const pgStartedAt = Date.now();
  state.cluster = await createPostgresCluster({
    binDir: prerequisites.postgresBinDir,
    baseDir: state.tempDir,
    runAs: prerequisites.runAs,
    timeoutMs: Math.max(5_000, Math.min(60_000, deadline - Date.now())),
  });
  if (stopping) throw new Error('stopped while starting');
  const unleashStartedAt = Date.now();
  const port = await findFreePort();
  const adminToken = `*:*.${randomBytes(24).toString('hex')}`;
  const url = `http://${HOST}:${port}`;
  const child = startUnleashProcess(prerequisites, state.cluster, port, adminToken);
  await waitForHealth(url);
  const readyAt = Date.now();
  readySent = true;
  await send({
    type: 'ready',
    url,
    adminToken,
    pids: { supervisor: process.pid, unleash: child.pid, postgres: state.cluster.pid },
    tempDir: state.tempDir,
    startupMs: { postgres: unleashStartedAt - pgStartedAt, unleash: readyAt - unleashStartedAt, total: readyAt - startedAt },
  });
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    try { process.kill(pid, signal); } catch { /* already gone */ }
  }
}

async function waitForUnleashExit(timeout) {
  const until = Date.now() + timeout;
  while (!state.unleashExit && Date.now() < until) await sleep(50);
  return Boolean(state.unleashExit);
}

async function stopUnleash() {
  const child = state.unleash;
  if (!child || state.unleashExit || child.pid === undefined) return;
  signalGroup(child.pid, 'SIGTERM');
  if (await waitForUnleashExit(UNLEASH_TERM_WAIT_MS)) return;
  signalGroup(child.pid, 'SIGKILL');
  await waitForUnleashExit(UNLEASH_KILL_WAIT_MS);
}

/** Stops Unleash, then PostgreSQL, removes the temp folder and exits. Runs once, whatever asked for it. */
function teardown(exitCode) {
  stopping = true;
  teardownPromise ??= (async () => {
    await startPromise.catch(() => {});
    try { await stopUnleash(); } catch { /* keep going: PostgreSQL and the folder still need to go */ }
    try { await state.cluster?.stop(); } catch { /* keep going */ }
    if (state.tempDir) {
      try { rmSync(state.tempDir, { recursive: true, force: true, maxRetries: 3 }); } catch { /* nothing more to do */ }
    }
    const leftovers = [state.unleash?.pid, state.cluster?.pid].filter((pid) => pid !== undefined && isAlive(pid));
    await send({ type: 'stopped', leftovers });
    process.exit(leftovers.length ? 2 : exitCode);
  })();
  return teardownPromise;
}

// A bug here must still not leave PostgreSQL or Unleash running.
for (const event of ['uncaughtException', 'unhandledRejection']) {
  process.on(event, (error) => {
    if (stopping) return;
    void send({ type: 'failed', message: `The Unleash supervisor failed: ${error?.stack ?? error}` }).then(() => teardown(1));
  });
}

process.on('message', (message) => {
  if (message && message.type === 'stop') void teardown(0);
});
process.on('disconnect', () => void teardown(0));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void teardown(0));

if (!process.send) {
  console.error('supervisor.mjs is started by test/support/unleashServer.ts (with an IPC channel), not by hand.');
  process.exit(2);
}

const startPromise = startRun();
startPromise.catch((error) => {
  if (stopping) return;
  const message = error instanceof PrerequisiteError ? error.message : `Unleash did not start: ${error.message}`;
  void send({ type: 'failed', message }).then(() => teardown(1));
});
