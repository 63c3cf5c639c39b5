// The per-organisation scheduler: in-flight and per-window limits, FIFO order, cancellation of queued
// requests, Retry-After (seconds and HTTP date), the retry table, and pacing against the emulator.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../../emulator/src/index';
import {
  CancelledError,
  createServiceClients,
  decideRetry,
  HttpTransport,
  NetworkError,
  parseRetryAfter,
  backoffDelay,
  DEFAULT_RETRY_TUNING,
  RequestScheduler,
  SchedulerRegistry,
  TimeoutError,
  type CjaClients,
  type HttpResponse,
  type RateLimitConfig,
  type SecretSource,
} from '../../remote/src/index';

function response(status: number, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers, text: '', requestId: 'test', durationMs: 1 };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('retry policy', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    assert.equal(parseRetryAfter('3'), 3000);
    assert.equal(parseRetryAfter('0.5'), 500);
    const now = Date.parse('2025-06-01T12:00:00Z');
    assert.equal(parseRetryAfter('Sun, 01 Jun 2025 12:00:07 GMT', now), 7000);
    assert.equal(parseRetryAfter('Sun, 01 Jun 2025 11:00:00 GMT', now), 0, 'a date in the past means now');
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(undefined), undefined);
  });

  it('backs off exponentially with jitter, within bounds', () => {
    const tuning = { ...DEFAULT_RETRY_TUNING, baseBackoffMs: 100, maxBackoffMs: 1000 };
    assert.equal(backoffDelay(0, tuning, () => 0), 25);
    assert.equal(backoffDelay(0, tuning, () => 1), 100);
    assert.equal(backoffDelay(3, tuning, () => 1), 800);
    assert.equal(backoffDelay(10, tuning, () => 1), 1000);
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(2, tuning);
      assert.ok(d >= 100 && d <= 400, `delay ${d}`);
    }
  });

  it('retries only what cannot duplicate a change', () => {
    const sent = new NetworkError('socket hang up', { requestSent: true, method: 'POST' });
    const refused = new NetworkError('connect ECONNREFUSED', { requestSent: false, code: 'ECONNREFUSED' });
    const late = new TimeoutError('headers', { requestSent: true });
    const table: Array<[string, Parameters<typeof decideRetry>[0], boolean, boolean]> = [
      ['429, idempotent', { response: response(429) }, true, true],
      ['429, create', { response: response(429) }, false, true],
      ['503, idempotent', { response: response(503) }, true, true],
      ['503, create', { response: response(503) }, false, false],
      ['500, idempotent', { response: response(500) }, true, true],
      ['500, create', { response: response(500) }, false, false],
      ['404', { response: response(404) }, true, false],
      ['400', { response: response(400) }, true, false],
      ['reset after sending, idempotent', { error: sent }, true, true],
      ['reset after sending, create', { error: sent }, false, false],
      ['connection refused, create', { error: refused }, false, true],
      ['headers timeout, create', { error: late }, false, false],
      ['headers timeout, idempotent', { error: late }, true, true],
      ['cancelled', { error: new CancelledError() }, true, false],
    ];
    for (const [label, outcome, idempotent, expected] of table) {
      assert.equal(decideRetry(outcome, idempotent).retry, expected, label);
    }
    const limited = decideRetry({ response: response(429, { 'retry-after': '2' }) }, false);
    assert.ok(limited.retry && limited.retryAfterMs === 2000 && limited.rateLimited);
  });
});

describe('RequestScheduler (no network)', () => {
  it('never starts more than the limit in any window, keeps FIFO order and loses nothing', async () => {
    const windowMs = 400;
    const perWindow = 8;
    const scheduler = new RequestScheduler({ perMinute: perWindow, concurrent: 3, windowMs });
    const starts: number[] = [];
    const order: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const begin = Date.now();
    await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        scheduler.run(
          async () => {
            starts.push(Date.now());
            order.push(index);
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            await sleep(5);
            inFlight--;
            return response(200);
          },
          { idempotent: true },
        ),
      ),
    );
    const elapsed = Date.now() - begin;
    assert.deepEqual(order, Array.from({ length: 30 }, (_, i) => i), 'FIFO');
    assert.ok(maxInFlight <= 3, `max in flight ${maxInFlight}`);
    // Start times are taken inside the attempt, a little after the scheduler's own clock reading: allow that jitter.
    const jitterMs = 15;
    for (const start of starts) {
      const inWindow = starts.filter((t) => t >= start && t < start + windowMs - jitterMs).length;
      assert.ok(inWindow <= perWindow, `${inWindow} starts within ${windowMs} ms`);
    }
    // 30 requests at 8 per 400 ms cannot finish in much less than (30 - 3) / 8 windows.
    assert.ok(elapsed >= ((30 - 3) / perWindow) * windowMs * 0.9, `elapsed ${elapsed} ms`);
    const stats = scheduler.stats();
    assert.equal(stats.completed, 30);
    assert.equal(stats.started, 30);
    assert.equal(stats.queued, 0);
  });

  it('cancels a queued request without sending it', async () => {
    const scheduler = new RequestScheduler({ perMinute: 1000, concurrent: 1 });
    let sent = 0;
    const slow = scheduler.run(async () => {
      sent++;
      await sleep(150);
      return response(200);
    }, { idempotent: true });
    const controller = new AbortController();
    const queued = scheduler.run(async () => {
      sent++;
      return response(200);
    }, { idempotent: true, signal: controller.signal });
    await sleep(20);
    assert.equal(scheduler.stats().queued, 1);
    controller.abort();
    // Whichever settles first: the cancelled request must not wait for the slow one ahead of it.
    const first = await Promise.race([queued.then(() => 'queued answered', () => 'queued rejected'), slow.then(() => 'slow answered')]);
    assert.equal(first, 'queued rejected');
    await assert.rejects(queued, CancelledError);
    await slow;
    assert.equal(sent, 1);
    assert.equal(scheduler.stats().cancelled, 1);
  });

  it('gives up after the bounded number of retries and returns the last answer', async () => {
    const scheduler = new RequestScheduler({ perMinute: 1000, concurrent: 2, maxRetries: 3, baseBackoffMs: 5, maxBackoffMs: 20 });
    let attempts = 0;
    const result = await scheduler.run(async () => {
      attempts++;
      return response(503);
    }, { idempotent: true });
    assert.equal(result.response.status, 503);
    assert.equal(result.attempts, 4);
    assert.equal(attempts, 4);
  });

  it('does not wait for a Retry-After longer than the limit', async () => {
    const scheduler = new RequestScheduler({ perMinute: 1000, concurrent: 2, maxRetryAfterMs: 1000 });
    const begin = Date.now();
    const result = await scheduler.run(async () => response(429, { 'retry-after': '3600' }), { idempotent: true });
    assert.equal(result.response.status, 429);
    assert.ok(Date.now() - begin < 500);
  });
});

describe('scheduler against the emulator', () => {
  let emulator: RunningEmulator;
  let transport: HttpTransport;
  let secrets: SecretSource;

  const clientsWith = (rateLimit: RateLimitConfig): CjaClients => {
    const { clientId, orgId, scopes } = emulator.credentials;
    return createServiceClients(
      { id: 'emu', label: 'Emulator', service: 'cja', baseUrl: emulator.url, imsUrl: emulator.url, orgId, clientId, scopes: scopes.split(','), rateLimit },
      secrets,
      { transport, schedulers: new SchedulerRegistry(), tokenProviders: new Map() },
    ) as CjaClients;
  };

  before(async () => {
    emulator = await startEmulator({ seed: 'demo', rateLimit: { perMinute: 600, concurrent: 6 } });
    transport = new HttpTransport();
    secrets = { getSecret: async () => emulator.credentials.clientSecret };
  });

  beforeEach(() => emulator.reset());

  after(async () => {
    await transport?.close();
    await emulator?.close();
  });

  it('keeps at most N requests in flight (emulator maxInFlight)', async () => {
    const clients = clientsWith({ perMinute: 600, concurrent: 3, burst: 20 });
    await clients.cja.listSegments({ limit: 1 }); // token first, so that every API request below is a real one
    emulator.reset();
    emulator.faults.inject({ kind: 'slow', pathPrefix: '/segments', delayMs: 120, times: 12 });
    await Promise.all(Array.from({ length: 12 }, () => clients.cja.listSegments({ limit: 1 })));
    const stats = emulator.stats();
    assert.equal(stats.maxInFlight, 3);
    assert.equal(stats.rejectedByRateLimit, 0);
    assert.equal(clients.scheduler.stats().maxInFlight, 3);
  });

  it('paces requests to the per-minute limit: no 429 from the emulator, throughput near the limit', async () => {
    const clients = clientsWith({ perMinute: 600, concurrent: 6 });
    await clients.cja.listSegments({ limit: 1 });
    emulator.reset();
    const count = 40;
    const begin = Date.now();
    await Promise.all(Array.from({ length: count }, () => clients.cja.listSegments({ limit: 1 })));
    const seconds = (Date.now() - begin) / 1000;
    const stats = emulator.stats();
    assert.equal(stats.rejectedByRateLimit, 0);
    assert.equal(stats.byRoute['GET /segments'], count, 'each request sent exactly once');
    // Burst of 6, then 10 per second: at least 3.4 s, and not much more.
    assert.ok(seconds >= 3.2, `too fast for 600/min: ${seconds} s`);
    assert.ok(seconds < 5, `too slow: ${seconds} s`);
  });

  it('honours Retry-After on a 429: the whole queue waits, then every request succeeds once', async () => {
    const clients = clientsWith({ perMinute: 600, concurrent: 1 });
    await clients.cja.listSegments({ limit: 1 });
    emulator.reset();
    emulator.faults.inject({ kind: '429', pathPrefix: '/segments', retryAfterSeconds: 1, times: 1 });
    const finished: number[] = [];
    const begin = Date.now();
    await Promise.all(Array.from({ length: 3 }, () => clients.cja.listSegments({ limit: 1 }).then(() => finished.push(Date.now() - begin))));
    assert.equal(finished.length, 3);
    for (const t of finished) assert.ok(t >= 950, `a request finished ${t} ms after the start, before Retry-After elapsed`);
    const stats = clients.scheduler.stats();
    assert.equal(stats.rateLimited, 1);
    assert.equal(stats.pauses, 1);
    assert.equal(stats.retries, 1);
    assert.equal(emulator.stats().byRoute['GET /segments'], 4, 'three requests plus one retry');
  });

  it('recovers when the server allows fewer requests in flight than the client (429 retried, nothing lost)', async () => {
    const clients = clientsWith({ perMinute: 600, concurrent: 6 });
    await clients.cja.listSegments({ limit: 1 });
    emulator.reset();
    emulator.faults.inject({ kind: '429', pathPrefix: '/segments', retryAfterSeconds: 0, times: 4 });
    const pages = await Promise.all(Array.from({ length: 8 }, () => clients.cja.listSegments({ limit: 1 })));
    assert.equal(pages.length, 8);
    assert.equal(clients.scheduler.stats().rateLimited, 4);
    assert.equal(emulator.stats().byRoute['GET /segments'], 12);
  });
});
