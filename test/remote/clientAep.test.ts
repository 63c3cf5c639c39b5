// Contract tests of the AEP Segment Definitions and Segment Jobs clients against the Adobe API emulator.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../../emulator/src/index';
import {
  CancelledError,
  createServiceClients,
  HttpTransport,
  SchedulerRegistry,
  ServiceError,
  summarizeJob,
  type AepClients,
  type AepJobStatus,
  type SecretSource,
} from '../../remote/src/index';

const US_WORKERS = '4afe34ae-8c98-4513-8a1d-67ccaa54bc05';
const CANADA_WORKERS = 'c527dc3f-07fe-4b96-be4e-23f38e734ff8';
const JOB_STEP_MS = 150;

describe('AEP clients (emulator)', () => {
  let emulator: RunningEmulator;
  let transport: HttpTransport;
  let clients: AepClients;

  before(async () => {
    emulator = await startEmulator({ seed: 'demo', rateLimit: { perMinute: 6000, concurrent: 6 }, jobStepMs: JOB_STEP_MS });
    transport = new HttpTransport();
    const { clientId, clientSecret, orgId, sandbox, scopes } = emulator.credentials;
    const secrets: SecretSource = { getSecret: async () => clientSecret };
    const created = createServiceClients(
      {
        id: 'emu-aep',
        label: 'Emulator AEP',
        service: 'aep',
        baseUrl: `${emulator.url}/data/core/ups`,
        imsUrl: emulator.url,
        orgId,
        clientId,
        sandbox,
        scopes: scopes.split(','),
        rateLimit: { perMinute: 6000, concurrent: 6 },
      },
      secrets,
      { transport, schedulers: new SchedulerRegistry(), tokenProviders: new Map() },
    );
    assert.equal(created.service, 'aep');
    clients = created as AepClients;
  });

  after(async () => {
    await transport?.close();
    await emulator?.close();
  });

  describe('segment definitions', () => {
    it('lists pages in the {segments, page} envelope and iterates all of them', async () => {
      const first = await clients.definitions.listDefinitions({ limit: 4, sort: 'name:asc' });
      assert.equal(first.items.length, 4);
      assert.ok(first.totalItems !== undefined && first.totalItems > 4);
      assert.ok(first.totalPages !== undefined && first.totalPages > 1);
      assert.equal(first.lastPage, false);
      const names = first.items.map((d) => d.name);
      assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));

      const all: string[] = [];
      for await (const definition of clients.definitions.iterateDefinitions({ limit: 4 })) all.push(definition.id);
      assert.equal(all.length, first.totalItems);
      assert.equal(new Set(all).size, all.length);

      const byOffset = await clients.definitions.listDefinitions({ start: 4, limit: 4, sort: 'name:asc' });
      const second = await clients.definitions.listDefinitions({ page: 1, limit: 4, sort: 'name:asc' });
      assert.deepEqual(byOffset.items.map((d) => d.id), second.items.map((d) => d.id), 'start and page address the same items');
    });

    it('creates, reads, overwrites (PATCH) and deletes a definition', async () => {
      const created = await clients.definitions.createDefinition({
        name: 'Contract test: people in Berlin',
        description: 'made by a test',
        schema: { name: '_xdm.context.profile' },
        expression: { type: 'PQL', format: 'pql/text', value: 'homeAddress.city = "Berlin"' },
        evaluationInfo: { batch: { enabled: true }, continuous: { enabled: false }, synchronous: { enabled: false } },
      });
      assert.ok(created.id);
      assert.equal(created.expression.value, 'homeAddress.city = "Berlin"');

      const read = await clients.definitions.getDefinition(created.id);
      assert.equal(read.name, 'Contract test: people in Berlin');

      const updated = await clients.definitions.updateDefinition(created.id, {
        name: read.name,
        schema: read.schema,
        expression: { type: 'PQL', format: 'pql/text', value: 'homeAddress.city = "Hamburg"' },
      });
      assert.equal(updated.expression.value, 'homeAddress.city = "Hamburg"');
      assert.ok((updated.updateTime ?? 0) >= (created.updateTime ?? 0));

      await clients.definitions.deleteDefinition(created.id);
      await assert.rejects(clients.definitions.getDefinition(created.id), (error: unknown) => error instanceof ServiceError && error.status === 404);
    });

    it('reports the 422 "already exists" and 400 validation answers with the service messages', async () => {
      const existing = await clients.definitions.getDefinition(US_WORKERS);
      await assert.rejects(
        clients.definitions.createDefinition({ name: existing.name, schema: existing.schema, expression: existing.expression }),
        (error: unknown) => error instanceof ServiceError && error.status === 422 && error.service === 'aep' && !!error.serviceMessage && !!error.requestId,
      );
      await assert.rejects(
        clients.definitions.createDefinition({ name: 'Broken PQL', schema: { name: '_xdm.context.profile' }, expression: { type: 'PQL', format: 'pql/text', value: 'inSegment("abc' } }),
        (error: unknown) => {
          assert.ok(error instanceof ServiceError);
          assert.equal(error.status, 400);
          assert.match(error.serviceMessage ?? '', /unterminated|never closed/i);
          assert.match(error.code ?? '', /UPAPI/);
          return true;
        },
      );
    });

    it('bulk-gets definitions (207) and names the ids it could not find', async () => {
      const result = await clients.definitions.bulkGetDefinitions([US_WORKERS, CANADA_WORKERS, 'no-such-definition']);
      assert.deepEqual(Object.keys(result.found).sort(), [CANADA_WORKERS, US_WORKERS].sort());
      assert.equal(result.found[US_WORKERS].id, US_WORKERS);
      assert.deepEqual(Object.keys(result.missing), ['no-such-definition']);
      assert.match(result.missing['no-such-definition'], /not found/i);
    });
  });

  describe('segment jobs', () => {
    it('creates a job for several definitions, polls it to SUCCEEDED with progress and metrics', async () => {
      const job = await clients.jobs.createJob([US_WORKERS, CANADA_WORKERS]);
      assert.equal(job.status, 'NEW');
      assert.deepEqual(job.segments.map((s) => s.segmentId).sort(), [CANADA_WORKERS, US_WORKERS].sort());

      const seen: AepJobStatus[] = [];
      const result = await clients.jobs.pollUntilFinished(job.id, {
        initialDelayMs: JOB_STEP_MS / 3,
        maxDelayMs: JOB_STEP_MS / 2,
        onProgress: (summary) => seen.push(summary.status),
      });
      assert.equal(result.summary.status, 'SUCCEEDED');
      assert.equal(result.summary.finished, true);
      assert.ok(result.polls >= 2);
      assert.equal(seen[seen.length - 1], 'SUCCEEDED');
      assert.ok(seen.some((s) => s !== 'SUCCEEDED'), `progress reported while the job ran: ${seen.join(',')}`);
      const order = ['NEW', 'QUEUED', 'PROCESSING', 'SUCCEEDED'];
      assert.deepEqual([...seen].sort((a, b) => order.indexOf(a) - order.indexOf(b)), seen, 'states only move forward');
      assert.ok(result.summary.totalProfilesSegmented > 0);
      assert.ok(result.summary.totalProfiles !== undefined && result.summary.totalProfiles >= result.summary.totalProfilesSegmented);
      assert.ok(result.summary.totalTimeMs !== undefined && result.summary.totalTimeMs > 0);
      assert.deepEqual(Object.keys(result.summary.profilesSegmented).sort(), [CANADA_WORKERS, US_WORKERS].sort());
    });

    it('cancels a job (DELETE) and it ends CANCELLED', async () => {
      const job = await clients.jobs.createJob([US_WORKERS]);
      await clients.jobs.cancelJob(job.id);
      const result = await clients.jobs.pollUntilFinished(job.id, { initialDelayMs: JOB_STEP_MS / 2 });
      assert.equal(result.summary.status, 'CANCELLED');
    });

    it('stops polling when the signal aborts, and cancels the job only when asked to', async () => {
      const watched = await clients.jobs.createJob([US_WORKERS]);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), JOB_STEP_MS / 2);
      await assert.rejects(clients.jobs.pollUntilFinished(watched.id, { signal: controller.signal, initialDelayMs: JOB_STEP_MS * 10 }), CancelledError);
      const stillRunning = await clients.jobs.getJob(watched.id);
      assert.notEqual(stillRunning.status, 'CANCELLING');
      assert.notEqual(stillRunning.status, 'CANCELLED');

      const cancelled = await clients.jobs.createJob([US_WORKERS]);
      const second = new AbortController();
      setTimeout(() => second.abort(), JOB_STEP_MS / 2);
      await assert.rejects(
        clients.jobs.pollUntilFinished(cancelled.id, { signal: second.signal, initialDelayMs: JOB_STEP_MS * 10, cancelJobOnAbort: true }),
        CancelledError,
      );
      const after = await clients.jobs.getJob(cancelled.id);
      assert.ok(after.status === 'CANCELLING' || after.status === 'CANCELLED', `status ${after.status}`);
    });

    it('lists jobs with a status filter, reads one and bulk-gets several', async () => {
      const job = await clients.jobs.createJob([CANADA_WORKERS]);
      await clients.jobs.pollUntilFinished(job.id, { initialDelayMs: JOB_STEP_MS });
      const succeeded = await clients.jobs.listJobs({ status: 'SUCCEEDED', limit: 100 });
      assert.ok(succeeded.items.length >= 1);
      for (const item of succeeded.items) assert.equal(item.status, 'SUCCEEDED');
      assert.ok(succeeded.items.some((item) => item.id === job.id));

      const read = await clients.jobs.getJob(job.id);
      assert.equal(summarizeJob(read).status, 'SUCCEEDED');

      const bulk = await clients.jobs.bulkGetJobs([job.id, 'no-such-job']);
      assert.deepEqual(Object.keys(bulk.found), [job.id]);
      assert.deepEqual(Object.keys(bulk.missing), ['no-such-job']);
      await assert.rejects(clients.jobs.getJob('no-such-job'), (error: unknown) => error instanceof ServiceError && error.status === 404);
    });
  });
});
