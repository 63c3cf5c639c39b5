// emulator/src/main.ts as a process: one JSON line when ready, a working server, a clean stop on SIGTERM/SIGINT.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseArguments } from '../../emulator/src/cliArguments';
import { call } from './support/emulatorHttp';

const REPO_ROOT = join(__dirname, '..', '..');
const START_TIMEOUT_MS = 30_000;

interface Started {
  child: ChildProcessWithoutNullStreams;
  line: { url: string; credentials: { clientId: string; clientSecret: string; orgId: string; sandbox: string; scopes: string } };
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startProcess(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/src/main.ts', ...args], { cwd: REPO_ROOT });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`emulator process printed no line within ${START_TIMEOUT_MS} ms; stderr: ${stderr}`));
    }, START_TIMEOUT_MS);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        resolve({ child, line: JSON.parse(stdout.slice(0, newline)), exited });
      } catch (error) {
        child.kill('SIGKILL');
        reject(error);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator process exited (${code}) before it was ready; stderr: ${stderr}`));
    });
  });
}

describe('emulator: command-line entry (main.ts)', () => {
  it('prints {url, credentials}, serves, and stops cleanly on SIGTERM', async () => {
    const started = await startProcess(['--port', '0', '--seed', 'demo']);
    try {
      const { url, credentials } = started.line;
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(typeof credentials.clientSecret, 'string');
      const token = await call(`${url}/ims/token/v3`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        rawBody: new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret, scope: credentials.scopes }).toString(),
      });
      assert.equal(token.status, 200);
      const segments = await call(`${url}/segments`, {
        headers: { authorization: `Bearer ${token.body.access_token}`, 'x-api-key': credentials.clientId, 'x-gw-ims-org-id': credentials.orgId },
      });
      assert.equal(segments.status, 200);
      assert.ok(segments.body.totalElements > 0, 'demo seed');
      started.child.kill('SIGTERM');
      assert.deepEqual(await started.exited, { code: 0, signal: null });
      await assert.rejects(call(`${url}/segments`), 'the port is closed');
    } finally {
      started.child.kill('SIGKILL');
    }
  });

  it('stops cleanly on SIGINT and honours the options', async () => {
    const started = await startProcess(['--seed', 'cja=25,aep=7', '--per-minute', '100', '--concurrent', '3']);
    try {
      const stats = await call(`${started.line.url}/__emulator/stats`);
      assert.equal(stats.status, 200);
      started.child.kill('SIGINT');
      assert.deepEqual(await started.exited, { code: 0, signal: null });
    } finally {
      started.child.kill('SIGKILL');
    }
  });

  it('refuses bad arguments with exit code 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/src/main.ts', '--seed', 'lots'], { cwd: REPO_ROOT });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 2);
    assert.match(stderr, /--seed/);
  });

  it('parses the options into EmulatorOptions', () => {
    assert.deepEqual(parseArguments(['--port', '4010', '--seed', 'cja=10000,aep=500', '--per-minute', '600', '--job-step-ms', '50', '--token-ttl', '5']), {
      port: 4010,
      seed: { cjaSegments: 10000, aepDefinitions: 500 },
      rateLimit: { perMinute: 600, concurrent: 6 },
      jobStepMs: 50,
      tokenTtlSeconds: 5,
    });
    assert.deepEqual(parseArguments([]), {});
    assert.throws(() => parseArguments(['--port']), /needs a value/);
    assert.throws(() => parseArguments(['--colour', 'red']), /unknown option/);
    assert.throws(() => parseArguments(['--port', '-1']), /whole number/);
  });
});
