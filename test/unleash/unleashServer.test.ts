// Proves the Unleash test harness (a real unleash-server 7.5.1 with a throwaway PostgreSQL on 127.0.0.1), and the
// facts from shared/reference/unleash.md that the Unleash API client relies on. Needs
// `bash scripts/install-test-services.sh`; without it these tests fail with a message naming that step.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import { startUnleash, type UnleashHandle } from '../support/unleashServer';

const START_TIMEOUT_MS = 120_000;
const HOOK_TIMEOUT_MS = START_TIMEOUT_MS + 60_000;
const CLEANUP_WAIT_MS = 60_000;
const REPO_ROOT = join(__dirname, '..', '..');
// The operators unleash.md lists; the server's 400 for an unknown operator must name each of them.
const UNLEASH_OPERATORS = [
  'IN', 'NOT_IN', 'STR_CONTAINS', 'STR_STARTS_WITH', 'STR_ENDS_WITH', 'NUM_EQ', 'NUM_GT', 'NUM_GTE', 'NUM_LT',
  'NUM_LTE', 'DATE_BEFORE', 'DATE_AFTER', 'SEMVER_EQ', 'SEMVER_GT', 'SEMVER_LT', 'REGEX',
];

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

async function call(handle: UnleashHandle, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, withToken = true): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (withToken) headers.authorization = handle.adminToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await request(`${handle.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  const text = await response.body.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers, text, json };
}

// ---- process and socket facts from /proc (Linux) ----

function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/** Running: it exists and is not a zombie. */
function isRunning(pid: number): boolean {
  const state = processState(pid);
  return state !== undefined && state !== 'Z';
}

function allPids(): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** The given processes and all their descendants that run now. */
function processTree(roots: number[]): number[] {
  const pids = allPids();
  const tree = new Set(roots.filter(isRunning));
  for (let depth = 0; depth < 10; depth++) {
    const before = tree.size;
    for (const pid of pids) {
      const parent = parentOf(pid);
      if (parent !== undefined && tree.has(parent) && isRunning(pid)) tree.add(pid);
    }
    if (tree.size === before) break;
  }
  return [...tree];
}

/** Processes whose command line mentions `text` (e.g. the run's temp folder). */
function processesMentioning(text: string): number[] {
  return allPids().filter((pid) => {
    try {
      return isRunning(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
    } catch {
      return false;
    }
  });
}

/** Local addresses ("127.0.0.1:5432", "[::]:80") of the TCP sockets that `pid` listens on. */
function listeningAddresses(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // The descriptor closed meanwhile.
    }
  }
  const addresses: string[] = [];
  for (const table of ['tcp', 'tcp6']) {
    const lines = readFileSync(`/proc/net/${table}`, 'utf8').split('\n').slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== '0A' || !inodes.has(fields[9])) continue;
      const [hexAddress, hexPort] = fields[1].split(':');
      addresses.push(`${decodeAddress(hexAddress)}:${parseInt(hexPort, 16)}`);
    }
  }
  return addresses;
}

function decodeAddress(hex: string): string {
  if (hex.length === 8) return hex.match(/../g)!.map((byte) => parseInt(byte, 16)).reverse().join('.');
  if (hex === '0'.repeat(32)) return '[::]';
  if (hex === '0000000000000000FFFF00000100007F') return '[::ffff:127.0.0.1]';
  return `[${hex}]`;
}

function rssMegabytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

function portIsClosed(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolveClosed) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.setTimeout(5_000);
    socket.once('connect', () => { socket.destroy(); resolveClosed(false); });
    socket.once('timeout', () => { socket.destroy(); resolveClosed(false); });
    socket.once('error', (error: NodeJS.ErrnoException) => resolveClosed(error.code === 'ECONNREFUSED'));
  });
}

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(200);
  }
  assert.ok(await check(), `${what} (waited ${timeoutMs} ms)`);
}

/** Asserts that nothing of a run is left: processes, port, temp folder. */
async function assertRunGone(run: { url: string; tempDir: string; pids: number[] }, timeoutMs: number): Promise<void> {
  await waitFor(`processes ${run.pids.join(', ')} of the run have ended`, () => run.pids.every((pid) => !isRunning(pid)), timeoutMs);
  await waitFor(`the run's temp folder ${run.tempDir} is removed`, () => !existsSync(run.tempDir), timeoutMs);
  assert.deepEqual(processesMentioning(run.tempDir), [], 'no process mentions the run\'s temp folder');
  assert.ok(await portIsClosed(run.url), `nothing listens on ${run.url} any more`);
}

// ---- the harness over one run ----

describe('startUnleash(): a real unleash-server 7.5.1 with a throwaway PostgreSQL', () => {
  let handle: UnleashHandle;
  let runProcesses: number[] = [];

  before(async () => {
    handle = await startUnleash({ timeoutMs: START_TIMEOUT_MS });
  }, { timeout: HOOK_TIMEOUT_MS });

  after(async () => {
    await handle?.stop();
  }, { timeout: HOOK_TIMEOUT_MS });

  it('answers GET /health on 127.0.0.1, and Unleash and PostgreSQL listen on 127.0.0.1 only', async (t) => {
    assert.match(handle.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await call(handle, 'GET', '/health', undefined, false);
    assert.equal(health.status, 200);
    assert.deepEqual(health.json, { health: 'GOOD' });

    const unleashListens = listeningAddresses(handle.pids.unleash);
    const postgresListens = listeningAddresses(handle.pids.postgres);
    assert.deepEqual(unleashListens, [`127.0.0.1:${new URL(handle.url).port}`]);
    assert.equal(postgresListens.length, 1, `PostgreSQL listens once: ${postgresListens.join(', ')}`);
    assert.match(postgresListens[0], /^127\.0\.0\.1:\d+$/);

    t.diagnostic(`startup ms: ${JSON.stringify(handle.startupMs)}`);
    t.diagnostic(`RSS MB: unleash ${rssMegabytes(handle.pids.unleash)}, postmaster ${rssMegabytes(handle.pids.postgres)}, supervisor ${rssMegabytes(handle.pids.supervisor)}`);
  });

  it('answers 401 to admin calls without the token or with a wrong one', async () => {
    const without = await call(handle, 'GET', '/api/admin/segments', undefined, false);
    assert.equal(without.status, 401);
    const wrong = await request(`${handle.url}/api/admin/segments`, { headers: { authorization: '*:*.not-the-token' } });
    await wrong.body.text();
    assert.equal(wrong.statusCode, 401);
  });

  it('creates a segment with the admin token (POST /api/admin/segments) and lists it', async () => {
    const constraints = [{ contextName: 'userId', operator: 'IN', values: ['alice', 'bob'] }];
    const created = await call(handle, 'POST', '/api/admin/segments', { name: 'harness-beta', description: 'made by the harness test', constraints });
    assert.equal(created.status, 201, created.text);
    const segment = created.json as { id: number; name: string; constraints: unknown[] };
    assert.equal(segment.name, 'harness-beta');
    assert.equal(created.headers.location, `segments/${segment.id}`);

    const listed = await call(handle, 'GET', '/api/admin/segments');
    assert.equal(listed.status, 200);
    const { segments } = listed.json as { segments: Array<{ id: number; name: string; description: string; constraints: Array<{ values: string[] }> }> };
    const found = segments.find((s) => s.id === segment.id);
    assert.ok(found, 'the new segment is listed');
    assert.equal(found.name, 'harness-beta');
    assert.equal(found.description, 'made by the harness test');
    assert.deepEqual(found.constraints.map((c) => c.values), [['alice', 'bob']]);
  });

  describe('facts from shared/reference/unleash.md that the API client relies on', () => {
    it('validate answers 409 NameExistsError for a taken name and 204 for a free one; create conflicts are 409 too', async () => {
      const created = await call(handle, 'POST', '/api/admin/segments', { name: 'contract-taken', constraints: [] });
      assert.equal(created.status, 201, created.text);

      const taken = await call(handle, 'POST', '/api/admin/segments/validate', { name: 'contract-taken' });
      assert.equal(taken.status, 409);
      assert.equal((taken.json as { name: string }).name, 'NameExistsError');
      assert.equal((taken.json as { message: string }).message, 'Segment name already exists');

      const free = await call(handle, 'POST', '/api/admin/segments/validate', { name: 'contract-free-name' });
      assert.equal(free.status, 204);
      assert.equal(free.text, '');

      const again = await call(handle, 'POST', '/api/admin/segments', { name: 'contract-taken', constraints: [] });
      assert.equal(again.status, 409);
      assert.equal((again.json as { name: string }).name, 'NameExistsError');
    });

    it('PUT replaces the constraints (204, no body), requires name, and keeps an omitted description', async () => {
      const created = await call(handle, 'POST', '/api/admin/segments', {
        name: 'contract-put',
        description: 'kept',
        constraints: [
          { contextName: 'userId', operator: 'IN', values: ['a'] },
          { contextName: 'appName', operator: 'STR_STARTS_WITH', values: ['web'] },
        ],
      });
      assert.equal(created.status, 201, created.text);
      const { id } = created.json as { id: number };

      const replaced = await call(handle, 'PUT', `/api/admin/segments/${id}`, {
        name: 'contract-put-renamed',
        constraints: [{ contextName: 'environment', operator: 'NOT_IN', values: ['prod'] }],
      });
      assert.equal(replaced.status, 204, replaced.text);
      assert.equal(replaced.text, '');

      const read = await call(handle, 'GET', `/api/admin/segments/${id}`);
      assert.equal(read.status, 200);
      const segment = read.json as { name: string; description: string; constraints: Array<{ contextName: string; operator: string; values: string[] }> };
      assert.equal(segment.name, 'contract-put-renamed');
      assert.deepEqual(
        segment.constraints.map(({ contextName, operator, values }) => ({ contextName, operator, values })),
        [{ contextName: 'environment', operator: 'NOT_IN', values: ['prod'] }],
        'the old constraints are gone, not merged',
      );
      assert.equal(segment.description, 'kept', 'an omitted description is kept: send "" to clear it');

      const withoutName = await call(handle, 'PUT', `/api/admin/segments/${id}`, { constraints: [] });
      assert.equal(withoutName.status, 400);
      assert.deepEqual((withoutName.json as { details: Array<{ path?: string }> }).details.map((d) => d.path), ['/body/name']);

      const unknown = await call(handle, 'PUT', '/api/admin/segments/999999', { name: 'x', constraints: [] });
      assert.equal(unknown.status, 404);
    });

    it('answers 400 BadDataError in its two shapes: schema errors (id, details with path) and service errors (message only)', async () => {
      const badOperator = await call(handle, 'POST', '/api/admin/segments', {
        name: 'contract-bad-operator',
        constraints: [{ contextName: 'userId', operator: 'LIKE', values: ['a'] }],
      });
      assert.equal(badOperator.status, 400);
      const schemaError = badOperator.json as { id?: string; name: string; details: Array<{ path?: string; message: string }> };
      assert.equal(schemaError.name, 'BadDataError');
      assert.equal(typeof schemaError.id, 'string');
      assert.equal(schemaError.details.length, 1);
      assert.equal(schemaError.details[0].path, 'operator');
      for (const operator of UNLEASH_OPERATORS) {
        assert.ok(schemaError.details[0].message.includes(`"${operator}"`), `the allowed values name ${operator}`);
      }
      assert.ok(schemaError.details[0].message.includes('"LIKE"'), 'the message names the bad operator');

      const missingName = await call(handle, 'POST', '/api/admin/segments', { constraints: [] });
      assert.equal(missingName.status, 400);
      const missing = missingName.json as { id?: string; name: string; details: Array<{ path?: string }> };
      assert.equal(missing.name, 'BadDataError');
      assert.equal(typeof missing.id, 'string');
      assert.deepEqual(missing.details.map((d) => d.path), ['/body/name']);

      const notANumber = await call(handle, 'POST', '/api/admin/segments', {
        name: 'contract-nan',
        constraints: [{ contextName: 'age', operator: 'NUM_GT', value: 'abc' }],
      });
      assert.equal(notANumber.status, 400);
      const serviceError = notANumber.json as { id?: string; name: string; details: Array<{ path?: string; message: string }> };
      assert.equal(serviceError.name, 'BadDataError');
      assert.equal(serviceError.id, undefined);
      assert.equal(serviceError.details[0].path, undefined);
      assert.match(serviceError.details[0].message, /must be a number/);
    });

    it('answers DELETE of a segment a strategy uses with 409 and an EMPTY body; after archiving the flag, 204', async () => {
      const created = await call(handle, 'POST', '/api/admin/segments', { name: 'contract-in-use', constraints: [] });
      assert.equal(created.status, 201, created.text);
      const { id } = created.json as { id: number };
      const flag = await call(handle, 'POST', '/api/admin/projects/default/features', { name: 'contract-flag' });
      assert.equal(flag.status, 201, flag.text);
      const strategy = await call(handle, 'POST', '/api/admin/projects/default/features/contract-flag/environments/development/strategies', {
        name: 'flexibleRollout',
        parameters: { rollout: '100', stickiness: 'default', groupId: 'contract-flag' },
        constraints: [],
        segments: [id],
      });
      assert.equal(strategy.status, 200, strategy.text);
      assert.deepEqual((strategy.json as { segments: number[] }).segments, [id]);

      const blocked = await call(handle, 'DELETE', `/api/admin/segments/${id}`);
      assert.equal(blocked.status, 409);
      assert.equal(blocked.text, '', 'the 409 has an empty body');

      const users = await call(handle, 'GET', `/api/admin/segments/${id}/strategies`);
      assert.equal(users.status, 200);
      assert.deepEqual(
        (users.json as { strategies: Array<{ featureName: string; environment: string }> }).strategies.map((s) => [s.featureName, s.environment]),
        [['contract-flag', 'development']],
      );

      const archived = await call(handle, 'DELETE', '/api/admin/projects/default/features/contract-flag');
      assert.equal(archived.status, 202);
      const deleted = await call(handle, 'DELETE', `/api/admin/segments/${id}`);
      assert.equal(deleted.status, 204);
      const gone = await call(handle, 'DELETE', `/api/admin/segments/${id}`);
      assert.equal(gone.status, 404);
    });
  });

  it('stop() ends Unleash and PostgreSQL, closes the port and removes the temp folder', async () => {
    runProcesses = processTree([handle.pids.supervisor, handle.pids.unleash, handle.pids.postgres]);
    assert.ok(runProcesses.length >= 3, `the run has processes: ${runProcesses.join(', ')}`);
    assert.ok(existsSync(handle.tempDir));
    const stoppedAt = Date.now();
    await handle.stop();
    const stopMs = Date.now() - stoppedAt;
    // stop() resolves once the supervisor has exited: everything must be gone at once, without waiting.
    assert.deepEqual(runProcesses.filter(isRunning), [], 'no process of this run remains');
    await assertRunGone({ url: handle.url, tempDir: handle.tempDir, pids: runProcesses }, 1_000);
    assert.deepEqual(await handle.ended, { unexpected: false });
    await handle.stop(); // idempotent
    assert.ok(stopMs < CLEANUP_WAIT_MS, `stop took ${stopMs} ms`);
  });
});

describe('when Unleash dies on its own', () => {
  it('`ended` reports it with the log tail, and PostgreSQL and the temp folder are cleaned up', { timeout: HOOK_TIMEOUT_MS }, async () => {
    const handle = await startUnleash({ timeoutMs: START_TIMEOUT_MS });
    try {
      const processes = processTree([handle.pids.supervisor, handle.pids.unleash, handle.pids.postgres]);
      process.kill(handle.pids.unleash, 'SIGKILL');
      const end = await handle.ended;
      assert.equal(end.unexpected, true);
      assert.match(end.reason ?? '', /signal SIGKILL/);
      assert.match(end.reason ?? '', /DB migration/, 'the reason carries the tail of unleash-server\'s log');
      await assertRunGone({ url: handle.url, tempDir: handle.tempDir, pids: processes }, 1_000);
    } finally {
      await handle.stop();
    }
  });
});

// ---- missing components ----

describe('a missing component fails the start with the install step', () => {
  it('names `apt-get install -y postgresql` when the PostgreSQL binaries are missing', async () => {
    await assert.rejects(startUnleash({ postgresBinDir: '/nonexistent/postgresql/bin' }), (error: Error) => {
      assert.match(error.message, /apt-get install -y postgresql/);
      assert.match(error.message, /bash scripts\/install-test-services\.sh/);
      return true;
    });
  });

  it('names `npm ci --prefix test/support/unleash-server` when unleash-server is not installed', async () => {
    await assert.rejects(startUnleash({ unleashServerDir: '/nonexistent/unleash-server' }), (error: Error) => {
      assert.match(error.message, /unleash-server is not installed/);
      assert.match(error.message, /npm ci --prefix test\/support\/unleash-server/);
      return true;
    });
  });
});

// ---- the command-line wrapper and a killed owner ----

interface CliRun {
  child: ReturnType<typeof spawn>;
  line: { url: string; adminToken: string; pids: { supervisor: number; unleash: number; postgres: number }; tempDir: string };
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

async function startCli(): Promise<CliRun> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'unleash.mjs'), 'start', '--timeout-ms', String(START_TIMEOUT_MS)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
    child.on('exit', (code, signal) => resolveExit({ code, signal }));
  });
  let exited = false;
  void exit.then(() => { exited = true; });
  await waitFor('`node scripts/unleash.mjs start` prints its JSON line', () => stdout.includes('\n') || exited, HOOK_TIMEOUT_MS);
  assert.ok(!exited, `the wrapper exited early:\n${stderr}`);
  return { child, line: JSON.parse(stdout.split('\n')[0]), exit, stderr: () => stderr };
}

describe('node scripts/unleash.mjs start', () => {
  it('prints {url, adminToken}, serves, and stops everything on SIGTERM', { timeout: HOOK_TIMEOUT_MS }, async () => {
    const run = await startCli();
    const { url, adminToken, pids, tempDir } = run.line;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const listed = await request(`${url}/api/admin/segments`, { headers: { authorization: adminToken } });
    assert.equal(listed.statusCode, 200);
    assert.deepEqual(await listed.body.json(), { segments: [] });
    const processes = processTree([pids.supervisor, pids.unleash, pids.postgres]);

    run.child.kill('SIGTERM');
    const result = await run.exit;
    assert.equal(result.code, 0, run.stderr());
    await assertRunGone({ url, tempDir, pids: processes }, 1_000);
  });

  it('leaves nothing running when its process is killed with SIGKILL', { timeout: HOOK_TIMEOUT_MS }, async () => {
    const run = await startCli();
    const { url, pids, tempDir } = run.line;
    const processes = processTree([pids.supervisor, pids.unleash, pids.postgres]);
    assert.ok(processes.length >= 3);

    run.child.kill('SIGKILL');
    assert.equal((await run.exit).signal, 'SIGKILL');
    await assertRunGone({ url, tempDir, pids: processes }, CLEANUP_WAIT_MS);
  });
});
