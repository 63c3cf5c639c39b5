// The emulator over real HTTP: token flow, gateway header checks, CJA and AEP operations, jobs advancing, admin API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../emulator/src/index';
import { call, EmulatorSession, fetchToken, VALID_DEFINITION, waitFor } from './support/emulatorHttp';

/** These tests poll and sweep; the documented 60/minute budget is exercised in emulatorLimits.test.ts. */
const GENEROUS = { perMinute: 100_000, concurrent: 6 };

describe('emulator: IMS token endpoint', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ seed: 'empty', rateLimit: GENEROUS });
  });
  after(() => emulator.close());

  it('issues a bearer token for the right client credentials', async () => {
    const answer = await fetchToken(emulator);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.token_type, 'bearer');
    assert.equal(answer.body.expires_in, 86399);
    assert.equal(typeof answer.body.access_token, 'string');
    assert.ok(answer.body.access_token.length > 40);
  });

  it('accepts the parameters in the query string too, and space-separated scopes', async () => {
    const { clientId, clientSecret } = emulator.credentials;
    const query = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'openid AdobeID' });
    const answer = await call(`${emulator.url}/ims/token/v3?${query}`, { method: 'POST' });
    assert.equal(answer.status, 200);
  });

  it("refuses wrong credentials with IMS's error shape", async () => {
    const badId = await fetchToken(emulator, { client_id: 'someone-else' });
    assert.equal(badId.status, 400);
    assert.deepEqual(badId.body, { error: 'invalid_client', error_description: 'invalid client_id parameter' });
    const badSecret = await fetchToken(emulator, { client_secret: 'wrong' });
    assert.equal(badSecret.status, 401);
    assert.equal(badSecret.body.error, 'invalid_client');
    const badGrant = await fetchToken(emulator, { grant_type: 'password' });
    assert.equal(badGrant.status, 400);
    assert.equal(badGrant.body.error, 'unsupported_grant_type');
    const badScope = await fetchToken(emulator, { scope: 'openid,admin_everything' });
    assert.equal(badScope.status, 400);
    assert.equal(badScope.body.error, 'invalid_scope');
    assert.match(badScope.body.error_description, /admin_everything/);
  });

  it('lets tokens expire after tokenTtlSeconds and revokes them on demand', async () => {
    const shortLived = await startEmulator({ seed: 'empty', tokenTtlSeconds: 0.3, rateLimit: GENEROUS });
    try {
      const session = new EmulatorSession(shortLived);
      assert.equal((await session.cja('GET', '/segments')).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 400));
      const expired = await session.cja('GET', '/segments');
      assert.equal(expired.status, 401);
      assert.deepEqual(expired.body, { error_code: '401013', message: 'Oauth token is not valid' });

      const fresh = new EmulatorSession(shortLived);
      assert.equal((await fresh.cja('GET', '/segments')).status, 200);
      shortLived.revokeTokens();
      assert.equal((await fresh.cja('GET', '/segments')).status, 401);
    } finally {
      await shortLived.close();
    }
  });
});

describe('emulator: gateway header checks', () => {
  let emulator: RunningEmulator;
  let session: EmulatorSession;
  before(async () => {
    emulator = await startEmulator({ seed: 'demo', rateLimit: GENEROUS });
    session = new EmulatorSession(emulator);
  });
  after(() => emulator.close());

  const without = async (name: string, service: 'cja' | 'aep'): Promise<Record<string, string>> => {
    const headers = service === 'cja' ? await session.cjaHeaders() : await session.aepHeaders();
    delete headers[name];
    return headers;
  };

  it('answers the documented gateway errors for missing or wrong headers', async () => {
    const cases: [string, Record<string, string>, number, string][] = [
      ['no x-api-key', await without('x-api-key', 'cja'), 403, '403000'],
      ['no Authorization', await without('authorization', 'cja'), 401, '403010'],
      ['bad token', { ...(await session.cjaHeaders()), authorization: 'Bearer not-a-token' }, 401, '401013'],
      ['other api key', { ...(await session.cjaHeaders()), 'x-api-key': 'another-client' }, 403, '403003'],
      ['no org header', await without('x-gw-ims-org-id', 'cja'), 400, '400003'],
      ['other org', { ...(await session.cjaHeaders()), 'x-gw-ims-org-id': 'FFFFFFFFFFFFFFFFFFFFFFFF@AdobeOrg' }, 403, '403025'],
    ];
    for (const [label, headers, status, code] of cases) {
      const answer = await call(`${emulator.url}/segments`, { headers });
      assert.equal(answer.status, status, label);
      assert.equal(answer.body.error_code, code, label);
      assert.equal(typeof answer.body.message, 'string', label);
    }
  });

  it('requires x-sandbox-name on AEP and refuses an unknown sandbox', async () => {
    const missing = await call(`${emulator.url}/data/core/ups/segment/definitions`, { headers: await without('x-sandbox-name', 'aep') });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.status, 400);
    assert.match(missing.body.title, /x-sandbox-name/);
    const unknown = await session.aep('GET', '/segment/definitions', undefined, { 'x-sandbox-name': 'qa-sandbox' });
    assert.equal(unknown.status, 403);
    assert.ok(Array.isArray(unknown.body.errors['403']));
  });

  it('requires a JSON content type on AEP writes', async () => {
    const answer = await call(`${emulator.url}/data/core/ups/segment/definitions`, {
      method: 'POST',
      headers: { ...(await session.aepHeaders()), 'content-type': 'text/plain' },
      rawBody: '{}',
    });
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body, { type: '/placeholder/type/uri', status: 400, title: 'BadRequestError', detail: 'A valid content-type must be specified' });
  });

  it('answers unknown paths and methods in the service shape', async () => {
    const cja = await session.cja('GET', '/nothing-here');
    assert.equal(cja.status, 404);
    assert.equal(cja.body.errorCode, 'resource_not_found');
    const aep = await session.aep('GET', '/nothing-here');
    assert.equal(aep.status, 404);
    assert.ok(aep.body.errors['404']);
    const method = await session.cja('PATCH', '/segments');
    assert.equal(method.status, 405);
    assert.equal(method.body.errorCode, 'method_not_allowed');
  });
});

describe('emulator: CJA segments', () => {
  let emulator: RunningEmulator;
  let session: EmulatorSession;
  before(async () => {
    emulator = await startEmulator({ seed: 'demo', rateLimit: GENEROUS });
    session = new EmulatorSession(emulator);
  });
  after(() => emulator.close());

  it('pages with the Spring-style envelope', async () => {
    const all = await session.cja('GET', '/segments?pagination=false');
    assert.equal(all.status, 200);
    assert.ok(Array.isArray(all.body), 'pagination=false answers a bare array');
    const total = all.body.length;
    assert.ok(total >= 10, `the demo seed has at least 10 own segments (got ${total})`);

    const seen: string[] = [];
    for (let page = 0; page < 10; page++) {
      const answer = await session.cja('GET', `/segments?limit=4&page=${page}`);
      assert.equal(answer.status, 200);
      const body = answer.body;
      assert.equal(body.totalElements, total);
      assert.equal(body.totalPages, Math.ceil(total / 4));
      assert.equal(body.number, page);
      assert.equal(body.numberOfElements, body.content.length);
      assert.equal(body.firstPage, page === 0);
      assert.equal(body.lastPage, page === body.totalPages - 1);
      seen.push(...body.content.map((segment: { id: string }) => segment.id));
      if (body.lastPage) break;
    }
    assert.equal(seen.length, total);
    assert.equal(new Set(seen).size, total);
    assert.deepEqual(seen, [...seen].sort(), 'default order is by id');
  });

  it('omits definitions unless expansion asks for them', async () => {
    const slim = await session.cja('GET', '/segments?limit=3');
    for (const segment of slim.body.content) {
      assert.equal(segment.definition, undefined);
      assert.equal(typeof segment.name, 'string');
    }
    const full = await session.cja('GET', '/segments?limit=3&expansion=definition,modified,tags,ownerFullName');
    for (const segment of full.body.content) {
      assert.equal(segment.definition.func === 'segment' || segment.definition.func === 'segment-def', true);
      assert.ok(!Number.isNaN(Date.parse(segment.modified)));
      assert.ok(Array.isArray(segment.tags));
      assert.equal(typeof segment.owner.name, 'string');
    }
  });

  it('filters by name (contains, case-insensitive), tags, data views and ids, and sorts', async () => {
    const byName = await session.cja('GET', '/segments?name=LANDING&pagination=false');
    assert.ok(byName.body.length >= 2);
    for (const segment of byName.body) assert.match(segment.name, /landing/i);

    const byTag = await session.cja('GET', '/segments?tagNames=Retention&expansion=tags&pagination=false');
    assert.ok(byTag.body.length >= 1);
    for (const segment of byTag.body) assert.ok(segment.tags.some((tag: { name: string }) => tag.name === 'Retention'));

    const dataId = 'dv_65b2c3d4e5f6a7b8c9d0e1f2';
    const byDataView = await session.cja('GET', `/segments?dataIds=${dataId}&pagination=false`);
    assert.ok(byDataView.body.length >= 1);
    for (const segment of byDataView.body) assert.equal(segment.dataId, dataId);

    const ids = byName.body.map((segment: { id: string }) => segment.id).slice(0, 2);
    const byIds = await session.cja('GET', `/segments?filterByIds=${ids.join(',')}&pagination=false`);
    assert.deepEqual(byIds.body.map((segment: { id: string }) => segment.id).sort(), [...ids].sort());

    const sorted = await session.cja('GET', '/segments?sortProperty=name&sortDirection=DESC&pagination=false');
    const names = sorted.body.map((segment: { name: string }) => segment.name.toLowerCase());
    assert.deepEqual(names, [...names].sort().reverse());

    const bad = await session.cja('GET', '/segments?sortProperty=colour');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errorCode, 'invalid_parameters');
  });

  it('shows shared, template, deleted and internal segments only when includeType asks', async () => {
    const own = await session.cja('GET', '/segments?expansion=isDeleted,internal&pagination=false');
    const everything = await session.cja('GET', '/segments?includeType=shared,templates,deleted,internal&expansion=isDeleted,internal&pagination=false');
    assert.ok(everything.body.length > own.body.length);
    assert.ok(own.body.every((segment: { isDeleted: boolean; internal: boolean }) => !segment.isDeleted && !segment.internal));
    assert.ok(everything.body.some((segment: { isDeleted: boolean }) => segment.isDeleted));
    assert.ok(everything.body.some((segment: { internal: boolean }) => segment.internal));
    const templates = await session.cja('GET', '/segments?includeType=templates&pagination=false');
    assert.ok(templates.body.some((segment: { id: string }) => segment.id === 'Has_An_Action'));
  });

  it('lists the projects that use a segment (expansion=usedIn)', async () => {
    const answer = await session.cja('GET', '/segments?expansion=usedIn&pagination=false');
    const used = answer.body.filter((segment: { usedIn: unknown[] }) => segment.usedIn.length > 0);
    assert.ok(used.length >= 3);
    const usage = used[0].usedIn[0];
    assert.equal(typeof usage.componentId, 'string');
    assert.equal(usage.componentType, 'project');
    assert.equal(typeof usage.name, 'string');
    const one = await session.cja('GET', `/segments?filterByIds=${used[0].id}&expansion=usedIn`);
    assert.deepEqual(one.body.content[0].usedIn, used[0].usedIn);
  });

  it('creates, reads, partially updates and deletes a segment', async () => {
    const created = await session.cja('POST', '/segments', {
      name: 'Emulator test segment',
      description: 'created by a test',
      dataId: 'dv_6467c0b1a3f0f1c2d3e4f5a6',
      definition: VALID_DEFINITION,
    });
    assert.equal(created.status, 200);
    const id = created.body.id as string;
    assert.match(id, /^s300000938_[0-9a-f]{24}$/);
    assert.deepEqual(created.body.definition, VALID_DEFINITION);
    assert.equal(created.body.compatibility.valid, true);

    const read = await session.cja('GET', `/segments/${id}?expansion=definition,modified`);
    assert.equal(read.status, 200);
    assert.equal(read.body.name, 'Emulator test segment');
    assert.equal(read.body.modified, created.body.modified);

    const updated = await session.cja('PUT', `/segments/${id}`, { name: 'Renamed', id: 'ignored', modified: '2000-01-01T00:00:00.000Z' });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.name, 'Renamed');
    assert.equal(updated.body.description, 'created by a test', 'fields not sent are kept');
    assert.deepEqual(updated.body.definition, VALID_DEFINITION);
    assert.ok(Date.parse(updated.body.modified) > Date.parse(created.body.modified), 'modified moves forward');

    const deleted = await session.cja('DELETE', `/segments/${id}`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.result, 'success');
    const list = await session.cja('GET', '/segments?pagination=false');
    assert.ok(!list.body.some((segment: { id: string }) => segment.id === id), 'deleted segments leave the list');
    const stillReadable = await session.cja('GET', `/segments/${id}?expansion=isDeleted`);
    assert.equal(stillReadable.status, 200);
    assert.equal(stillReadable.body.isDeleted, true);
    assert.equal((await session.cja('DELETE', `/segments/${id}`)).status, 200, 'deleting again is harmless');
    assert.equal((await session.cja('PUT', `/segments/${id}`, { name: 'x' })).status, 404);
    assert.equal((await session.cja('GET', '/segments/s300000938_doesnotexist')).status, 404);
  });

  it('refuses an invalid create with the ErrorStatus shape', async () => {
    const missing = await session.cja('POST', '/segments', { name: 'No definition', dataId: 'dv_1' });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.errorCode, 'invalid_parameters');
    assert.equal(typeof missing.body.errorId, 'string');

    const badDefinition = await session.cja('POST', '/segments', {
      name: 'Bad',
      dataId: 'dv_1',
      definition: { func: 'segment', version: [1, 0, 0], container: { func: 'container', context: 'people', pred: { func: 'exists', val: { func: 'attr', name: 'variables/page' } } } },
    });
    assert.equal(badDefinition.status, 400);
    assert.equal(badDefinition.body.errorCode, 'invalid_data');
    assert.match(badDefinition.body.errorDescription, /context/);

    const malformed = await call(`${emulator.url}/segments`, { method: 'POST', headers: { ...(await session.cjaHeaders()), 'content-type': 'application/json' }, rawBody: '{"name":' });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.errorCode, 'invalid_json_input');
  });

  it('validates definitions structurally', async () => {
    const good = await session.cja('POST', '/segments/validate', VALID_DEFINITION);
    assert.equal(good.status, 200);
    assert.equal(good.body.valid, true);
    assert.deepEqual(good.body.supported_features, ['function_attr', 'function_container', 'function_streq']);

    const wrapped = await session.cja('POST', '/segments/validate?rsid=dv_1', { dataId: 'dv_1', name: 'x', definition: VALID_DEFINITION });
    assert.equal(wrapped.body.valid, true, 'a whole segment object is accepted as in the CJA guide');
    const asString = await session.cja('POST', '/segments/validate', JSON.stringify(VALID_DEFINITION));
    assert.equal(asString.body.valid, true, 'a JSON string body is accepted as the spec declares');

    const cases: [string, unknown, RegExp][] = [
      ['unknown func', { ...VALID_DEFINITION, container: { ...VALID_DEFINITION.container, pred: { func: 'streqq', str: 'x', val: { func: 'attr', name: 'variables/page' } } } }, /unknown func 'streqq'/],
      ['bad context', { ...VALID_DEFINITION, container: { ...VALID_DEFINITION.container, context: 'sessions' } }, /not a valid context/],
      ['missing field', { ...VALID_DEFINITION, container: { ...VALID_DEFINITION.container, pred: { func: 'streq', val: { func: 'attr', name: 'variables/page' } } } }, /missing field 'str'/],
      ['value as predicate', { ...VALID_DEFINITION, container: { ...VALID_DEFINITION.container, pred: { func: 'attr', name: 'variables/page' } } }, /cannot stand where/],
      ['no version', { func: 'segment', container: VALID_DEFINITION.container }, /missing field 'version'/],
    ];
    for (const [label, definition, message] of cases) {
      const answer = await session.cja('POST', '/segments/validate', definition);
      assert.equal(answer.status, 200, label);
      assert.equal(answer.body.valid, false, label);
      assert.match(answer.body.message, message, label);
      assert.ok(answer.body.errors.length >= 1, label);
    }

    let deep: Record<string, unknown> = { func: 'exists', val: { func: 'attr', name: 'variables/page' } };
    for (let i = 0; i < 200; i++) deep = { func: 'without', pred: deep };
    const tooDeep = await session.cja('POST', '/segments/validate', { ...VALID_DEFINITION, container: { ...VALID_DEFINITION.container, pred: deep } });
    assert.equal(tooDeep.body.valid, false);
    assert.match(tooDeep.body.message, /nested more than/);

    const notJson = await call(`${emulator.url}/segments/validate`, { method: 'POST', headers: await session.cjaHeaders(), rawBody: 'not json' });
    assert.equal(notJson.status, 400);
    assert.equal(notJson.body.errorCode, 'invalid_json_input');
  });

  it('accepts every seeded definition', async () => {
    const all = await session.cja('GET', '/segments?includeType=shared,templates,deleted,internal&expansion=definition&pagination=false');
    for (const segment of all.body) {
      const check = await session.cja('POST', '/segments/validate', segment.definition);
      assert.equal(check.body.valid, true, `${segment.name}: ${check.body.message}`);
    }
  });
});

describe('emulator: AEP segment definitions', () => {
  let emulator: RunningEmulator;
  let session: EmulatorSession;
  before(async () => {
    emulator = await startEmulator({ seed: 'demo', rateLimit: GENEROUS });
    session = new EmulatorSession(emulator);
  });
  after(() => emulator.close());

  const newDefinition = (name: string, value = 'workAddress.country = "US"') => ({
    name,
    description: 'from a test',
    expression: { type: 'PQL', format: 'pql/text', value },
    evaluationInfo: { batch: { enabled: false }, continuous: { enabled: true }, synchronous: { enabled: false } },
    schema: { name: '_xdm.context.profile' },
  });

  it('pages with start/limit/page and sorts by field:direction', async () => {
    const everything = await session.aep('GET', '/segment/definitions?limit=1000');
    assert.equal(everything.status, 200);
    const total = everything.body.page.totalCount;
    assert.ok(total >= 12);
    const times = everything.body.segments.map((d: { creationTime: number }) => d.creationTime);
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'default order: creationTime desc');

    const first = await session.aep('GET', '/segment/definitions?limit=5');
    assert.equal(first.body.segments.length, 5);
    assert.deepEqual(first.body.page, { totalCount: total, totalPages: Math.ceil(total / 5), sortField: 'creationTime', sort: 'desc', pageSize: 5, limit: 5 });
    assert.match(first.body.link.next.href, /start=5/);
    const second = await session.aep('GET', '/segment/definitions?limit=5&start=5');
    const third = await session.aep('GET', '/segment/definitions?limit=5&page=2');
    const ids = [...first.body.segments, ...second.body.segments, ...third.body.segments].map((d: { id: string }) => d.id);
    assert.deepEqual(ids, everything.body.segments.slice(0, ids.length).map((d: { id: string }) => d.id));
    const last = await session.aep('GET', `/segment/definitions?limit=5&start=${total - 1}`);
    assert.deepEqual(last.body.link, {}, 'no next link on the last page');

    const byName = await session.aep('GET', '/segment/definitions?sort=name:asc&limit=1000');
    const names = byName.body.segments.map((d: { name: string }) => d.name.toLowerCase());
    assert.deepEqual(names, [...names].sort((a: string, b: string) => a.localeCompare(b)));
    const streaming = await session.aep('GET', '/segment/definitions?evaluationInfo.continuous.enabled=true&limit=1000');
    assert.ok(streaming.body.segments.length >= 2);
    assert.ok(streaming.body.segments.every((d: { evaluationInfo: { continuous: { enabled: boolean } } }) => d.evaluationInfo.continuous.enabled));
    assert.equal((await session.aep('GET', '/segment/definitions?sort=colour:up')).status, 400);
  });

  it('creates (200), refuses a duplicate name (422), reads, patches and deletes', async () => {
    const created = await session.aep('POST', '/segment/definitions', newDefinition('Emulator test definition'));
    assert.equal(created.status, 200);
    const id = created.body.id as string;
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal(created.body.imsOrgId, emulator.credentials.orgId);
    assert.equal(created.body.sandbox.sandboxName, 'prod');
    assert.equal(created.body.profileInstanceId, 'ups');
    assert.equal(created.body.updateEpoch, Math.floor(created.body.updateTime / 1000));

    const duplicate = await session.aep('POST', '/segment/definitions', newDefinition('emulator TEST definition'));
    assert.equal(duplicate.status, 422);
    assert.equal(duplicate.body.status, 422);

    const read = await session.aep('GET', `/segment/definitions/${id}`);
    assert.deepEqual(read.body, created.body);

    const patched = await session.aep('PATCH', `/segment/definitions/${id}`, {
      ...created.body,
      expression: { type: 'PQL', format: 'pql/text', value: 'workAddress.country = "CA"' },
      creationTime: 0,
      updateTime: 0,
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.expression.value, 'workAddress.country = "CA"');
    assert.equal(patched.body.creationTime, created.body.creationTime, 'read-only fields are ignored');
    assert.ok(patched.body.updateTime > created.body.updateTime);

    const deleted = await session.aep('DELETE', `/segment/definitions/${id}`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.status, true);
    assert.equal((await session.aep('GET', `/segment/definitions/${id}`)).status, 404);
    assert.equal((await session.aep('DELETE', `/segment/definitions/${id}`)).status, 404);
  });

  it('refuses invalid definitions with the AEP error shape', async () => {
    const missing = await session.aep('POST', '/segment/definitions', { description: 'no name, no expression' });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.status, 400);
    assert.equal(typeof missing.body.requestId, 'string');
    assert.match(missing.body.type, /^https:\/\/ns\.adobe\.com\/aep\/errors\//);
    assert.ok(missing.body.errors['400'].length >= 3, 'every problem is listed');

    const typo = await session.aep('POST', '/segment/definitions', newDefinition('Typo', 'inSegment("7deb246a-49b4-4687-95f9-6316df049948) and inSegment("x")'));
    assert.equal(typo.status, 400);
    assert.match(typo.body.title, /PQL expression is invalid/);
    const badJson = await session.aep('POST', '/segment/definitions', { ...newDefinition('Json'), expression: { type: 'PQL', format: 'pql/json', value: '{nope' } });
    assert.equal(badJson.status, 400);
    const withRequestId = await session.aep('GET', '/segment/definitions/unknown-id', undefined, { 'x-request-id': 'trace-123' });
    assert.equal(withRequestId.status, 404);
    assert.equal(withRequestId.body.requestId, 'trace-123');
  });

  it('bulk-gets definitions and reports missing ids per item (207)', async () => {
    const list = await session.aep('GET', '/segment/definitions?limit=2');
    const ids = list.body.segments.map((d: { id: string }) => d.id);
    const answer = await session.aep('POST', '/segment/definitions/bulk-get', { ids: [...ids, 'missing-id'].map((id) => ({ id })) });
    assert.equal(answer.status, 207);
    for (const id of ids) assert.equal(answer.body.results[id].id, id);
    assert.deepEqual(answer.body.results['missing-id'].errors['404'], [{ code: 404, message: 'Not found.' }]);
    const none = await session.aep('POST', '/segment/definitions/bulk-get', { ids: [] });
    assert.equal(none.status, 400);
    const tooMany = await session.aep('POST', '/segment/definitions/bulk-get', { ids: Array.from({ length: 101 }, (_, i) => ({ id: `id-${i}` })) });
    assert.equal(tooMany.status, 400);
  });
});

describe('emulator: AEP segment jobs', () => {
  let emulator: RunningEmulator;
  let session: EmulatorSession;
  const stepMs = 100;
  before(async () => {
    emulator = await startEmulator({ seed: 'demo', jobStepMs: stepMs, rateLimit: GENEROUS });
    session = new EmulatorSession(emulator);
  });
  after(() => emulator.close());

  it('advances a job NEW -> QUEUED -> PROCESSING -> SUCCEEDED with metrics', async () => {
    const created = await session.aep('POST', '/segment/jobs', [{ segmentId: '4afe34ae-8c98-4513-8a1d-67ccaa54bc05' }, { segmentId: '94509dba-7387-452f-addc-5d8d979f6ae8' }]);
    assert.equal(created.status, 200);
    assert.equal(created.body.status, 'NEW');
    assert.equal(created.body.segments.length, 2);
    assert.equal(created.body._links.checkStatus.href, `/segment/jobs/${created.body.id}`);
    const seen = new Set<string>();
    const finished = await waitFor(async () => {
      const answer = await session.aep('GET', `/segment/jobs/${created.body.id}`);
      seen.add(answer.body.status);
      return answer.body.status === 'SUCCEEDED' ? answer.body : undefined;
    }, 100 * stepMs, 5);
    assert.ok(seen.has('QUEUED') || seen.has('PROCESSING'), `passes through intermediate states (saw ${[...seen].join(', ')})`);
    const metrics = finished.metrics;
    assert.equal(metrics.totalTime.totalTimeInMs, metrics.totalTime.endTimeInMs - metrics.totalTime.startTimeInMs);
    assert.ok(metrics.totalTime.totalTimeInMs >= 3 * stepMs);
    assert.ok(metrics.totalProfiles > 0);
    for (const id of ['4afe34ae-8c98-4513-8a1d-67ccaa54bc05', '94509dba-7387-452f-addc-5d8d979f6ae8']) {
      assert.ok(metrics.segmentedProfileCounter[id] > 0);
      const byStatus = metrics.segmentedProfileByStatusCounter[id];
      assert.equal(byStatus.realized + byStatus.existing, metrics.segmentedProfileCounter[id]);
    }
  });

  it('cancels a running job: CANCELLING then CANCELLED (204)', async () => {
    const created = await session.aep('POST', '/segment/jobs', [{ segmentId: 'c527dc3f-07fe-4b96-be4e-23f38e734ff8' }]);
    const cancel = await session.aep('DELETE', `/segment/jobs/${created.body.id}`);
    assert.equal(cancel.status, 204);
    assert.equal(cancel.text, '');
    const right = await session.aep('GET', `/segment/jobs/${created.body.id}`);
    assert.equal(right.body.status, 'CANCELLING');
    await waitFor(async () => ((await session.aep('GET', `/segment/jobs/${created.body.id}`)).body.status === 'CANCELLED' ? true : undefined), 100 * stepMs);
    assert.equal((await session.aep('DELETE', '/segment/jobs/unknown')).status, 404);
  });

  it('fails a job whose definition is not valid PQL (edited behind the API)', async () => {
    const id = '7863c010-e092-41c8-ae5e-9e533186752e';
    const mutated = await call(`${emulator.url}/__emulator/mutate`, { method: 'POST', body: { service: 'aep', id, patch: { expression: { type: 'PQL', format: 'pql/text', value: 'person.birthMonth in [3, 6' } } } });
    assert.equal(mutated.status, 200);
    const created = await session.aep('POST', '/segment/jobs', [{ segmentId: id }]);
    const failed = await waitFor(async () => {
      const answer = await session.aep('GET', `/segment/jobs/${created.body.id}`);
      return answer.body.status === 'FAILED' ? answer.body : undefined;
    }, 100 * stepMs);
    assert.equal(typeof failed.errors[0].code, 'string');
    assert.match(failed.errors[0].msg, /never closed/);
  });

  it('lists jobs with a status filter, paging and property filters; bulk-gets them', async () => {
    const all = await session.aep('GET', '/segment/jobs?limit=1000');
    assert.equal(all.status, 200);
    assert.equal(all.body._page.totalCount, all.body.children.length);
    assert.ok(all.body.children.some((job: { status: string }) => job.status === 'PROCESSING'), 'the demo seed has a running job');
    assert.ok(all.body.children.some((job: { status: string }) => job.status === 'FAILED'));
    const succeeded = await session.aep('GET', '/segment/jobs?status=SUCCEEDED');
    assert.ok(succeeded.body.children.length >= 3);
    assert.ok(succeeded.body.children.every((job: { status: string }) => job.status === 'SUCCEEDED'));

    const page = await session.aep('GET', '/segment/jobs?limit=2');
    assert.equal(page.body._page.pageSize, 2);
    assert.match(page.body._links.next.href, /start=2/);
    const rest = await session.aep('GET', `/segment/jobs?limit=1000&start=2`);
    assert.deepEqual(rest.body._links, { next: {} });

    const bySegment = await session.aep('GET', '/segment/jobs?property=segments~segmentId==b9f6c339-f7f4-4141-b6c7-b562079da47c');
    assert.ok(bySegment.body.children.length >= 2);
    const bySource = await session.aep('GET', '/segment/jobs?property=source==scheduler');
    assert.ok(bySource.body.children.every((job: { source: string }) => job.source === 'scheduler'));

    const ids = page.body.children.map((job: { id: string }) => job.id);
    const bulk = await session.aep('POST', '/segment/jobs/bulk-get', { ids: [...ids, 'nope'].map((id) => ({ id })) });
    assert.equal(bulk.status, 207);
    for (const id of ids) assert.equal(bulk.body.results[id].id, id);
    assert.ok(bulk.body.results.nope.errors['404']);
  });

  it('refuses jobs for unknown definitions and malformed bodies', async () => {
    const unknown = await session.aep('POST', '/segment/jobs', [{ segmentId: 'no-such-definition' }]);
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.title, /no-such-definition/);
    assert.equal((await session.aep('POST', '/segment/jobs', [])).status, 400);
    assert.equal((await session.aep('POST', '/segment/jobs', [{ id: 'x' }])).status, 400);
  });
});

describe('emulator: admin API', () => {
  let emulator: RunningEmulator;
  let session: EmulatorSession;
  before(async () => {
    emulator = await startEmulator({ seed: 'demo', rateLimit: GENEROUS });
    session = new EmulatorSession(emulator);
  });
  after(() => emulator.close());

  const admin = (method: string, path: string, body?: unknown) => call(`${emulator.url}/__emulator${path}`, { method, body });

  it('mutates a CJA segment as someone else (modified moves on)', async () => {
    const id = 's300000938_5f1a2b3c4d5e6f7a8b9c0d02';
    const before_ = await session.cja('GET', `/segments/${id}?expansion=modified`);
    const mutated = await admin('POST', '/mutate', { service: 'cja', id, patch: { name: 'Changed elsewhere' } });
    assert.equal(mutated.status, 200);
    const after_ = await session.cja('GET', `/segments/${id}?expansion=modified`);
    assert.equal(after_.body.name, 'Changed elsewhere');
    assert.ok(Date.parse(after_.body.modified) > Date.parse(before_.body.modified));
    assert.notEqual(after_.body.modifiedById, emulator.credentials.clientId);
    assert.equal((await admin('POST', '/mutate', { service: 'cja', id: 'nope', patch: {} })).status, 404);
    assert.equal((await admin('POST', '/mutate', { service: 'unleash', id, patch: {} })).status, 400);
  });

  it('mutates and deletes an AEP definition as someone else (updateTime moves on)', async () => {
    const id = '4afe34ae-8c98-4513-8a1d-67ccaa54bc05';
    const before_ = await session.aep('GET', `/segment/definitions/${id}`);
    await admin('POST', '/mutate', { service: 'aep', id, patch: { description: 'edited in the UI' } });
    const after_ = await session.aep('GET', `/segment/definitions/${id}`);
    assert.equal(after_.body.description, 'edited in the UI');
    assert.ok(after_.body.updateTime > before_.body.updateTime);
    assert.equal((await admin('POST', '/mutate', { service: 'aep', id, delete: true })).status, 200);
    assert.equal((await session.aep('GET', `/segment/definitions/${id}`)).status, 404);
  });

  it('injects and clears faults, reports stats and resets to the seed', async () => {
    assert.equal((await admin('POST', '/faults', { kind: 'teapot' })).status, 400);
    assert.equal((await admin('POST', '/faults', { kind: '503', pathPrefix: '/segments', times: 2, retryAfterSeconds: 3 })).status, 201);
    const first = await session.cja('GET', '/segments');
    assert.equal(first.status, 503);
    assert.equal(first.headers['retry-after'], '3');
    assert.equal((await admin('DELETE', '/faults')).status, 200);
    assert.equal((await session.cja('GET', '/segments')).status, 200);

    const created = await session.cja('POST', '/segments', { name: 'to be reset', dataId: 'dv_1', definition: VALID_DEFINITION });
    const stats = await admin('GET', '/stats');
    assert.equal(stats.status, 200);
    assert.ok(stats.body.requests >= 3);
    assert.ok(stats.body.byRoute['GET /segments'] >= 2);
    assert.equal(stats.body.byRoute['POST /segments'], 1);

    assert.equal((await admin('POST', '/reset')).status, 200);
    assert.equal((await session.cja('GET', `/segments/${created.body.id}`)).status, 404, 'created data is gone');
    const restored = await session.cja('GET', '/segments/s300000938_5f1a2b3c4d5e6f7a8b9c0d02');
    assert.equal(restored.body.name, 'Landed on Main Landing Page', 'mutations are undone');
    assert.equal((await session.aep('GET', '/segment/definitions/4afe34ae-8c98-4513-8a1d-67ccaa54bc05')).status, 200, 'deleted data is back');
    const afterReset = emulator.stats();
    assert.ok(afterReset.requests <= 3, 'stats start again from zero');
    assert.equal((await admin('GET', '/nothing')).status, 404);
  });
});

describe('emulator: seeds', () => {
  it('generates deterministic bulk data of the requested size', async () => {
    const first = await startEmulator({ seed: { cjaSegments: 2500, aepDefinitions: 300 }, rateLimit: GENEROUS });
    const second = await startEmulator({ seed: { cjaSegments: 2500, aepDefinitions: 300 }, rateLimit: GENEROUS });
    try {
      const a = new EmulatorSession(first);
      const b = new EmulatorSession(second);
      const cjaPage = await a.cja('GET', '/segments?limit=1000&page=2&expansion=definition');
      assert.equal(cjaPage.body.totalElements, 2500);
      assert.equal(cjaPage.body.numberOfElements, 500);
      assert.deepEqual(cjaPage.body, (await b.cja('GET', '/segments?limit=1000&page=2&expansion=definition')).body);
      const aepPage = await a.aep('GET', '/segment/definitions?limit=50&start=100');
      assert.equal(aepPage.body.page.totalCount, 300);
      assert.deepEqual(aepPage.body, (await b.aep('GET', '/segment/definitions?limit=50&start=100')).body);
      for (const segment of cjaPage.body.content.slice(0, 20)) {
        assert.equal((await a.cja('POST', '/segments/validate', segment.definition)).body.valid, true);
      }
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('starts empty with the empty seed', async () => {
    const emulator = await startEmulator({ seed: 'empty', rateLimit: GENEROUS });
    try {
      const session = new EmulatorSession(emulator);
      assert.equal((await session.cja('GET', '/segments')).body.totalElements, 0);
      assert.equal((await session.aep('GET', '/segment/definitions')).body.page.totalCount, 0);
      assert.equal((await session.aep('GET', '/segment/jobs')).body._page.totalCount, 0);
    } finally {
      await emulator.close();
    }
  });
});
