// The transport and error layer on their own: which URLs are allowed, connection reuse, the request log,
// timeouts, cancellation, and reading the service's message from every documented error body shape.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CancelledError,
  checkEndpoint,
  ConfigError,
  createServiceClients,
  HttpTransport,
  NetworkError,
  readErrorBody,
  SchedulerRegistry,
  ServiceError,
  TimeoutError,
  type CjaClients,
  type RequestLogEntry,
} from '../../remote/src/index';

describe('endpoint policy', () => {
  it('allows https anywhere and http only on loopback', () => {
    for (const ok of ['https://cja.adobe.io', 'https://platform.adobe.io/data/core/ups', 'http://127.0.0.1:4242', 'http://127.8.9.10', 'http://localhost:3000', 'http://[::1]:8080/x']) {
      assert.doesNotThrow(() => checkEndpoint(ok), ok);
    }
    for (const bad of ['http://cja.adobe.io', 'http://10.0.0.1', 'http://128.0.0.1', 'http://127.0.0.1.example.com', 'ftp://127.0.0.1', 'not a url', 'https://user:pw@cja.adobe.io']) {
      assert.throws(() => checkEndpoint(bad), ConfigError, bad);
    }
    assert.throws(() => checkEndpoint('http://unleash.example.com'), /only allowed for loopback/);
  });

  it('refuses a non-loopback http connection before anything is sent', async () => {
    assert.throws(
      () => createServiceClients({ id: 'x', label: 'x', service: 'unleash', baseUrl: 'http://unleash.example.com' }, { getSecret: async () => 'token-123456' }),
      ConfigError,
    );
    const transport = new HttpTransport();
    await assert.rejects(transport.request({ method: 'GET', url: new URL('http://192.0.2.1/') }), ConfigError);
    await transport.close();
  });
});

describe('error bodies: the service message from every documented shape', () => {
  const cases: Array<[string, string, { message?: string; code?: string; requestId?: string; details?: string[] }]> = [
    ['Adobe gateway', '{"error_code":"403010","message":"Oauth token is missing."}', { message: 'Oauth token is missing.', code: '403010' }],
    ['AEP RFC 7807-like', '{"type":"/placeholder/type/uri","status":400,"title":"BadRequestError","detail":"A valid content-type must be specified"}', { message: 'A valid content-type must be specified', code: 'BadRequestError' }],
    [
      'AEP segmentation errors map',
      '{"requestId":"req-1","errors":{"400":[{"code":"UPAPI-113434-400","message":"name is a mandatory field."},{"code":"UPAPI-113434-400","message":"expression is a mandatory field."}]},"type":"https://ns.adobe.com/aep/errors/UPAPI-113434-400","title":"name is a mandatory field.","status":400}',
      { message: 'name is a mandatory field.', code: 'UPAPI-113434-400', requestId: 'req-1', details: ['expression is a mandatory field.'] },
    ],
    ['CJA ErrorStatus', '{"errorCode":"invalid_parameters","errorDescription":"limit must be a whole number","errorId":"e-42"}', { message: 'limit must be a whole number', code: 'invalid_parameters', requestId: 'e-42' }],
    ['IMS', '{"error":"invalid_client","error_description":"invalid client_secret parameter"}', { message: 'invalid client_secret parameter', code: 'invalid_client' }],
    [
      'Unleash schema error',
      '{"id":"abc","name":"BadDataError","message":"Request validation failed","details":[{"message":"The `/body/name` property must be a string.","path":"/body/name"}]}',
      { message: 'Request validation failed', code: 'BadDataError', details: ['The `/body/name` property must be a string.'] },
    ],
    ['Unleash service error', '{"name":"NameExistsError","message":"Segment name already exists","details":[{"message":"Segment name already exists"}]}', { message: 'Segment name already exists', code: 'NameExistsError', details: [] }],
    ['empty body', '', { message: undefined, details: [] }],
    ['plain text', 'upstream connect error', { message: 'upstream connect error', details: [] }],
    ['HTML page', '<!DOCTYPE html><html><body>Bad gateway</body></html>', { message: undefined, details: [] }],
  ];
  for (const [label, body, expected] of cases) {
    it(label, () => {
      const info = readErrorBody(body);
      assert.equal(info.message, expected.message);
      if ('code' in expected) assert.equal(info.code, expected.code);
      if ('requestId' in expected) assert.equal(info.requestId, expected.requestId);
      if (expected.details) assert.deepEqual(info.details, expected.details);
    });
  }

  it('an empty error body still gives a clear message', () => {
    const error = new ServiceError({ service: 'unleash', method: 'DELETE', path: '/api/admin/segments/3', status: 409, requestId: 'r1' });
    assert.equal(error.message, 'Unleash answered 409 Conflict (DELETE /api/admin/segments/3, request id r1)');
  });
});

describe('HttpTransport (local server)', () => {
  let server: Server;
  let base: string;
  let connections = 0;
  const logs: RequestLogEntry[] = [];
  let transport: HttpTransport;

  before(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/slow') {
        const timer = setTimeout(() => res.end('{}'), 2000);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      if (url.pathname === '/drip') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"a":');
        const timer = setTimeout(() => res.end('1}'), 2000);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'server-id-1' });
      res.end(JSON.stringify({ ok: true, echo: req.headers['x-request-id'] }));
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    transport = new HttpTransport({ onLog: (entry) => logs.push(entry), bodyTimeoutMs: 300 });
  });

  after(async () => {
    await transport?.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('reuses connections for sequential requests and logs method, path, status, duration and request id', async () => {
    connections = 0;
    logs.length = 0;
    for (let i = 0; i < 10; i++) {
      const response = await transport.request({ method: 'GET', url: new URL(`${base}/ok?i=${i}`), service: 'cja' });
      assert.equal(response.status, 200);
      assert.equal(response.requestId, 'server-id-1', "the server's x-request-id wins");
      assert.match(JSON.parse(response.text).echo, /^[0-9a-f-]{36}$/, 'a request id is sent');
    }
    // undici's pool may open a second socket while the first is being released; never one per request.
    assert.ok(connections <= 2, `${connections} connections for 10 requests`);
    assert.equal(logs.length, 10);
    assert.deepEqual(
      { method: logs[0].method, path: logs[0].path, status: logs[0].status, requestId: logs[0].requestId, service: logs[0].service },
      { method: 'GET', path: '/ok?i=0', status: 200, requestId: 'server-id-1', service: 'cja' },
    );
    assert.ok(logs[0].durationMs >= 0);
  });

  it('times out a slow answer with a TimeoutError', async () => {
    const begin = Date.now();
    await assert.rejects(transport.request({ method: 'GET', url: new URL(`${base}/slow`), timeoutMs: 150 }), (error: unknown) => {
      assert.ok(error instanceof TimeoutError);
      assert.equal(error.phase, 'total');
      return true;
    });
    assert.ok(Date.now() - begin < 1500);
  });

  it('times out a body that stops arriving (body timeout)', async () => {
    await assert.rejects(transport.request({ method: 'GET', url: new URL(`${base}/drip`) }), (error: unknown) => error instanceof TimeoutError && error.phase === 'body');
  });

  it('cancels an in-flight request with an AbortSignal', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(transport.request({ method: 'GET', url: new URL(`${base}/slow`), signal: controller.signal }), CancelledError);
    const aborted = AbortSignal.abort();
    await assert.rejects(transport.request({ method: 'GET', url: new URL(`${base}/ok`), signal: aborted }), CancelledError);
  });

  it('cancels a client call queued behind others', async () => {
    const clients = createServiceClients(
      { id: 'local', label: 'local', service: 'unleash', baseUrl: base, rateLimit: { concurrent: 1, perMinute: 600 } },
      { getSecret: async () => 'token-abcdef' },
      { transport, schedulers: new SchedulerRegistry(), tokenProviders: new Map(), timeoutMs: 1000 },
    );
    assert.equal(clients.service, 'unleash');
    if (clients.service !== 'unleash') return;
    const blocker = clients.unleash.getSegment(1).catch((e: unknown) => e);
    const controller = new AbortController();
    const queued = clients.unleash.listSegments({ signal: controller.signal });
    controller.abort();
    await assert.rejects(queued, CancelledError);
    await blocker;
  });

  it('reports a refused connection as a NetworkError that never reached the server', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await assert.rejects(transport.request({ method: 'POST', url: new URL(`http://127.0.0.1:${port}/x`), body: '{}' }), (error: unknown) => {
      assert.ok(error instanceof NetworkError);
      assert.equal(error.requestSent, false);
      assert.equal(error.code, 'ECONNREFUSED');
      return true;
    });
  });

  it('unknown list shapes are errors, not silently empty lists', async () => {
    const clients = createServiceClients(
      { id: 'odd', label: 'odd', service: 'cja', baseUrl: base, imsUrl: base, orgId: 'O@AdobeOrg', clientId: 'client-123' },
      { getSecret: async () => 'secret-123456' },
      { transport, schedulers: new SchedulerRegistry(), tokenProviders: new Map() },
    ) as CjaClients;
    // The local server answers {ok: true} to everything (also to the token request: no access_token there).
    await assert.rejects(clients.cja.listSegments(), (error: unknown) => error instanceof ServiceError && /access_token/.test(error.message));
  });
});
