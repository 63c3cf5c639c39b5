// Contract tests of the CJA Segments client against the Adobe API emulator: every operation, both list
// envelopes, filters, sorting, paging, validation, usedIn and the typed errors.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../../emulator/src/index';
import {
  createServiceClients,
  HttpTransport,
  SchedulerRegistry,
  ServiceError,
  type CjaClients,
  type CjaSegmentDefinition,
  type SecretSource,
} from '../../remote/src/index';

const DATA_VIEW = 'dv_6467c0b1a3f0f1c2d3e4f5a6';
const LANDING_SEGMENT = 's300000938_5f1a2b3c4d5e6f7a8b9c0d02';

const pageExists: CjaSegmentDefinition = {
  func: 'segment',
  version: [1, 0, 0],
  container: { func: 'container', context: 'hits', pred: { func: 'exists', val: { func: 'attr', name: 'variables/page' } } },
};

describe('CJA Segments client (emulator)', () => {
  let emulator: RunningEmulator;
  let transport: HttpTransport;
  let clients: CjaClients;

  before(async () => {
    emulator = await startEmulator({ seed: 'demo', rateLimit: { perMinute: 6000, concurrent: 6 } });
    transport = new HttpTransport();
    const { clientId, clientSecret, orgId, scopes } = emulator.credentials;
    const secrets: SecretSource = { getSecret: async (_id, kind) => (kind === 'clientSecret' ? clientSecret : undefined) };
    const created = createServiceClients(
      { id: 'emu-cja', label: 'Emulator CJA', service: 'cja', baseUrl: emulator.url, imsUrl: emulator.url, orgId, clientId, scopes: scopes.split(','), rateLimit: { perMinute: 6000, concurrent: 6 } },
      secrets,
      { transport, schedulers: new SchedulerRegistry(), tokenProviders: new Map() },
    );
    assert.equal(created.service, 'cja');
    clients = created as CjaClients;
  });

  after(async () => {
    await transport?.close();
    await emulator?.close();
  });

  it('lists a page in the Spring envelope with totals and the requested expansions', async () => {
    const page = await clients.cja.listSegments({ limit: 4, page: 0, expansion: ['definition', 'tags', 'modified'] });
    assert.equal(page.items.length, 4);
    assert.equal(page.page, 0);
    assert.ok(page.totalItems !== undefined && page.totalItems > 4, 'totalElements is read');
    assert.equal(page.lastPage, false);
    for (const segment of page.items) {
      assert.equal(typeof segment.id, 'string');
      assert.equal(segment.definition?.func, 'segment');
      assert.ok(Array.isArray(segment.tags));
      assert.equal(typeof segment.modified, 'string');
    }
  });

  it('reads the bare-array answer (pagination=false) and walks every page with the iterator', async () => {
    const bare = await clients.cja.listSegments({ pagination: false });
    assert.equal(bare.lastPage, true);
    assert.equal(bare.totalItems, undefined, 'a bare array carries no totals');
    const all: string[] = [];
    for await (const segment of clients.cja.iterateSegments({ limit: 3 })) all.push(segment.id);
    assert.deepEqual([...all].sort(), bare.items.map((s) => s.id).sort());
    assert.equal(new Set(all).size, all.length, 'no segment twice');
    assert.ok(all.length > 3, 'several pages were walked');
  });

  it('filters by name, tag names, data view and ids, and sorts', async () => {
    const byName = await clients.cja.listSegments({ name: 'retained' });
    assert.ok(byName.items.length >= 1);
    for (const s of byName.items) assert.match(s.name ?? '', /retained/i);

    const byTag = await clients.cja.listSegments({ tagNames: ['Funnel'], expansion: ['tags'] });
    assert.ok(byTag.items.length >= 1);
    for (const s of byTag.items) assert.ok(s.tags?.some((t) => t.name === 'Funnel'));

    const byDataView = await clients.cja.listSegments({ dataIds: [DATA_VIEW], expansion: ['dataId'] });
    assert.ok(byDataView.items.length >= 1);
    for (const s of byDataView.items) assert.equal(s.dataId, DATA_VIEW);

    const byIds = await clients.cja.listSegments({ filterByIds: [LANDING_SEGMENT] });
    assert.deepEqual(byIds.items.map((s) => s.id), [LANDING_SEGMENT]);

    const sorted = await clients.cja.listSegments({ sortProperty: 'name', sortDirection: 'DESC', limit: 100 });
    const names = sorted.items.map((s) => s.name ?? '');
    const expected = [...names].sort((a, b) => b.localeCompare(a, 'en', { sensitivity: 'base' }));
    assert.deepEqual(names, expected);
  });

  it('includes templates only when asked (includeType)', async () => {
    const plain = await clients.cja.listSegments({ limit: 1000 });
    const withTemplates = await clients.cja.listSegments({ limit: 1000, includeType: ['templates'] });
    assert.ok(withTemplates.items.length > plain.items.length);
  });

  it('creates, reads, updates (partial PUT) and deletes a segment', async () => {
    const created = await clients.cja.createSegment({ name: 'Contract test segment', description: 'made by a test', dataId: DATA_VIEW, definition: pageExists });
    assert.match(created.id, /^s300000938_/);
    assert.equal(created.name, 'Contract test segment');
    assert.deepEqual(created.definition, pageExists);

    const read = await clients.cja.getSegment(created.id);
    assert.equal(read.description, 'made by a test');
    assert.equal(read.dataId, DATA_VIEW);

    const updated = await clients.cja.updateSegment(created.id, { description: 'changed' });
    assert.equal(updated.description, 'changed');
    assert.equal(updated.name, 'Contract test segment', 'a partial PUT keeps the other fields');
    assert.deepEqual(updated.definition, pageExists);

    await clients.cja.deleteSegment(created.id);
    const listed = await clients.cja.listSegments({ filterByIds: [created.id] });
    assert.equal(listed.items.length, 0, 'a deleted segment leaves the list');
  });

  it('validates a definition with the service and reports its errors', async () => {
    const good = await clients.cja.validateDefinition({ definition: pageExists, dataId: DATA_VIEW });
    assert.equal(good.valid, true);
    assert.ok(good.supportedFeatures?.length);
    const bad = await clients.cja.validateDefinition({ definition: { func: 'segment', version: [1, 0, 0], container: { func: 'container', context: 'nowhere', pred: { func: 'nope' } } } });
    assert.equal(bad.valid, false);
    assert.ok(bad.errors.length > 0 || (bad.message ?? '').length > 0);
  });

  it('lists the projects that use a segment (usedIn expansion)', async () => {
    const projects = await clients.cja.projectsUsingSegment(LANDING_SEGMENT);
    assert.ok(projects.length >= 1);
    for (const p of projects) {
      assert.equal(p.componentType, 'project');
      assert.equal(typeof p.name, 'string');
    }
  });

  it('turns errors into ServiceErrors with the service message, code and request id', async () => {
    await assert.rejects(clients.cja.getSegment('s300000938_doesnotexist'), (error: unknown) => {
      assert.ok(error instanceof ServiceError);
      assert.equal(error.status, 404);
      assert.equal(error.service, 'cja');
      assert.equal(error.code, 'resource_not_found');
      assert.match(error.serviceMessage ?? '', /not found/i);
      assert.ok(error.requestId, 'request id from errorId');
      assert.match(error.message, /CJA answered 404/);
      return true;
    });
    await assert.rejects(
      clients.cja.createSegment({ name: '', dataId: DATA_VIEW, definition: pageExists }),
      (error: unknown) => error instanceof ServiceError && error.status === 400 && /name/.test(error.serviceMessage ?? ''),
    );
  });
});
