// Contract tests of the Unleash Admin segments client, and the CLI's remote commands on Unleash, against a real
// Unleash 7.5.1 with PostgreSQL (test/support/unleashServer.ts starts a fresh one for this file).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRemoteCommand } from '../../cli/src/remote/index';
import type { CliIo } from '../../cli/src/io';
import { startUnleash, type UnleashHandle } from '../support/unleashServer';
import {
  createServiceClients,
  HttpTransport,
  SchedulerRegistry,
  ServiceError,
  type UnleashClients,
  type UnleashSegmentInput,
} from '../../remote/src/index';

const betaUsers: UnleashSegmentInput = {
  name: 'beta-users',
  description: 'People testing new things',
  constraints: [{ contextName: 'userId', operator: 'IN', values: ['u1', 'u2'] }],
};

let unleash: UnleashHandle;

before(async () => {
  try {
    unleash = await startUnleash();
  } catch (error) {
    throw new Error(`Unleash could not start (see test/support/unleash-server for the install step): ${(error as Error).message}`);
  }
});

after(async () => {
  await unleash?.stop();
});

/** Test setup only (feature flags and strategies are not the client's business): plain fetch to the admin API. */
async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${unleash.url}${path}`, {
    method,
    headers: { authorization: unleash.adminToken, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.status < 300, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

describe('Unleash segments client (real Unleash 7.5.1)', () => {
  let transport: HttpTransport;
  let clients: UnleashClients;

  before(async () => {
    transport = new HttpTransport();
    clients = createServiceClients(
      { id: 'local-unleash', label: 'Local Unleash', service: 'unleash', baseUrl: unleash.url, rateLimit: { perMinute: 6000, concurrent: 6 } },
      { getSecret: async (_id, kind) => (kind === 'token' ? unleash.adminToken : undefined) },
      { transport, schedulers: new SchedulerRegistry(), tokenProviders: new Map() },
    ) as UnleashClients;
  });

  after(async () => {
    await transport?.close();
  });

  it('creates, lists, reads and replaces (PUT) a segment', async () => {
    assert.deepEqual(await clients.unleash.listSegments(), []);
    const created = await clients.unleash.createSegment(betaUsers);
    assert.ok(Number.isInteger(created.id));
    assert.equal(created.name, 'beta-users');
    assert.deepEqual(created.constraints[0].values, ['u1', 'u2']);

    const listed = await clients.unleash.listSegments();
    assert.deepEqual(listed.map((s) => s.id), [created.id]);

    await clients.unleash.updateSegment(created.id, {
      name: 'beta-users',
      description: 'Replaced',
      constraints: [{ contextName: 'appName', operator: 'STR_STARTS_WITH', values: ['web'] }],
    });
    const read = await clients.unleash.getSegment(created.id);
    assert.equal(read.description, 'Replaced');
    assert.equal(read.constraints.length, 1);
    assert.equal(read.constraints[0].contextName, 'appName');
  });

  it('validates names: free (204) or taken (409), and refuses a duplicate create with the service message', async () => {
    assert.deepEqual(await clients.unleash.validateName('a-free-name'), { available: true });
    const taken = await clients.unleash.validateName('beta-users');
    assert.equal(taken.available, false);
    assert.match(taken.message ?? '', /already exists/i);
    await assert.rejects(clients.unleash.createSegment(betaUsers), (error: unknown) => {
      assert.ok(error instanceof ServiceError);
      assert.equal(error.status, 409);
      assert.equal(error.code, 'NameExistsError');
      assert.match(error.message, /Unleash answered 409 Conflict: Segment name already exists/);
      return true;
    });
  });

  it('reports Unleash validation errors with their details', async () => {
    await assert.rejects(
      clients.unleash.createSegment({ name: 'bad-operator', constraints: [{ contextName: 'userId', operator: 'EQUALS', values: ['x'] }] }),
      (error: unknown) => {
        assert.ok(error instanceof ServiceError);
        assert.equal(error.status, 400);
        assert.equal(error.code, 'BadDataError');
        assert.ok(error.serviceMessage || error.detailMessages.length, 'the service said why');
        assert.match(`${error.serviceMessage} ${error.detailMessages.join(' ')}`, /operator|EQUALS|allowed/i);
        return true;
      },
    );
    await assert.rejects(clients.unleash.getSegment(999_999), (error: unknown) => error instanceof ServiceError && error.status === 404);
  });

  it('follows strategies: who uses a segment, a strategy\'s segments, replacing them; a 409 delete names the users', async () => {
    const [segment] = await clients.unleash.listSegments();
    const other = await clients.unleash.createSegment({ name: 'internal-staff', constraints: [{ contextName: 'email', operator: 'STR_ENDS_WITH', values: ['@example.com'] }] });
    await admin('POST', '/api/admin/projects/default/features', { name: 'new-checkout' });
    const strategy = (await admin('POST', '/api/admin/projects/default/features/new-checkout/environments/development/strategies', {
      name: 'flexibleRollout',
      parameters: { rollout: '50', stickiness: 'default', groupId: 'new-checkout' },
      constraints: [],
      segments: [segment.id],
    })) as { id: string };

    const usage = await clients.unleash.strategiesUsingSegment(segment.id);
    assert.equal(usage.strategies.length, 1);
    assert.equal(usage.strategies[0].id, strategy.id);
    assert.equal(usage.strategies[0].featureName, 'new-checkout');
    assert.equal(usage.strategies[0].environment, 'development');

    assert.deepEqual((await clients.unleash.segmentsOfStrategy(strategy.id)).map((s) => s.id), [segment.id]);
    assert.deepEqual(await clients.unleash.segmentsOfStrategy('00000000-0000-0000-0000-000000000000'), []);

    await assert.rejects(clients.unleash.deleteSegment(segment.id), (error: unknown) => {
      assert.ok(error instanceof ServiceError);
      assert.equal(error.status, 409);
      assert.match(error.message, /"new-checkout"/);
      assert.match(error.message, /flexibleRollout/);
      assert.match(error.message, /development/);
      assert.match(error.message, new RegExp(strategy.id));
      return true;
    });

    await clients.unleash.setStrategySegments({ projectId: 'default', environmentId: 'development', strategyId: strategy.id, segmentIds: [other.id] });
    assert.deepEqual((await clients.unleash.segmentsOfStrategy(strategy.id)).map((s) => s.id), [other.id]);
    assert.equal((await clients.unleash.strategiesUsingSegment(segment.id)).strategies.length, 0);

    await clients.unleash.deleteSegment(segment.id);
    await assert.rejects(clients.unleash.getSegment(segment.id), (error: unknown) => error instanceof ServiceError && error.status === 404);

    await admin('DELETE', '/api/admin/projects/default/features/new-checkout');
    await clients.unleash.deleteSegment(other.id);
    assert.deepEqual(await clients.unleash.listSegments(), []);
  });

  it('sends the token without "Bearer"; a wrong token is a 401 with no retry loop', async () => {
    const wrong = createServiceClients(
      { id: 'wrong', label: 'Wrong token', service: 'unleash', baseUrl: unleash.url },
      { getSecret: async () => 'not-a-valid-token-value' },
      { transport, schedulers: new SchedulerRegistry(), tokenProviders: new Map() },
    ) as UnleashClients;
    await assert.rejects(wrong.unleash.listSegments(), (error: unknown) => error instanceof ServiceError && error.status === 401 && error.service === 'unleash');
    assert.equal(wrong.scheduler.stats().started, 1);
  });
});

describe('remote CLI commands on Unleash (in-process)', () => {
  let folder: string;

  const run = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    const [command, ...rest] = args;
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      cwd: folder,
      env: { SEGMENT_WORKBENCH_LOCAL_UNLEASH_TOKEN: unleash.adminToken },
    };
    const code = await runRemoteCommand(command, rest, io);
    return { code, stdout, stderr };
  };

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'sw-unleash-cli-'));
    await writeFile(
      join(folder, 'segment-workbench.config.json'),
      JSON.stringify({ connections: [{ id: 'local-unleash', label: 'Local Unleash', service: 'unleash', baseUrl: unleash.url }] }),
    );
  });

  after(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('pushes a new segment (numeric id written back), pulls it, pushes an edit with a full PUT', async () => {
    const path = join(folder, 'ios.unleash.json');
    await writeFile(path, JSON.stringify({ name: 'ios-users', description: 'iPhone and iPad', constraints: [{ contextName: 'platform', operator: 'IN', values: ['ios'] }] }, null, 2));
    const created = await run('push', 'ios.unleash.json');
    assert.equal(created.code, 0, created.stderr);
    const id = JSON.parse(await readFile(path, 'utf8')).id as number;
    assert.ok(Number.isInteger(id));

    const pulled = await run('pull', '--out', 'pulled');
    assert.equal(pulled.code, 0, pulled.stderr);
    const pulledPath = join(folder, 'pulled', 'ios-users.unleash.json');
    const local = JSON.parse(await readFile(pulledPath, 'utf8')) as Record<string, unknown>;
    assert.equal(local.id, id);
    assert.deepEqual(Object.keys(local).filter((k) => k !== 'project'), ['id', 'name', 'description', 'constraints']);

    local.constraints = [{ contextName: 'platform', operator: 'IN', values: ['ios', 'ipados'], caseInsensitive: false, inverted: false }];
    await writeFile(pulledPath, JSON.stringify(local, null, 2));
    const updated = await run('push', pulledPath);
    assert.equal(updated.code, 0, updated.stderr);
    assert.match(updated.stdout, /updated/);
    const listed = await run('list', '--format', 'json');
    const segments = (JSON.parse(listed.stdout) as { segments: Array<{ id: string; detail: string }> }).segments;
    assert.deepEqual(segments.map((s) => s.id), [String(id)]);
  });

  it('validates names with Unleash', async () => {
    await writeFile(join(folder, 'dupe.unleash.json'), JSON.stringify({ name: 'ios-users', constraints: [] }));
    await writeFile(join(folder, 'fresh.unleash.json'), JSON.stringify({ name: 'android-users', constraints: [] }));
    const taken = await run('validate', 'dupe.unleash.json');
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /already exists/);
    const free = await run('validate', 'fresh.unleash.json');
    assert.equal(free.code, 0, free.stderr);
    assert.match(free.stdout, /is free/);
  });

  it('a delete refused with 409 names the feature flags; after archiving the flag it succeeds', async () => {
    const id = JSON.parse(await readFile(join(folder, 'ios.unleash.json'), 'utf8')).id as number;
    await admin('POST', '/api/admin/projects/default/features', { name: 'ios-dark-mode' });
    await admin('POST', '/api/admin/projects/default/features/ios-dark-mode/environments/development/strategies', {
      name: 'flexibleRollout',
      parameters: { rollout: '100', stickiness: 'default', groupId: 'ios-dark-mode' },
      constraints: [],
      segments: [id],
    });
    const refused = await run('delete', 'ios.unleash.json');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /feature flag "ios-dark-mode"/);
    await admin('DELETE', '/api/admin/projects/default/features/ios-dark-mode');
    const deleted = await run('delete', String(id));
    assert.equal(deleted.code, 0, deleted.stderr);
    const listed = await run('list', '--format', 'json');
    assert.deepEqual((JSON.parse(listed.stdout) as { segments: unknown[] }).segments, []);
  });
});
