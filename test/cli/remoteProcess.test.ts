// The remote commands as a real process (`node cli/src/cli.ts ...` through tsx), as a user or CI runs them:
// exit codes, stdout/stderr, secrets from the environment, and Ctrl-C (SIGINT) while waiting for a job.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator/src/index';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'cli', 'src', 'cli.ts');
// The tsx loader by absolute path: the process runs in a temp folder where `tsx` would not resolve.
const TSX_LOADER = require.resolve('tsx', { paths: [ROOT] });
const US_WORKERS = '4afe34ae-8c98-4513-8a1d-67ccaa54bc05';
const JOB_STEP_MS = 1500;
const PROCESS_TIMEOUT_MS = 30_000;

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('remote CLI commands (process, emulator)', () => {
  let emulator: RunningEmulator;
  let folder: string;
  let env: NodeJS.ProcessEnv;

  const start = (args: string[]) => {
    const child = spawn(process.execPath, ['--import', TSX_LOADER, CLI, ...args], { cwd: folder, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const finished = new Promise<Finished>((resolveRun, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`CLI did not finish in ${PROCESS_TIMEOUT_MS} ms: ${args.join(' ')}\n${stderr}`));
      }, PROCESS_TIMEOUT_MS);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolveRun({ code, stdout, stderr });
      });
    });
    return { child, finished, stderr: () => stderr };
  };
  const cli = (...args: string[]): Promise<Finished> => start(args).finished;

  before(async () => {
    emulator = await startEmulator({ seed: 'demo', jobStepMs: JOB_STEP_MS });
    const { clientId, clientSecret, orgId, sandbox } = emulator.credentials;
    folder = await mkdtemp(join(tmpdir(), 'sw-remote-process-'));
    await writeFile(
      join(folder, 'segment-workbench.config.json'),
      JSON.stringify({
        connections: [
          { id: 'emulator.cja', label: 'Emulator CJA', service: 'cja', baseUrl: emulator.url, imsUrl: emulator.url, orgId, clientId },
          { id: 'emulator.aep', label: 'Emulator AEP', service: 'aep', baseUrl: `${emulator.url}/data/core/ups`, imsUrl: emulator.url, orgId, clientId, sandbox },
        ],
      }),
    );
    const { PATH, HOME, SYSTEMROOT } = process.env;
    env = {
      PATH,
      HOME,
      SYSTEMROOT,
      SEGMENT_WORKBENCH_EMULATOR_CJA_CLIENT_SECRET: clientSecret,
      SEGMENT_WORKBENCH_EMULATOR_AEP_CLIENT_SECRET: clientSecret,
    };
  });

  after(async () => {
    await emulator?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('lists as JSON with exit code 0, and exits 2 on a usage error', async () => {
    const listed = await cli('list', '--connection', 'emulator.aep', '--format', 'json');
    assert.equal(listed.code, 0, listed.stderr);
    const parsed = JSON.parse(listed.stdout) as { service: string; segments: Array<{ id: string }> };
    assert.equal(parsed.service, 'aep');
    assert.ok(parsed.segments.some((s) => s.id === US_WORKERS));

    const usage = await cli('push');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /push needs at least one file/);
  });

  it('pushes a new AEP definition, then deletes it', async () => {
    const path = join(folder, 'berlin.aep.json');
    await writeFile(path, JSON.stringify({ name: 'Process test: Berlin', expression: { type: 'PQL', format: 'pql/text', value: 'homeAddress.city = "Berlin"' } }, null, 2));
    const pushed = await cli('push', 'berlin.aep.json');
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, /^created\s+berlin\.aep\.json \([0-9a-f-]{36}\)/);
    const id = JSON.parse(await readFile(path, 'utf8')).id as string;
    assert.match(id, /^[0-9a-f-]{36}$/);

    const deleted = await cli('delete', 'berlin.aep.json');
    assert.equal(deleted.code, 0, deleted.stderr);
    const gone = await cli('pull', '--connection', 'emulator.aep', '--out', 'check', id);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /404/);
  });

  it('Ctrl-C while waiting for a job stops waiting and, with --cancel-on-interrupt, cancels the job', async () => {
    const running = start(['jobs', 'run', '--wait', '--cancel-on-interrupt', '--poll-ms', '100', US_WORKERS]);
    const deadline = Date.now() + 15_000;
    while (!/job ([0-9a-f-]{36}) started/.test(running.stderr()) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const jobId = /job ([0-9a-f-]{36}) started/.exec(running.stderr())?.[1];
    assert.ok(jobId, `the job started: ${running.stderr()}`);
    running.child.kill('SIGINT');
    const finished = await running.finished;
    assert.equal(finished.code, 1);
    assert.match(finished.stderr, /Interrupted/);
    assert.match(finished.stderr, /asked AEP to cancel it/);

    const status = await cli('jobs', 'status', '--format', 'json', jobId);
    assert.equal(status.code, 0, status.stderr);
    assert.match(JSON.parse(status.stdout).status as string, /^CANCELL(ING|ED)$/);
  });
});
