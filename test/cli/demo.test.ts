// `node scripts/demo.mjs` as a person runs it (without the editor): it starts, says where everything is in one JSON
// line, the services answer on 127.0.0.1 with what it printed, and Ctrl+C (SIGINT) stops it with exit code 0 and
// nothing left behind: no process it reported, no listening port, no temp folder. The second test does the same with
// a real Unleash, which needs `bash scripts/install-test-services.sh` (without it the test fails naming that step).
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { request } from 'undici';
import { parse as parseJsonc } from 'jsonc-parser';
import { loadConnectionsFile } from '../../remote/src/connections/configFile';
import { secretEnvName } from '../../remote/src/connections/envSecretSource';

const repoRoot = join(__dirname, '..', '..');
const READY_TIMEOUT_MS = 90_000;
const READY_WITH_UNLEASH_TIMEOUT_MS = 200_000;
const STOP_TIMEOUT_MS = 90_000;
const REQUEST_TIMEOUT_MS = 15_000;

interface Connection {
  id: string;
  label: string;
  service: 'cja' | 'aep' | 'unleash';
  baseUrl: string;
  imsUrl?: string;
  orgId?: string;
  clientId?: string;
  sandbox?: string;
  production?: boolean;
}

interface ReadyLine {
  event: 'ready';
  pid: number;
  tempDir: string;
  workspace: string;
  settingsFile: string;
  emulator: { url: string; pid: number; credentials: { clientId: string; clientSecret: string; orgId: string; sandbox: string; scopes: string } };
  unleash: { url: string; adminToken: string; pids: Record<string, number>; segments: { id: number; name: string }[]; flags: { name: string; segments: string[] }[] } | { skipped: string };
  editor: { kind: string; wouldOpen?: string };
  connections: Connection[];
  secretEnvNames: string[];
  childPids: number[];
}

interface RunningDemo {
  child: ChildProcess;
  ready: ReadyLine;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the demo and resolves with its ready line; rejects (after killing it) if none comes in time. */
function startDemo(args: string[], timeoutMs: number): Promise<RunningDemo> {
  const child = spawn(process.execPath, ['scripts/demo.mjs', '--json', '--no-editor', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const output = (): string => `--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
  });
  child.stderr!.on('data', (chunk) => { stderr += String(chunk); });
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      reject(new Error(`the demo printed no ready line within ${timeoutMs} ms\n${output()}`));
    }, timeoutMs);
    child.stdout!.on('data', (chunk) => {
      stdout += String(chunk);
      const line = stdout.split('\n').find((text) => text.startsWith('{'));
      if (!line || !stdout.includes('\n')) return;
      clearTimeout(timer);
      try {
        resolveReady({ child, ready: JSON.parse(line) as ReadyLine, output, exited });
      } catch (error) {
        child.kill('SIGINT');
        reject(new Error(`the ready line is not JSON: ${(error as Error).message}\n${output()}`));
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited (code ${code}, signal ${signal}) before it was ready\n${output()}`));
    });
  });
}

/** SIGINT (Ctrl+C), then a bounded wait for the exit. */
async function stopDemo(demo: RunningDemo): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (demo.child.exitCode !== null) return demo.exited;
  demo.child.kill('SIGINT');
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    demo.exited,
    new Promise<'timeout'>((resolveTimeout) => { timer = setTimeout(() => resolveTimeout('timeout'), STOP_TIMEOUT_MS); }),
  ]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    demo.child.kill('SIGKILL');
    assert.fail(`the demo did not stop within ${STOP_TIMEOUT_MS} ms of SIGINT\n${demo.output()}`);
  }
  return outcome;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether something accepts connections on the URL's port. */
function isListening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolveOpen) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.setTimeout(3_000);
    socket.once('connect', () => { socket.destroy(); resolveOpen(true); });
    socket.once('error', () => resolveOpen(false));
    socket.once('timeout', () => { socket.destroy(); resolveOpen(false); });
  });
}

async function httpCall(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: unknown }> {
  const answer = await request(url, {
    method: (options.method ?? 'GET') as 'GET',
    headers: options.headers,
    body: options.body,
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
  });
  const text = await answer.body.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: answer.statusCode, body };
}

/** Everything the demo reported must be gone after it exits. */
async function assertNothingLeft(ready: ReadyLine, urls: string[]): Promise<void> {
  // The demo waits for its children itself; a short grace covers the kernel reaping them.
  const deadline = Date.now() + 5_000;
  let alive = ready.childPids.filter(isAlive);
  while (alive.length && Date.now() < deadline) {
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    alive = alive.filter(isAlive);
  }
  assert.deepEqual(alive, [], `processes the demo started are still running: ${alive.join(', ')}`);
  assert.equal(isAlive(ready.pid), false, 'the demo process itself is still running');
  for (const url of urls) assert.equal(await isListening(url), false, `${url} still accepts connections`);
  assert.equal(existsSync(ready.tempDir), false, `the temp folder ${ready.tempDir} was not deleted`);
  const ps = spawnSync('ps', ['-A', '-o', 'pid=,args='], { encoding: 'utf8', timeout: 10_000 });
  if (ps.status === 0) {
    const mentioning = ps.stdout.split('\n').filter((line) => line.includes(ready.tempDir));
    assert.deepEqual(mentioning, [], 'processes naming the demo\'s temp folder are still running');
  }
}

/** The secrets must reach the editor only through its environment: never in the settings or the CLI config. */
function assertNoSecretInFiles(ready: ReadyLine, secrets: string[]): void {
  const files = [ready.settingsFile, join(ready.workspace, 'segment-workbench.config.json')];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const secret of secrets) assert.equal(text.includes(secret), false, `${file} contains a secret`);
  }
}

describe('npm run demo (scripts/demo.mjs)', () => {
  it('starts the emulator, writes the connections, answers with the printed credentials, and stops cleanly on Ctrl+C', { timeout: READY_TIMEOUT_MS + STOP_TIMEOUT_MS + 30_000 }, async (t) => {
    const started = Date.now();
    const demo = await startDemo(['--no-unleash'], READY_TIMEOUT_MS);
    const readyMs = Date.now() - started;
    const { ready } = demo;
    let exit;
    try {
      assert.equal(ready.event, 'ready');
      assert.equal(ready.editor.kind, 'none');
      assert.ok(ready.editor.wouldOpen, 'with --no-editor it says what it would open');
      assert.match(ready.emulator.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok('skipped' in ready.unleash, 'Unleash is not started with --no-unleash');
      assert.deepEqual(ready.childPids, [ready.emulator.pid]);

      // The connections the extension will find in the user settings, and the variables that carry their secrets.
      const settings = parseJsonc(readFileSync(ready.settingsFile, 'utf8')) as Record<string, unknown>;
      assert.equal(settings['workbench.startupEditor'], 'none');
      const connections = settings['segmentWorkbench.connections'] as Connection[];
      assert.deepEqual(connections, ready.connections);
      assert.deepEqual(connections.map((c) => [c.label, c.service]), [['Demo CJA', 'cja'], ['Demo AEP', 'aep']]);
      const [cja, aep] = connections;
      assert.equal(cja.baseUrl, ready.emulator.url);
      assert.equal(aep.baseUrl, `${ready.emulator.url}/data/core/ups`);
      assert.equal(aep.sandbox, ready.emulator.credentials.sandbox);
      assert.equal(connections.filter((c) => c.production).length, 1, 'one connection is marked production');
      assert.deepEqual(ready.secretEnvNames, connections.map((c) => secretEnvName(c.id, 'clientSecret')));
      assertNoSecretInFiles(ready, [ready.emulator.credentials.clientSecret]);
      const cliConfig = parseJsonc(readFileSync(join(ready.workspace, 'segment-workbench.config.json'), 'utf8')) as { connections: Connection[] };
      assert.deepEqual(cliConfig.connections, connections);
      assert.ok(existsSync(join(ready.workspace, 'README.md')), 'the workspace copy has its README');
      assert.ok(existsSync(join(ready.workspace, 'mistakes/typo.pql')), 'the workspace copy has the files with mistakes');

      // The emulator, with what was printed: an IMS token, then the CJA and AEP segment lists.
      const { clientId, clientSecret, orgId, scopes, sandbox } = ready.emulator.credentials;
      const token = await httpCall(`${cja.imsUrl}/ims/token/v3`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: scopes }).toString(),
      });
      assert.equal(token.status, 200, JSON.stringify(token.body));
      const accessToken = (token.body as { access_token: string }).access_token;
      const headers = { authorization: `Bearer ${accessToken}`, 'x-api-key': clientId, 'x-gw-ims-org-id': orgId, accept: 'application/json' };
      const cjaList = await httpCall(`${cja.baseUrl}/segments?limit=10`, { headers });
      assert.equal(cjaList.status, 200, JSON.stringify(cjaList.body));
      assert.ok((cjaList.body as { content: unknown[] }).content.length > 0, 'the demo seed has CJA segments');
      const aepList = await httpCall(`${aep.baseUrl}/segment/definitions?limit=10`, { headers: { ...headers, 'x-sandbox-name': sandbox } });
      assert.equal(aepList.status, 200, JSON.stringify(aepList.body));
      assert.ok((aepList.body as { segments: unknown[] }).segments.length > 0, 'the demo seed has AEP definitions');
    } finally {
      exit = await stopDemo(demo);
    }
    assert.deepEqual(exit, { code: 0, signal: null }, demo.output());
    await assertNothingLeft(ready, [ready.emulator.url]);
    assert.match(demo.output(), /Ctrl\+C/);
    t.diagnostic(`ready after ${readyMs} ms; stopped ${ready.childPids.length} process(es)`);
  });

  it('with a real Unleash: seeded segments and flags using them, a 409 for a used segment, and everything stopped on Ctrl+C', { timeout: READY_WITH_UNLEASH_TIMEOUT_MS + STOP_TIMEOUT_MS + 30_000 }, async (t) => {
    const check = spawnSync(process.execPath, ['scripts/unleash.mjs', 'check'], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
    assert.equal(check.status, 0, `Unleash cannot run here: ${check.stderr.trim()}\nInstall it with \`bash scripts/install-test-services.sh\`.`);

    const started = Date.now();
    const demo = await startDemo([], READY_WITH_UNLEASH_TIMEOUT_MS);
    const readyMs = Date.now() - started;
    const { ready } = demo;
    let exit;
    let unleashUrl = '';
    try {
      assert.ok(!('skipped' in ready.unleash), `Unleash was not started: ${'skipped' in ready.unleash ? ready.unleash.skipped : ''}`);
      const unleash = ready.unleash as Exclude<ReadyLine['unleash'], { skipped: string }>;
      unleashUrl = unleash.url;
      assert.match(unleash.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.deepEqual([...ready.childPids].sort(), [ready.emulator.pid, ...Object.values(unleash.pids)].sort());

      const demoUnleash = ready.connections.find((c) => c.id === 'demo-unleash');
      assert.deepEqual(demoUnleash, { id: 'demo-unleash', label: 'Demo Unleash', service: 'unleash', baseUrl: unleash.url });
      assert.ok(ready.secretEnvNames.includes(secretEnvName('demo-unleash', 'token')));
      assertNoSecretInFiles(ready, [unleash.adminToken, ready.emulator.credentials.clientSecret]);

      const headers = { authorization: unleash.adminToken, accept: 'application/json' };
      const segments = await httpCall(`${unleash.url}/api/admin/segments`, { headers });
      assert.equal(segments.status, 200, JSON.stringify(segments.body));
      const listed = (segments.body as { segments: { id: number; name: string; usedInFeatures: number }[] }).segments;
      assert.deepEqual(listed.map((s) => s.name).sort(), unleash.segments.map((s) => s.name).sort());
      assert.ok(listed.length >= 4, `expected several seeded segments, got ${listed.length}`);
      const features = await httpCall(`${unleash.url}/api/admin/projects/default/features`, { headers });
      assert.equal(features.status, 200, JSON.stringify(features.body));
      const flagNames = (features.body as { features: { name: string }[] }).features.map((f) => f.name).sort();
      assert.deepEqual(flagNames, unleash.flags.map((f) => f.name).sort());

      // Which segments the flags' strategies use, as Unleash itself reports it.
      const usedBy = new Map<string, number>();
      for (const flag of unleash.flags) for (const name of flag.segments) usedBy.set(name, (usedBy.get(name) ?? 0) + 1);
      assert.ok(usedBy.size >= 2 && usedBy.size < listed.length, 'some segments are used by flags, and at least one is not');
      for (const segment of listed) {
        const strategies = await httpCall(`${unleash.url}/api/admin/segments/${segment.id}/strategies`, { headers });
        assert.equal(strategies.status, 200);
        assert.equal((strategies.body as { strategies: unknown[] }).strategies.length, usedBy.get(segment.name) ?? 0, `strategies using ${segment.name}`);
      }
      const used = listed.find((s) => usedBy.has(s.name))!;
      const unused = listed.find((s) => !usedBy.has(s.name))!;
      assert.equal((await httpCall(`${unleash.url}/api/admin/segments/${used.id}`, { method: 'DELETE', headers })).status, 409, 'a used segment cannot be deleted');
      assert.equal((await httpCall(`${unleash.url}/api/admin/segments/${unused.id}`, { method: 'DELETE', headers })).status, 204, 'an unused segment can be deleted');
    } finally {
      exit = await stopDemo(demo);
    }
    assert.deepEqual(exit, { code: 0, signal: null }, demo.output());
    await assertNothingLeft(ready, [ready.emulator.url, unleashUrl].filter(Boolean));
    t.diagnostic(`ready (emulator + PostgreSQL + Unleash + seed) after ${readyMs} ms; stopped ${ready.childPids.length} processes`);
  });

  it('ships a sample workspace whose files in mistakes/ each show their mistake, and whose other files are clean', async () => {
    const workspace = join(repoRoot, 'demo/workspace');
    const cli = join(repoRoot, 'dist/cli.js');
    assert.ok(existsSync(cli), 'dist/cli.js is missing: run `npm run build`');
    const lint = spawnSync(process.execPath, [cli, 'lint', '--strict', '--format', 'json', '.'], { cwd: workspace, encoding: 'utf8', timeout: 60_000 });
    assert.equal(lint.status, 1, `lint should fail on the mistakes:\n${lint.stdout}${lint.stderr}`);
    const report = JSON.parse(lint.stdout) as { files: { file: string; kind: string; diagnostics: { code: string; severity: string }[] }[] };
    const codes = Object.fromEntries(report.files.map((f) => [f.file.split('\\').join('/'), f.diagnostics.map((d) => d.code).sort()]));
    const expectedMistakes: Record<string, string[]> = {
      'mistakes/unleash-operators.unleash.json': ['unleash/operator-case', 'unleash/value-arity'],
      'mistakes/wide-container.cja.json': ['cja/context-nesting'],
      'mistakes/event-without-total.cja.json': ['cja/event-needs-total'],
      'mistakes/typo.pql': ['pql/unknown-function'],
      'mistakes/not-boolean.aep.json': ['pql/not-boolean'],
    };
    for (const [file, expected] of Object.entries(expectedMistakes)) assert.deepEqual(codes[file], expected, file);
    const clean = Object.keys(codes).filter((file) => !file.startsWith('mistakes/'));
    for (const file of clean) assert.deepEqual(codes[file], [], `${file} should have no diagnostic`);
    // Every kind is there, clean, including a CJA sequence with a time restriction and AEP PQL with chain and select.
    const kinds = report.files.filter((f) => !f.file.startsWith('mistakes/')).map((f) => f.kind);
    for (const kind of ['cja', 'aep', 'unleash', 'pql']) assert.ok(kinds.includes(kind), `no clean ${kind} file`);
    assert.ok(kinds.filter((kind) => kind === 'cja').length >= 3, 'several CJA files');
    const text = (dir: string, suffix: string): string =>
      readdirSync(join(workspace, dir)).filter((name) => name.endsWith(suffix)).map((name) => readFileSync(join(workspace, dir, name), 'utf8')).join('\n');
    assert.match(text('cja', '.cja.json'), /"func": "sequence"[\s\S]*"func": "time-restriction"/);
    assert.match(text('aep', '.aep.json'), /chain\(xEvent/);
    assert.match(text('aep', '.aep.json'), /select X from xEvent/);
    assert.ok(existsSync(join(workspace, 'README.md')));

    // The CLI accepts its connections file, which names the three demo connections and holds no secret.
    const connections = await loadConnectionsFile(join(workspace, 'segment-workbench.config.json'));
    assert.deepEqual(connections.map((c) => c.id), ['demo-cja', 'demo-aep', 'demo-unleash']);
  });
});
