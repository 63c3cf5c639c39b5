// The CLI's remote commands, run in-process through runRemoteCommand against the Adobe API emulator: list, pull,
// push (create, update, dry-run, conflicts, failures, a lost answer), validate, delete (production and read-only
// guards) and AEP segment jobs. A push never loses an edit: on failure the file is byte-for-byte unchanged.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator/src/index';
import { runRemoteCommand } from '../../cli/src/remote/index';
import type { CliIo } from '../../cli/src/io';

const DATA_VIEW = 'dv_6467c0b1a3f0f1c2d3e4f5a6';
const PAGE_VIEWED = 's300000938_5f1a2b3c4d5e6f7a8b9c0d01';
const MOBILE_USERS = 's300000938_5f1a2b3c4d5e6f7a8b9c0d13';
const US_WORKERS = '4afe34ae-8c98-4513-8a1d-67ccaa54bc05';
const pageExists = { func: 'segment', version: [1, 0, 0], container: { func: 'container', context: 'hits', pred: { func: 'exists', val: { func: 'attr', name: 'variables/page' } } } };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('remote CLI commands (in-process, emulator)', () => {
  let emulator: RunningEmulator;
  let folder: string;
  let env: Record<string, string>;

  const run = async (...args: string[]): Promise<Run> => {
    const [command, ...rest] = args;
    let stdout = '';
    let stderr = '';
    const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: folder, env };
    const code = await runRemoteCommand(command, rest, io);
    return { code, stdout, stderr };
  };
  const admin = async (path: string, body: unknown): Promise<unknown> => {
    const response = await fetch(`${emulator.url}/__emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(response.status, 200);
    return response.json();
  };
  const cjaNamed = async (name: string): Promise<Array<Record<string, unknown>>> => {
    const result = await run('list', '--connection', 'emu-cja', '--name', name, '--format', 'json');
    assert.equal(result.code, 0, result.stderr);
    return (JSON.parse(result.stdout) as { segments: Array<Record<string, unknown>> }).segments.filter((s) => s.name === name);
  };

  before(async () => {
    emulator = await startEmulator({ seed: 'demo', rateLimit: { perMinute: 6000, concurrent: 6 }, jobStepMs: 100 });
    const { clientId, clientSecret, orgId, sandbox } = emulator.credentials;
    const adobe = { imsUrl: emulator.url, orgId, clientId, rateLimit: { perMinute: 6000, concurrent: 6 } };
    folder = await mkdtemp(join(tmpdir(), 'sw-remote-cli-'));
    await writeFile(
      join(folder, 'segment-workbench.config.json'),
      `// connections of this test\n${JSON.stringify(
        {
          connections: [
            { id: 'emu-cja', label: 'Emulator CJA', service: 'cja', baseUrl: emulator.url, ...adobe },
            { id: 'emu-aep', label: 'Emulator AEP', service: 'aep', baseUrl: `${emulator.url}/data/core/ups`, sandbox, ...adobe },
            { id: 'prod-cja', label: 'Production CJA', service: 'cja', baseUrl: emulator.url, production: true, ...adobe },
            { id: 'ro-cja', label: 'Read-only CJA', service: 'cja', baseUrl: emulator.url, readOnly: true, ...adobe },
          ],
        },
        null,
        2,
      )}\n`,
    );
    env = Object.fromEntries(['EMU_CJA', 'EMU_AEP', 'PROD_CJA', 'RO_CJA'].map((id) => [`SEGMENT_WORKBENCH_${id}_CLIENT_SECRET`, clientSecret]));
  });

  beforeEach(() => emulator.faults.clear());

  after(async () => {
    await emulator?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('asks which connection when several match, and names the missing secret variable', async () => {
    const ambiguous = await run('list');
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stderr, /--connection.*emu-cja/);
    const noSecret = await (async () => {
      const saved = env;
      env = {};
      try {
        return await run('list', '--connection', 'emu-cja');
      } finally {
        env = saved;
      }
    })();
    assert.equal(noSecret.code, 2);
    assert.match(noSecret.stderr, /SEGMENT_WORKBENCH_EMU_CJA_CLIENT_SECRET/);
    const badOption = await run('list', '--bogus');
    assert.equal(badOption.code, 2);
  });

  it('lists segments as a table and as JSON', async () => {
    const text = await run('list', '--connection', 'emu-cja');
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^ID\s+NAME\s+DETAIL/);
    assert.ok(text.stdout.includes(PAGE_VIEWED));
    const json = await run('list', '--connection', 'emu-cja', '--format', 'json', '--name', 'mobile');
    const parsed = JSON.parse(json.stdout) as { segments: Array<{ id: string; name: string }> };
    assert.deepEqual(parsed.segments.map((s) => s.id), [MOBILE_USERS]);
  });

  it('pulls segments to files, leaves identical ones, and never overwrites local edits without --force', async () => {
    const first = await run('pull', '--connection', 'emu-cja', '--out', 'pulled', PAGE_VIEWED, MOBILE_USERS);
    assert.equal(first.code, 0, first.stderr);
    const files = (await readdir(join(folder, 'pulled'))).sort();
    assert.deepEqual(files, ['mobile-device-users.cja.json', 'page-viewed-any-page.cja.json']);
    const path = join(folder, 'pulled', 'mobile-device-users.cja.json');
    const pulled = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    assert.equal(pulled.id, MOBILE_USERS);
    assert.deepEqual(Object.keys(pulled), ['id', 'name', 'description', 'dataId', 'definition', 'modified']);

    const again = await run('pull', '--connection', 'emu-cja', '--out', 'pulled', MOBILE_USERS);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /unchanged/);

    const edited = (await readFile(path, 'utf8')).replace('"Mobile Device Users"', '"Mobile Device Users (edited)"');
    await writeFile(path, edited);
    const refused = await run('pull', '--connection', 'emu-cja', '--out', 'pulled', MOBILE_USERS);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /edits that are not pushed/);
    assert.equal(await readFile(path, 'utf8'), edited, 'the local edit is kept');

    const forced = await run('pull', '--connection', 'emu-cja', '--out', 'pulled', '--force', MOBILE_USERS);
    assert.equal(forced.code, 0);
    assert.equal(JSON.parse(await readFile(path, 'utf8')).name, 'Mobile Device Users');
  });

  it('pushes an edit (update), shows a dry-run diff without sending, and records the new version', async () => {
    await run('pull', '--connection', 'emu-cja', '--out', 'push-update', PAGE_VIEWED);
    const path = join(folder, 'push-update', 'page-viewed-any-page.cja.json');
    const original = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, (await readFile(path, 'utf8')).replace('People with any page view', 'Anyone who viewed a page'));

    const dry = await run('push', '--connection', 'emu-cja', '--dry-run', path);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /would-update/);
    assert.match(dry.stdout, /^-\s+"description": "People with any page view",$/m);
    assert.match(dry.stdout, /^\+\s+"description": "Anyone who viewed a page",$/m);
    const [stillOld] = await cjaNamed('Page viewed (any page)');
    assert.equal(stillOld.description, 'People with any page view', 'dry run sent nothing');

    const pushed = await run('push', '--connection', 'emu-cja', path);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, /updated/);
    const after = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    assert.notEqual(after.modified, original.modified, 'the new modified time was written back');
    const [remote] = await cjaNamed('Page viewed (any page)');
    assert.equal(remote.description, 'Anyone who viewed a page');

    const again = await run('push', '--connection', 'emu-cja', path);
    assert.match(again.stdout, /unchanged/);
  });

  it('creates a segment from a file without id and writes the id back, keeping comments and layout', async () => {
    const path = join(folder, 'new-segment.cja.json');
    const text = `// made by hand\n{\n    "name": "CLI created segment",\n    "dataId": "${DATA_VIEW}",\n    "definition": ${JSON.stringify(pageExists)}\n}\n`;
    await writeFile(path, text);
    const pushed = await run('push', '--connection', 'emu-cja', 'new-segment.cja.json');
    assert.equal(pushed.code, 0, pushed.stderr);
    const after = await readFile(path, 'utf8');
    assert.ok(after.startsWith('// made by hand\n{\n    "id": "s300000938_'), after);
    assert.ok(after.includes('    "name": "CLI created segment",'));
    assert.equal((await cjaNamed('CLI created segment')).length, 1);
  });

  it('refuses to overwrite a remote change made since the pull; --force overwrites it', async () => {
    await run('pull', '--connection', 'emu-cja', '--out', 'conflict', MOBILE_USERS);
    const path = join(folder, 'conflict', 'mobile-device-users.cja.json');
    await admin('mutate', { service: 'cja', id: MOBILE_USERS, patch: { description: 'Changed by Maria in the UI' } });
    const edited = (await readFile(path, 'utf8')).replace(/"description": "[^"]*"/, '"description": "My local change"');
    await writeFile(path, edited);

    const refused = await run('push', '--connection', 'emu-cja', path);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /changed on Emulator CJA since this file was pulled/);
    assert.equal(await readFile(path, 'utf8'), edited, 'the file is untouched');
    const [remote] = await cjaNamed('Mobile Device Users');
    assert.equal(remote.description, 'Changed by Maria in the UI', 'the remote change survived');

    const forced = await run('push', '--connection', 'emu-cja', '--force', path);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal((await cjaNamed('Mobile Device Users'))[0].description, 'My local change');
  });

  it('leaves the file untouched and says why when the service refuses a push', async () => {
    const path = join(folder, 'invalid.cja.json');
    const text = JSON.stringify({ name: 'Invalid one', dataId: DATA_VIEW, definition: { func: 'segment', version: [1, 0, 0], container: { func: 'container', context: 'galaxy', pred: { func: 'exists', val: { func: 'attr', name: 'variables/page' } } } } }, null, 2);
    await writeFile(path, text);
    const result = await run('push', '--connection', 'emu-cja', path);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /CJA answered 400/);
    assert.match(result.stderr, /The file was not changed/);
    assert.equal(await readFile(path, 'utf8'), text);
    assert.equal((await cjaNamed('Invalid one')).length, 0);
  });

  it('a create whose answer is lost is found on the service instead of being created twice', async () => {
    const path = join(folder, 'lost-answer.cja.json');
    await writeFile(path, JSON.stringify({ name: 'Lost answer segment', dataId: DATA_VIEW, definition: pageExists }, null, 2));
    emulator.faults.inject({ kind: 'reset', when: 'after', method: 'POST', pathPrefix: '/segments', times: 1 });
    const result = await run('push', '--connection', 'emu-cja', path);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /answer to the create was lost/);
    const remote = await cjaNamed('Lost answer segment');
    assert.equal(remote.length, 1, 'exactly one segment');
    assert.equal(JSON.parse(await readFile(path, 'utf8')).id, remote[0].id);
  });

  it('a create answered 500 is looked up, then tried again once the service is known to have done nothing', async () => {
    const path = join(folder, 'retried-create.cja.json');
    await writeFile(path, JSON.stringify({ name: 'Retried create segment', dataId: DATA_VIEW, definition: pageExists }, null, 2));
    emulator.faults.inject({ kind: '500', when: 'before', method: 'POST', pathPrefix: '/segments', times: 1 });
    const result = await run('push', '--connection', 'emu-cja', path);
    assert.equal(result.code, 0, result.stderr);
    const remote = await cjaNamed('Retried create segment');
    assert.equal(remote.length, 1);
    assert.equal(JSON.parse(await readFile(path, 'utf8')).id, remote[0].id);
  });

  it('a create answered 500 after it was applied is found, not repeated', async () => {
    const path = join(folder, 'applied-create.cja.json');
    await writeFile(path, JSON.stringify({ name: 'Applied create segment', dataId: DATA_VIEW, definition: pageExists }, null, 2));
    emulator.faults.inject({ kind: '500', when: 'after', method: 'POST', pathPrefix: '/segments', times: 1 });
    const result = await run('push', '--connection', 'emu-cja', path);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((await cjaNamed('Applied create segment')).length, 1);
  });

  it('a create that keeps failing leaves the file as it was and says why', async () => {
    const path = join(folder, 'failed-create.cja.json');
    const text = JSON.stringify({ name: 'Failed create segment', dataId: DATA_VIEW, definition: pageExists }, null, 2);
    await writeFile(path, text);
    emulator.faults.inject({ kind: '503', when: 'before', method: 'POST', pathPrefix: '/segments', times: 5 });
    const result = await run('push', '--connection', 'emu-cja', path);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /CJA answered 503/);
    assert.match(result.stderr, /The file was not changed/);
    assert.equal(await readFile(path, 'utf8'), text);
    assert.equal((await cjaNamed('Failed create segment')).length, 0);
  });

  it("validates with the service's own validation", async () => {
    const good = join(folder, 'good.cja.json');
    await writeFile(good, JSON.stringify({ name: 'x', dataId: DATA_VIEW, definition: pageExists }));
    const bad = join(folder, 'bad.cja.json');
    await writeFile(bad, JSON.stringify({ func: 'segment', version: [1, 0, 0], container: { func: 'container', context: 'hits', pred: { func: 'no-such-func' } } }));
    const ok = await run('validate', '--connection', 'emu-cja', good);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^valid/);
    const notOk = await run('validate', '--connection', 'emu-cja', '--format', 'json', bad);
    assert.equal(notOk.code, 1);
    const parsed = JSON.parse(notOk.stdout) as { results: Array<{ valid: boolean }> };
    assert.equal(parsed.results[0].valid, false);
  });

  it('guards production (needs --yes) and read-only connections, then deletes', async () => {
    const path = join(folder, 'to-delete.cja.json');
    await writeFile(path, JSON.stringify({ name: 'Segment to delete', dataId: DATA_VIEW, definition: pageExists }));
    assert.equal((await run('push', '--connection', 'emu-cja', path)).code, 0);
    const id = JSON.parse(await readFile(path, 'utf8')).id as string;

    const readOnly = await run('delete', '--connection', 'ro-cja', id);
    assert.equal(readOnly.code, 1);
    assert.match(readOnly.stderr, /read-only/);
    const unconfirmed = await run('delete', '--connection', 'prod-cja', id);
    assert.equal(unconfirmed.code, 1);
    assert.match(unconfirmed.stderr, /--yes/);
    assert.equal((await cjaNamed('Segment to delete')).length, 1, 'still there');

    const confirmed = await run('delete', '--connection', 'prod-cja', '--yes', id);
    assert.equal(confirmed.code, 0, confirmed.stderr);
    assert.equal((await cjaNamed('Segment to delete')).length, 0);
  });

  it('runs an AEP segment job and waits for it; status, list and cancel', async () => {
    const run1 = await run('jobs', 'run', '--wait', '--poll-ms', '20', US_WORKERS);
    assert.equal(run1.code, 0, run1.stderr);
    assert.match(run1.stdout, /SUCCEEDED, \d+ profiles segmented/);
    assert.match(run1.stderr, /^ {2}(NEW|QUEUED|PROCESSING)$/m, 'progress while the job ran');
    const jobId = /job ([0-9a-f-]{36})/.exec(run1.stdout)?.[1];
    assert.ok(jobId);

    const status = await run('jobs', 'status', '--format', 'json', jobId);
    assert.equal(JSON.parse(status.stdout).status, 'SUCCEEDED');

    const started = await run('jobs', 'run', '--format', 'json', US_WORKERS);
    const newJob = JSON.parse(started.stdout) as { jobId: string; status: string };
    assert.equal(newJob.status, 'NEW');
    const cancelled = await run('jobs', 'cancel', newJob.jobId);
    assert.equal(cancelled.code, 0, cancelled.stderr);
    assert.match(cancelled.stdout, /CANCELL/);

    const listed = await run('jobs', 'list', '--status', 'succeeded', '--format', 'json');
    const jobs = (JSON.parse(listed.stdout) as { jobs: Array<{ jobId: string; status: string }> }).jobs;
    assert.ok(jobs.some((j) => j.jobId === jobId));
    assert.ok(jobs.every((j) => j.status === 'SUCCEEDED'));
  });

  it('logs requests with --verbose, without secrets', async () => {
    const result = await run('list', '--connection', 'emu-aep', '--verbose');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /POST \/ims\/token\/v3 -> 200/);
    assert.match(result.stderr, /GET \/data\/core\/ups\/segment\/definitions\?limit=100&page=0 -> 200 in \d+ ms \[[0-9a-f-]+\]/);
    assert.ok(!result.stderr.includes(emulator.credentials.clientSecret));
  });
});
