// The fault matrix: every fault the emulator can inject, before or after the operation runs, against a read
// (GET), an idempotent write (PUT) and a non-idempotent create (POST). Where a retry is safe the call succeeds;
// otherwise a clear typed error comes back. Afterwards the emulator is counted: nothing lost, nothing twice.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type FaultRule, type RunningEmulator } from '../../emulator/src/index';
import {
  createOnce,
  createServiceClients,
  HttpTransport,
  NetworkError,
  SchedulerRegistry,
  ServiceError,
  TimeoutError,
  type CjaClients,
  type CjaSegmentDefinition,
  type RemoteError,
} from '../../remote/src/index';

const DATA_VIEW = 'dv_6467c0b1a3f0f1c2d3e4f5a6';
const TARGET = 's300000938_5f1a2b3c4d5e6f7a8b9c0d01';
const CLIENT_TIMEOUT_MS = 300;
const SLOW_MS = 700;
const definition: CjaSegmentDefinition = {
  func: 'segment',
  version: [1, 0, 0],
  container: { func: 'container', context: 'hits', pred: { func: 'exists', val: { func: 'attr', name: 'variables/page' } } },
};

type ErrorClass = new (...args: never[]) => RemoteError;

interface Case {
  kind: FaultRule['kind'];
  when: 'before' | 'after';
  /** What the create ends with: success (retried safely) or this error type. */
  create: 'ok' | ErrorClass;
  /** How many segments the create leaves on the service (after any delayed processing). */
  created: 0 | 1;
  /** The HTTP status of a ServiceError, when the create fails with one. */
  status?: number;
}

// One row per fault: reads and idempotent writes always end well (they are retried); creates only when the
// server certainly did nothing (429).
const MATRIX: Case[] = [
  { kind: '429', when: 'before', create: 'ok', created: 1 },
  { kind: '500', when: 'before', create: ServiceError, created: 0, status: 500 },
  { kind: '500', when: 'after', create: ServiceError, created: 1, status: 500 },
  { kind: '503', when: 'before', create: ServiceError, created: 0, status: 503 },
  { kind: '503', when: 'after', create: ServiceError, created: 1, status: 503 },
  // The client gives up before the held request is processed; the emulator then drops it (the client hung up).
  { kind: 'slow', when: 'before', create: TimeoutError, created: 0 },
  { kind: 'slow', when: 'after', create: TimeoutError, created: 1 },
  { kind: 'reset', when: 'before', create: NetworkError, created: 0 },
  { kind: 'reset', when: 'after', create: NetworkError, created: 1 },
  { kind: 'truncate', when: 'before', create: NetworkError, created: 0 },
  { kind: 'truncate', when: 'after', create: NetworkError, created: 1 },
];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('fault matrix (emulator)', () => {
  let emulator: RunningEmulator;
  let transport: HttpTransport;
  let clients: CjaClients;

  const fault = (c: Case, method: string, pathPrefix: string): FaultRule => ({
    kind: c.kind,
    when: c.when,
    method,
    pathPrefix,
    times: 1,
    ...(c.kind === '429' || c.kind === '503' ? { retryAfterSeconds: 0 } : {}),
    ...(c.kind === 'slow' ? { delayMs: SLOW_MS } : {}),
  });

  const countNamed = async (name: string): Promise<number> => {
    const all = await clients.cja.listSegments({ pagination: false, name });
    return all.items.filter((s) => s.name === name).length;
  };

  before(async () => {
    emulator = await startEmulator({ seed: 'demo', rateLimit: { perMinute: 6000, concurrent: 6 } });
    transport = new HttpTransport();
    const { clientId, clientSecret, orgId, scopes } = emulator.credentials;
    clients = createServiceClients(
      { id: 'emu', label: 'Emulator', service: 'cja', baseUrl: emulator.url, imsUrl: emulator.url, orgId, clientId, scopes: scopes.split(','), rateLimit: { perMinute: 6000, concurrent: 6 } },
      { getSecret: async () => clientSecret },
      // Short backoff keeps the matrix fast; the retry decisions are the production ones.
      { transport, schedulers: new SchedulerRegistry({ baseBackoffMs: 20, maxBackoffMs: 100 }), tokenProviders: new Map(), timeoutMs: CLIENT_TIMEOUT_MS },
    ) as CjaClients;
    await clients.cja.listSegments({ limit: 1 }); // the token, outside the measured calls
  });

  after(async () => {
    await transport?.close();
    await emulator?.close();
  });

  for (const c of MATRIX) {
    const label = `${c.kind} ${c.when}`;

    it(`${label}: a read is retried and succeeds`, async () => {
      emulator.faults.clear();
      emulator.faults.inject(fault(c, 'GET', `/segments/${TARGET}`));
      const segment = await clients.cja.getSegment(TARGET);
      assert.equal(segment.id, TARGET);
      assert.equal(emulator.stats().byRoute['GET /segments/{id}'] !== undefined, true);
      if (c.kind === 'slow') await sleep(SLOW_MS);
    });

    it(`${label}: an idempotent write (PUT) is retried, applied, and the final state is right`, async () => {
      emulator.faults.clear();
      const description = `write under ${label} ${Date.now()}`;
      emulator.faults.inject(fault(c, 'PUT', `/segments/${TARGET}`));
      const updated = await clients.cja.updateSegment(TARGET, { description });
      assert.equal(updated.description, description);
      if (c.kind === 'slow') await sleep(SLOW_MS + 100);
      assert.equal((await clients.cja.getSegment(TARGET)).description, description, 'the write is there, nothing lost');
    });

    it(`${label}: a create ${c.create === 'ok' ? 'is retried safely' : 'is not retried and fails with a clear error'}; nothing duplicated`, async () => {
      emulator.faults.clear();
      const name = `Fault matrix ${label} ${Date.now()}`;
      emulator.faults.inject(fault(c, 'POST', '/segments'));
      const attempt = clients.cja.createSegment({ name, dataId: DATA_VIEW, definition });
      if (c.create === 'ok') {
        const created = await attempt;
        assert.equal(created.name, name);
      } else {
        const expected = c.create;
        await assert.rejects(attempt, (error: unknown) => {
          assert.ok(error instanceof expected, `expected ${expected.name}, got ${String(error)}`);
          if (error instanceof ServiceError) assert.equal(error.status, c.status);
          if (error instanceof NetworkError || error instanceof TimeoutError) {
            assert.equal(error.requestSent, true);
            assert.equal(error.attempts ?? 1, 1, 'a create whose fate is unknown is not retried');
          }
          assert.match(error.message, /CJA|POST \/segments/);
          return true;
        });
      }
      if (c.kind === 'slow') await sleep(SLOW_MS + 100); // the held request completes on the server meanwhile
      assert.equal(await countNamed(name), c.created, 'segments with this name on the service');
    });
  }

  // createOnce on top of the same faults: a 5xx is looked up and retried when nothing happened, a lost answer
  // is looked up and adopted when the segment is there; only a lost answer for a request the server never
  // applied stays an error (it cannot be told apart from one still in progress).
  for (const c of MATRIX) {
    const label = `${c.kind} ${c.when}`;
    const lostBeforeApplying = c.when === 'before' && (c.kind === 'slow' || c.kind === 'reset' || c.kind === 'truncate');
    it(`${label}: createOnce ${lostBeforeApplying ? 'reports the unclear failure' : 'ends with exactly one segment'}`, async () => {
      emulator.faults.clear();
      const name = `createOnce ${label} ${Date.now()}`;
      emulator.faults.inject(fault(c, 'POST', '/segments'));
      const attempt = createOnce({
        create: () => clients.cja.createSegment({ name, dataId: DATA_VIEW, definition }),
        find: async () => (await clients.cja.listSegments({ name, expansion: ['definition'] })).items.find((s) => s.name === name),
        retryDelayMs: 10,
      });
      if (lostBeforeApplying) {
        await assert.rejects(attempt, (error: unknown) => error instanceof NetworkError || error instanceof TimeoutError);
      } else {
        const result = await attempt;
        assert.equal(result.resource.name, name);
      }
      if (c.kind === 'slow') await sleep(SLOW_MS + 100);
      assert.equal(await countNamed(name), lostBeforeApplying ? 0 : 1);
    });
  }

  it('a DELETE retried after its first answer was lost still succeeds (and deletes once)', async () => {
    const created = await clients.cja.createSegment({ name: `Delete under reset ${Date.now()}`, dataId: DATA_VIEW, definition });
    emulator.faults.clear();
    emulator.faults.inject({ kind: 'reset', when: 'after', method: 'DELETE', pathPrefix: `/segments/${created.id}`, times: 1 });
    await clients.cja.deleteSegment(created.id);
    assert.equal((await clients.cja.listSegments({ filterByIds: [created.id] })).items.length, 0);
  });

  it('a request to a closed port fails before sending and is retried even for a create, then reports the refusal', async () => {
    const { clientId, clientSecret, orgId, scopes } = emulator.credentials;
    const probe = await startEmulator({ seed: 'empty' });
    const deadUrl = probe.url;
    await probe.close();
    const dead = createServiceClients(
      { id: 'dead', label: 'Dead', service: 'cja', baseUrl: deadUrl, imsUrl: emulator.url, orgId, clientId, scopes: scopes.split(',') },
      { getSecret: async () => clientSecret },
      { transport, schedulers: new SchedulerRegistry({ baseBackoffMs: 5, maxBackoffMs: 20, maxRetries: 2 }), tokenProviders: new Map() },
    ) as CjaClients;
    await assert.rejects(dead.cja.createSegment({ name: 'never', dataId: DATA_VIEW, definition }), (error: unknown) => {
      assert.ok(error instanceof NetworkError);
      assert.equal(error.requestSent, false);
      assert.equal(error.code, 'ECONNREFUSED');
      assert.equal(error.attempts, 3, 'retried: the server certainly did nothing');
      assert.match(error.message, /never reached the server/);
      return true;
    });
  });
});
