// Push throughput through the scheduler against the Adobe API emulator.
//   node --import tsx bench/push-throughput.ts [segments]
// 1. Pushes N (default 300) CJA segments with the emulator limited to 600 requests a minute and 6 in flight, and
//    the client configured the same: achieved throughput as a fraction of the allowed 10/s (target >= 0.9),
//    and no 429 from the emulator's rate limiter.
// 2. The same with 10% of the creates answered 429 (5%, Retry-After 1 s) or 503 (5%): every segment must arrive
//    exactly once (429 is retried by the scheduler; a 503 is looked up and retried by createOnce).
import { startEmulator, type RunningEmulator } from '../emulator/src/index';
import {
  createOnce,
  createServiceClients,
  HttpTransport,
  SchedulerRegistry,
  type CjaClients,
  type CjaSegmentDefinition,
} from '../remote/src/index';

const COUNT = Number(process.argv[2] ?? 300);
const LIMIT = { perMinute: 600, concurrent: 6 };
const DATA_VIEW = 'dv_bench';

function definitionFor(i: number): CjaSegmentDefinition {
  return {
    func: 'segment',
    version: [1, 0, 0],
    container: {
      func: 'container',
      context: 'hits',
      pred: { func: 'streq', str: `page-${i}`, val: { func: 'attr', name: 'variables/page' } },
    },
  };
}

async function clientsFor(emulator: RunningEmulator, transport: HttpTransport): Promise<CjaClients> {
  const { clientId, clientSecret, orgId, scopes } = emulator.credentials;
  const clients = createServiceClients(
    { id: 'bench', label: 'Bench', service: 'cja', baseUrl: emulator.url, imsUrl: emulator.url, orgId, clientId, scopes: scopes.split(','), rateLimit: LIMIT },
    { getSecret: async () => clientSecret },
    { transport, schedulers: new SchedulerRegistry(), tokenProviders: new Map() },
  ) as CjaClients;
  await clients.tokens.getToken(); // the token is not part of the measurement
  return clients;
}

async function pushAll(clients: CjaClients, prefix: string): Promise<{ seconds: number; failures: string[] }> {
  const failures: string[] = [];
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: COUNT }, async (_, i) => {
      const name = `${prefix} ${String(i).padStart(4, '0')}`;
      try {
        await createOnce({
          create: () => clients.cja.createSegment({ name, dataId: DATA_VIEW, definition: definitionFor(i) }, { expansion: [] }),
          find: async () => (await clients.cja.listSegments({ name, expansion: [] })).items.find((s) => s.name === name),
        });
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message}`);
      }
    }),
  );
  return { seconds: (performance.now() - begin) / 1000, failures };
}

async function countByName(clients: CjaClients, prefix: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const all = await clients.cja.listSegments({ pagination: false, name: prefix, expansion: [] });
  for (const segment of all.items) {
    if (segment.name?.startsWith(prefix)) counts.set(segment.name, (counts.get(segment.name) ?? 0) + 1);
  }
  return counts;
}

function report(title: string, lines: Array<[string, string]>): void {
  console.log(`\n${title}`);
  for (const [label, value] of lines) console.log(`  ${label.padEnd(40)} ${value}`);
}

async function main(): Promise<void> {
  const allowedPerSecond = LIMIT.perMinute / 60;

  // 1. Clean run.
  const clean = await startEmulator({ seed: 'empty', rateLimit: LIMIT });
  const cleanTransport = new HttpTransport();
  try {
    const clients = await clientsFor(clean, cleanTransport);
    clean.reset();
    const { seconds, failures } = await pushAll(clients, 'Bench clean');
    const stats = clean.stats();
    const scheduler = clients.scheduler.stats();
    const fraction = COUNT / seconds / allowedPerSecond;
    const counts = await countByName(clients, 'Bench clean');
    report(`Push ${COUNT} segments, limit ${LIMIT.perMinute}/min and ${LIMIT.concurrent} in flight`, [
      ['elapsed', `${seconds.toFixed(2)} s`],
      ['achieved', `${(COUNT / seconds).toFixed(2)} req/s (allowed ${allowedPerSecond.toFixed(2)} req/s)`],
      ['fraction of the allowed throughput', `${fraction.toFixed(3)} (target >= 0.9) ${fraction >= 0.9 ? 'OK' : 'BELOW TARGET'}`],
      ['429 from the emulator rate limiter', `${stats.rejectedByRateLimit} ${stats.rejectedByRateLimit === 0 ? 'OK' : 'NOT OK'}`],
      ['emulator max in flight', String(stats.maxInFlight)],
      ['client retries', String(scheduler.retries)],
      ['failures', String(failures.length)],
      ['segments on the service', `${counts.size} distinct, ${[...counts.values()].filter((n) => n > 1).length} duplicated`],
    ]);
    if (failures.length) console.log(failures.slice(0, 5).join('\n'));
  } finally {
    await cleanTransport.close();
    await clean.close();
  }

  // 2. 10% of creates answered 429 or 503.
  const faulty = await startEmulator({ seed: 'empty', rateLimit: LIMIT });
  const faultyTransport = new HttpTransport();
  try {
    const clients = await clientsFor(faulty, faultyTransport);
    faulty.reset();
    faulty.faults.inject({ kind: '429', method: 'POST', pathPrefix: '/segments', probability: 0.05, retryAfterSeconds: 1, seed: 7 });
    faulty.faults.inject({ kind: '503', method: 'POST', pathPrefix: '/segments', probability: 0.0526, seed: 11 });
    const { seconds, failures } = await pushAll(clients, 'Bench faulty');
    const scheduler = clients.scheduler.stats();
    const stats = faulty.stats();
    faulty.faults.clear();
    const counts = await countByName(clients, 'Bench faulty');
    const missing = Array.from({ length: COUNT }, (_, i) => `Bench faulty ${String(i).padStart(4, '0')}`).filter((name) => !counts.has(name));
    const duplicated = [...counts.values()].filter((n) => n > 1).length;
    const posts = stats.byRoute['POST /segments'] ?? 0;
    report(`Push ${COUNT} segments with ~10% of creates answered 429 (Retry-After 1 s) or 503`, [
      ['elapsed', `${seconds.toFixed(2)} s (${(COUNT / seconds).toFixed(2)} segments/s)`],
      ['create requests sent', `${posts} (${posts - COUNT} repeated after a 429 or 503)`],
      ['429 answers seen by the scheduler', String(scheduler.rateLimited)],
      ['queue pauses (Retry-After)', String(scheduler.pauses)],
      ['429 from the emulator rate limiter', String(stats.rejectedByRateLimit)],
      ['failures', String(failures.length)],
      ['segments arrived', `${counts.size} of ${COUNT}, ${missing.length} missing, ${duplicated} duplicated ${missing.length === 0 && duplicated === 0 ? 'OK (exactly once)' : 'NOT OK'}`],
    ]);
    if (failures.length) console.log(failures.slice(0, 5).join('\n'));
  } finally {
    await faultyTransport.close();
    await faulty.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
