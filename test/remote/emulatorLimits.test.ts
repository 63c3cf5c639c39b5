// Rate limiting (concurrency and per-minute), every injected fault kind, and a clean close.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { request } from 'undici';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator/src/index';
import { call, EmulatorSession, fetchToken, VALID_DEFINITION, waitFor } from './support/emulatorHttp';

async function withEmulator(options: EmulatorOptions, body: (emulator: RunningEmulator, session: EmulatorSession) => Promise<void>): Promise<void> {
  const emulator = await startEmulator(options);
  try {
    await body(emulator, new EmulatorSession(emulator));
  } finally {
    await emulator.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('emulator: rate limiting per organisation', () => {
  it('refuses requests beyond the concurrency limit with 429 and Retry-After', async () => {
    await withEmulator({ seed: 'empty', rateLimit: { perMinute: 1000, concurrent: 2 } }, async (emulator, session) => {
      await session.accessToken();
      emulator.faults.inject({ kind: 'slow', delayMs: 1500, times: 2, pathPrefix: '/segments' });
      const held = [session.cja('GET', '/segments'), session.cja('GET', '/segments')];
      await waitFor(async () => (emulator.stats().maxInFlight >= 2 ? true : undefined), 1000);
      await sleep(50);
      const refused = await Promise.all([session.cja('GET', '/segments'), session.aep('GET', '/segment/definitions')]);
      for (const answer of refused) {
        assert.equal(answer.status, 429);
        assert.deepEqual(answer.body, { error_code: '429050', message: 'Too many requests' });
        assert.equal(answer.headers['retry-after'], '1');
      }
      for (const answer of await Promise.all(held)) assert.equal(answer.status, 200);
      assert.equal((await session.cja('GET', '/segments')).status, 200, 'slots are given back');
      const stats = emulator.stats();
      assert.equal(stats.rejectedByRateLimit, 2);
      // The two held requests plus at least one refused one (refusals are answered at once, so they may not overlap).
      assert.ok(stats.maxInFlight >= 3 && stats.maxInFlight <= 4, `maxInFlight counts refused requests too (${stats.maxInFlight})`);
    });
  });

  it('refuses requests beyond perMinute in a rolling minute; the token endpoint is not limited', async () => {
    await withEmulator({ seed: 'empty', rateLimit: { perMinute: 5, concurrent: 6 } }, async (emulator, session) => {
      const statuses: number[] = [];
      let retryAfter: string | string[] | undefined;
      for (let i = 0; i < 7; i++) {
        const answer = await (i % 2 === 0 ? session.cja('GET', '/segments') : session.aep('GET', '/segment/jobs'));
        statuses.push(answer.status);
        if (answer.status === 429) retryAfter = answer.headers['retry-after'];
      }
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
      const seconds = Number(retryAfter);
      assert.ok(seconds >= 1 && seconds <= 60, `Retry-After ${retryAfter} is within the minute`);
      for (let i = 0; i < 3; i++) assert.equal((await fetchToken(emulator)).status, 200);
      assert.equal(emulator.stats().rejectedByRateLimit, 2);
      emulator.reset();
      assert.equal((await session.cja('GET', '/segments')).status, 200, 'reset forgets the per-minute history');
    });
  });

  it('measures the highest number of requests in flight', async () => {
    await withEmulator({ seed: 'empty' }, async (emulator, session) => {
      await session.accessToken();
      emulator.faults.inject({ kind: 'slow', delayMs: 150, times: 5 });
      const answers = await Promise.all(Array.from({ length: 5 }, () => session.cja('GET', '/segments')));
      assert.ok(answers.every((answer) => answer.status === 200));
      assert.equal(emulator.stats().maxInFlight, 5);
      assert.equal(emulator.stats().rejectedByRateLimit, 0);
    });
  });
});

describe('emulator: injected faults', () => {
  it('429 and 503 with or without Retry-After; 500 in the service shape', async () => {
    await withEmulator({ seed: 'demo' }, async (emulator, session) => {
      await session.accessToken();
      emulator.faults.inject({ kind: '429', retryAfterSeconds: 7 });
      const limited = await session.cja('GET', '/segments');
      assert.equal(limited.status, 429);
      assert.equal(limited.headers['retry-after'], '7');
      assert.equal(limited.body.error_code, '429050');
      assert.equal(emulator.stats().rejectedByRateLimit, 0, 'an injected 429 is not a rate-limit rejection');

      emulator.faults.inject({ kind: '429' });
      assert.equal((await session.cja('GET', '/segments')).headers['retry-after'], undefined);

      emulator.faults.inject({ kind: '503', retryAfterSeconds: 2, pathPrefix: '/data/core/ups' });
      const unavailable = await session.aep('GET', '/segment/definitions');
      assert.equal(unavailable.status, 503);
      assert.equal(unavailable.headers['retry-after'], '2');
      assert.equal(unavailable.body.status, 503);

      emulator.faults.inject({ kind: '500' });
      const cjaFailure = await session.cja('GET', '/segments');
      assert.equal(cjaFailure.status, 500);
      assert.equal(cjaFailure.body.errorCode, 'unexpected_error');
      emulator.faults.inject({ kind: '500' });
      const aepFailure = await session.aep('GET', '/segment/jobs');
      assert.equal(aepFailure.status, 500);
      assert.ok(aepFailure.body.errors['500']);
      assert.equal((await session.cja('GET', '/segments')).status, 200, 'each rule applied once (times defaults to 1)');
    });
  });

  it('slow holds the answer for delayMs', async () => {
    await withEmulator({ seed: 'empty' }, async (emulator, session) => {
      await session.accessToken();
      emulator.faults.inject({ kind: 'slow', delayMs: 250 });
      const started = Date.now();
      const answer = await session.cja('GET', '/segments');
      assert.equal(answer.status, 200);
      assert.ok(Date.now() - started >= 240, `took ${Date.now() - started} ms`);
    });
  });

  it('reset drops the connection and truncate cuts the body short', async () => {
    await withEmulator({ seed: 'demo' }, async (emulator, session) => {
      await session.accessToken();
      emulator.faults.inject({ kind: 'reset' });
      await assert.rejects(session.cja('GET', '/segments'));
      emulator.faults.inject({ kind: 'truncate' });
      const truncated = await request(`${emulator.url}/segments?expansion=definition`, { headers: await session.cjaHeaders() });
      assert.equal(truncated.statusCode, 200, 'a truncated read is the real answer, cut short');
      assert.ok(Number(truncated.headers['content-length']) > 0);
      await assert.rejects(truncated.body.text());
      emulator.faults.inject({ kind: 'truncate', method: 'POST' });
      await assert.rejects(session.cja('POST', '/segments/validate', VALID_DEFINITION));
      assert.equal((await session.cja('GET', '/segments')).status, 200);
    });
  });

  it('matches on method and path prefix, honours times, and spares the token endpoint unless named', async () => {
    await withEmulator({ seed: 'demo' }, async (emulator, session) => {
      await session.accessToken();
      emulator.faults.inject({ kind: '503', method: 'post', pathPrefix: '/segments', times: 2 });
      assert.equal((await session.cja('GET', '/segments')).status, 200, 'GET does not match a POST rule');
      assert.equal((await session.cja('POST', '/segments/validate', VALID_DEFINITION)).status, 503);
      assert.equal((await session.cja('POST', '/segments/validate', VALID_DEFINITION)).status, 503);
      assert.equal((await session.cja('POST', '/segments/validate', VALID_DEFINITION)).status, 200);

      emulator.faults.inject({ kind: '500', times: 3 });
      assert.equal((await fetchToken(emulator)).status, 200, 'a rule without pathPrefix never hits the token endpoint');
      emulator.faults.clear();
      emulator.faults.inject({ kind: '503', pathPrefix: '/ims' });
      const token = await fetchToken(emulator);
      assert.equal(token.status, 503);
      assert.equal(token.body.error, 'temporarily_unavailable');
      assert.throws(() => emulator.faults.inject({ kind: 'slow' }), /delayMs/);
      assert.throws(() => emulator.faults.inject({ kind: '500', probability: 2 }), /probability/);
    });
  });

  it("'after' applies the operation before the fault answers; 'before' does not", async () => {
    await withEmulator({ seed: 'empty' }, async (emulator, session) => {
      const count = async () => (await session.cja('GET', '/segments')).body.totalElements as number;
      const create = (name: string) => session.cja('POST', '/segments', { name, dataId: 'dv_1', definition: VALID_DEFINITION });

      emulator.faults.inject({ kind: '500', method: 'POST', pathPrefix: '/segments', when: 'before' });
      assert.equal((await create('before')).status, 500);
      assert.equal(await count(), 0);

      emulator.faults.inject({ kind: '500', method: 'POST', pathPrefix: '/segments', when: 'after' });
      assert.equal((await create('after-500')).status, 500);
      assert.equal(await count(), 1, 'the create happened although the client saw a 500');

      emulator.faults.inject({ kind: 'reset', method: 'POST', pathPrefix: '/segments', when: 'after' });
      await assert.rejects(create('after-reset'));
      assert.equal(await count(), 2);

      emulator.faults.inject({ kind: 'truncate', method: 'POST', pathPrefix: '/segments', when: 'after' });
      await assert.rejects(create('after-truncate'));
      assert.equal(await count(), 3);

      emulator.faults.inject({ kind: 'slow', delayMs: 100, method: 'POST', pathPrefix: '/segments', when: 'after' });
      const started = Date.now();
      assert.equal((await create('after-slow')).status, 200);
      assert.ok(Date.now() - started >= 90);
      assert.equal(await count(), 4);
    });
  });

  it('probability faults repeat exactly for the same seed', async () => {
    const outcomes = async (seed: number): Promise<number[]> => {
      const statuses: number[] = [];
      await withEmulator({ seed: 'empty', rateLimit: { perMinute: 1000, concurrent: 6 } }, async (emulator, session) => {
        await session.accessToken();
        emulator.faults.inject({ kind: '503', probability: 0.5, seed });
        for (let i = 0; i < 40; i++) statuses.push((await session.cja('GET', '/segments')).status);
      });
      return statuses;
    };
    const first = await outcomes(42);
    const again = await outcomes(42);
    const other = await outcomes(7);
    assert.deepEqual(first, again);
    assert.notDeepEqual(first, other);
    const failures = first.filter((status) => status === 503).length;
    assert.ok(failures >= 8 && failures <= 32, `about half fail (${failures}/40)`);
  });

  it('close() ends pending and idle connections and frees the port', async () => {
    const emulator = await startEmulator({ seed: 'empty' });
    const session = new EmulatorSession(emulator);
    await session.accessToken();
    const port = Number(new URL(emulator.url).port);
    emulator.faults.inject({ kind: 'slow', delayMs: 60_000 });
    const pending = session.cja('GET', '/segments').then(
      () => 'answered',
      () => 'dropped',
    );
    await sleep(50);
    const started = Date.now();
    await emulator.close();
    assert.ok(Date.now() - started < 2000, 'close does not wait for the slow request');
    assert.equal(await pending, 'dropped');
    await emulator.close();
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
    });
    await assert.rejects(call(`${emulator.url}/segments`));
  });
});
