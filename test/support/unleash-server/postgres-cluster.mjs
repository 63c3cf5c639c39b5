// A throwaway PostgreSQL cluster in a temp folder, listening on 127.0.0.1 only, for one test run.
// PostgreSQL refuses to run as root, so as root every PostgreSQL command runs as `postgres` through runuser.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

const HOST = '127.0.0.1';
const START_ATTEMPTS = 3;

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function findFreePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

// Unleash's logger colours its lines; error messages read better without the escape codes.
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** The last `maxChars` characters of a file (without colour codes), or '' when it cannot be read. */
export function tailOfFile(path, maxChars = 4000) {
  try {
    const text = readFileSync(path, 'utf8').replace(ANSI_COLOUR, '');
    return text.length > maxChars ? text.slice(-maxChars) : text;
  } catch {
    return '';
  }
}

/** Whether the process runs; a zombie (exited, not yet reaped by its parent) counts as gone. */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (error.code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    // No /proc here, or it just went away.
    return existsSync('/proc/self') ? false : true;
  }
}

const sleep = (ms) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

async function waitUntilDead(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

/**
 * Creates and starts a cluster in `baseDir` (which the `runAs` user must own), then a login role and a database.
 * Returns connection settings, the postmaster's PID and stop().
 */
export async function createPostgresCluster({ binDir, baseDir, runAs, timeoutMs = 60_000 }) {
  const dataDir = join(baseDir, 'pgdata');
  const logFile = join(baseDir, 'postgres.log');
  const bin = (name) => join(binDir, name);

  // Runs one PostgreSQL command as the right user, bounded in time; rejects with its output on failure.
  const run = (command, args, limitMs) =>
    new Promise((resolveRun, reject) => {
      const file = runAs ? runAs.runuser : command;
      const argv = runAs ? ['-u', runAs.name, '--', command, ...args] : args;
      execFile(
        file,
        argv,
        { cwd: baseDir, timeout: limitMs, killSignal: 'SIGKILL', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' } },
        (error, stdout, stderr) => {
          if (error) {
            const reason = error.killed ? `timed out after ${limitMs} ms` : `failed (${error.code ?? error.signal})`;
            reject(new Error(`${command} ${reason}:\n${stdout}${stderr}`.trim()));
          } else resolveRun(stdout);
        },
      );
    });

  await run(
    bin('initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-locale', '--no-sync'],
    timeoutMs,
  );

  // The port is free when chosen but may be taken before PostgreSQL binds it: try a few ports.
  let port = 0;
  let lastError;
  for (let attempt = 1; attempt <= START_ATTEMPTS && !port; attempt++) {
    const candidate = await findFreePort();
    const serverOptions = [
      `-c listen_addresses=${HOST}`,
      `-c port=${candidate}`,
      `-c unix_socket_directories='${baseDir}'`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
    ].join(' ');
    try {
      const waitSeconds = String(Math.max(5, Math.ceil(timeoutMs / 1000)));
      await run(bin('pg_ctl'), ['-D', dataDir, '-l', logFile, '-w', '-t', waitSeconds, '-o', serverOptions, 'start'], timeoutMs + 5_000);
      port = candidate;
    } catch (error) {
      lastError = new Error(`${error.message}\n--- postgres.log ---\n${tailOfFile(logFile)}`);
    }
  }
  if (!port) throw lastError;

  const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const user = 'unleash';
  const database = 'unleash';
  const password = randomBytes(18).toString('hex');

  const cluster = {
    host: HOST,
    port,
    user,
    password,
    database,
    pid,
    dataDir,
    logFile,
    /** Fast shutdown through pg_ctl; when that fails, SIGQUIT (immediate) and then SIGKILL to the postmaster. */
    async stop() {
      if (!isAlive(pid)) return;
      try {
        await run(bin('pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop'], 40_000);
      } catch {
        // Fall through to signals below.
      }
      if (await waitUntilDead(pid, 5_000)) return;
      try { process.kill(pid, 'SIGQUIT'); } catch { /* already gone */ }
      if (await waitUntilDead(pid, 5_000)) return;
      try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
      await waitUntilDead(pid, 5_000);
    },
  };

  try {
    // The role's password is hex, so it is safe inside an SQL literal.
    await run(
      bin('psql'),
      [
        '-h', baseDir, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-X', '-q', '-v', 'ON_ERROR_STOP=1',
        '-c', `CREATE ROLE ${user} LOGIN PASSWORD '${password}'`,
        '-c', `CREATE DATABASE ${database} OWNER ${user}`,
      ],
      timeoutMs,
    );
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

export { isAlive, waitUntilDead };
