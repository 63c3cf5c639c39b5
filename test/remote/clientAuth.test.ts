// Adobe IMS token handling: caching, one shared request for concurrent callers, refresh before expiry,
// one refresh and retry on 401, and the errors for bad or missing credentials.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type RunningEmulator } from '../../emulator/src/index';
import {
  ConfigError,
  createServiceClients,
  EnvSecretSource,
  HttpTransport,
  ImsTokenProvider,
  SchedulerRegistry,
  ServiceError,
  type CjaClients,
  type ConnectionConfig,
  type SecretSource,
} from '../../remote/src/index';

const TOKEN_ROUTE = 'POST /ims/token/v3';

describe('Adobe IMS authentication (emulator)', () => {
  let emulator: RunningEmulator;
  let transport: HttpTransport;
  let connection: ConnectionConfig;
  let secrets: SecretSource;

  const tokenRequests = (): number => emulator.stats().byRoute[TOKEN_ROUTE] ?? 0;
  const freshClients = (overrides: Partial<ConnectionConfig> = {}, secretSource: SecretSource = secrets): CjaClients =>
    createServiceClients({ ...connection, ...overrides }, secretSource, {
      transport,
      schedulers: new SchedulerRegistry(),
      tokenProviders: new Map(),
    }) as CjaClients;

  before(async () => {
    emulator = await startEmulator({ seed: 'demo', rateLimit: { perMinute: 6000, concurrent: 6 } });
    transport = new HttpTransport();
    const { clientId, clientSecret, orgId, scopes } = emulator.credentials;
    secrets = { getSecret: async () => clientSecret };
    connection = {
      id: 'emu-cja',
      label: 'Emulator CJA',
      service: 'cja',
      baseUrl: emulator.url,
      imsUrl: emulator.url,
      orgId,
      clientId,
      scopes: scopes.split(','),
      rateLimit: { perMinute: 6000, concurrent: 6 },
    };
  });

  beforeEach(() => emulator.reset());

  after(async () => {
    await transport?.close();
    await emulator?.close();
  });

  it('sends a form-encoded client-credentials request once and reuses the token', async () => {
    const clients = freshClients();
    await clients.cja.listSegments({ limit: 1 });
    await clients.cja.listSegments({ limit: 1 });
    await clients.cja.getSegment('s300000938_5f1a2b3c4d5e6f7a8b9c0d01');
    assert.equal(tokenRequests(), 1);
    assert.equal(clients.tokens.tokenRequests, 1);
  });

  it('shares one token request among concurrent callers', async () => {
    const clients = freshClients();
    await Promise.all(Array.from({ length: 12 }, () => clients.cja.listSegments({ limit: 1 })));
    assert.equal(tokenRequests(), 1);
  });

  it('refreshes a token shortly before it expires (clock-driven)', async () => {
    let now = 1_000_000;
    const provider = new ImsTokenProvider({
      imsUrl: emulator.url,
      clientId: emulator.credentials.clientId,
      scopes: emulator.credentials.scopes.split(','),
      getClientSecret: async () => emulator.credentials.clientSecret,
      transport,
      now: () => now,
    });
    const first = await provider.getToken();
    now += 60 * 60_000; // an hour later: still valid (IMS tokens last about 24 h)
    assert.equal(await provider.getToken(), first);
    assert.equal(provider.tokenRequests, 1);
    now += 22 * 60 * 60_000 + 57 * 60_000; // 23 h 57 min: not expired yet, but within the refresh margin
    const second = await provider.getToken();
    assert.notEqual(second, first);
    assert.equal(provider.tokenRequests, 2);
  });

  it('on a 401 drops the token, fetches one new token and retries once (shared by concurrent 401s)', async () => {
    const clients = freshClients();
    await clients.cja.listSegments({ limit: 1 });
    assert.equal(tokenRequests(), 1);
    emulator.revokeTokens();
    const pages = await Promise.all(Array.from({ length: 6 }, () => clients.cja.listSegments({ limit: 1 })));
    assert.equal(pages.length, 6);
    assert.equal(tokenRequests(), 2, 'one new token for all the 401s');
    // Requests that started after the refresh used the new token at once; each of the others retried once.
    const refreshes = clients.scheduler.stats().authRefreshes;
    assert.ok(refreshes >= 1 && refreshes <= 6, `${refreshes} retries after a 401`);
    assert.equal(emulator.stats().byRoute['GET /segments'], 1 + 6 + refreshes);
  });

  it('gives up after one refresh when the service keeps answering 401', async () => {
    let apiRequests = 0;
    const server: Server = createServer((_req, res) => {
      apiRequests += 1;
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error_code: '401013', message: 'Oauth token is not valid' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const clients = freshClients({ baseUrl: `http://127.0.0.1:${port}` });
      await assert.rejects(clients.cja.listSegments(), (error: unknown) => {
        assert.ok(error instanceof ServiceError);
        assert.equal(error.status, 401);
        assert.equal(error.code, '401013');
        assert.equal(error.serviceMessage, 'Oauth token is not valid');
        return true;
      });
      assert.equal(apiRequests, 2, 'the first try and one retry with a fresh token');
      assert.equal(tokenRequests(), 2);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('reports a rejected client secret as an IMS ServiceError without retrying', async () => {
    const clients = freshClients({}, { getSecret: async () => 'wrong-secret-value-123' });
    await assert.rejects(clients.cja.listSegments(), (error: unknown) => {
      assert.ok(error instanceof ServiceError);
      assert.equal(error.service, 'ims');
      assert.equal(error.status, 401);
      assert.equal(error.code, 'invalid_client');
      assert.match(error.message, /Adobe IMS answered 401/);
      assert.doesNotMatch(error.message, /wrong-secret-value-123/);
      return true;
    });
    assert.equal(tokenRequests(), 1);
  });

  it('names the environment variable when the secret is missing', async () => {
    const clients = freshClients({ id: 'prod-cja' }, new EnvSecretSource({}));
    await assert.rejects(clients.cja.listSegments(), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /SEGMENT_WORKBENCH_PROD_CJA_CLIENT_SECRET/);
      return true;
    });
    assert.equal(tokenRequests(), 0);
  });

  it('sends the AEP sandbox header (a wrong sandbox is refused by the service)', async () => {
    const { clientId, orgId, scopes } = emulator.credentials;
    const aep = createServiceClients(
      { id: 'emu-aep', label: 'AEP', service: 'aep', baseUrl: `${emulator.url}/data/core/ups`, imsUrl: emulator.url, orgId, clientId, sandbox: 'not-a-sandbox', scopes: scopes.split(',') },
      secrets,
      { transport, schedulers: new SchedulerRegistry(), tokenProviders: new Map() },
    );
    assert.equal(aep.service, 'aep');
    if (aep.service !== 'aep') return;
    await assert.rejects(aep.definitions.listDefinitions(), (error: unknown) => error instanceof ServiceError && error.status === 403 && /not-a-sandbox/.test(error.serviceMessage ?? ''));
  });
});
