// A secret never shows: not in an error message, String(error), JSON of an error, util.inspect of an error, or
// a request-log line, even when a (buggy) server echoes the credentials back in its error bodies.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import {
  createServiceClients,
  HttpTransport,
  redact,
  REDACTED,
  registerSecret,
  SchedulerRegistry,
  type CjaClients,
  type RequestLogEntry,
  type UnleashClients,
} from '../../remote/src/index';

const CLIENT_ID = 'c1i3nt-1d-for-redaction-test';
const CLIENT_SECRET = 'p8Q-very-secret-client-secret-42';
const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZWRhY3Rpb24tdGVzdCJ9.c2lnbmF0dXJlLXBhcnQ';
const UNLEASH_TOKEN = '*:*.unleash-admin-token-abcdef0123456789';
const SECRETS = [CLIENT_ID, CLIENT_SECRET, ACCESS_TOKEN, UNLEASH_TOKEN, encodeURIComponent(CLIENT_SECRET)];

function assertClean(text: string, where: string): void {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${where} leaks ${secret.slice(0, 6)}…: ${text}`);
}

function assertErrorClean(error: unknown): void {
  assert.ok(error instanceof Error);
  assertClean(error.message, 'message');
  assertClean(String(error), 'String(error)');
  assertClean(JSON.stringify(error), 'JSON.stringify(error)');
  assertClean(inspect(error, { depth: 10 }), 'inspect(error)');
  assertClean(error.stack ?? '', 'stack');
}

describe('redact()', () => {
  it('masks authorization headers, bearer tokens, JWTs and secret key/value pairs in text', () => {
    const text = [
      'Authorization: Bearer abc.def.ghi',
      'authorization=sometoken123',
      `grant_type=client_credentials&client_id=x&client_secret=${encodeURIComponent('s3cr3t value')}&scope=openid`,
      '{"access_token":"tok-123456789","token_type":"bearer"}',
      'x-api-key: key-0987654321',
      'here is a jwt eyJhbGciOiJIUzI1NiJ9.eyJhIjoxfQ.sig_nature-1 in prose',
    ].join('\n');
    const out = redact(text);
    for (const leaked of ['abc.def.ghi', 'sometoken123', 's3cr3t', 'tok-123456789', 'key-0987654321', 'eyJhbGciOiJIUzI1NiJ9']) {
      assert.ok(!out.includes(leaked), `${leaked} still in ${out}`);
    }
    assert.ok(out.includes('grant_type=client_credentials'), 'ordinary text stays');
    assert.ok(out.includes(REDACTED));
  });

  it('masks secret headers and keys in objects without changing the original', () => {
    const headers = { Authorization: 'Bearer xyz', 'x-api-key': 'abc', 'content-type': 'application/json', nested: { clientSecret: 'shh', list: [{ token: 't' }] } };
    const out = redact(headers);
    assert.deepEqual(out, {
      Authorization: REDACTED,
      'x-api-key': REDACTED,
      'content-type': 'application/json',
      nested: { clientSecret: REDACTED, list: [{ token: REDACTED }] },
    });
    assert.equal(headers.Authorization, 'Bearer xyz');
  });

  it('masks registered runtime secrets anywhere, also URL-encoded', () => {
    const secret = 'runtime secret/with+chars~';
    registerSecret(secret);
    assert.equal(redact(`a ${secret} b`), `a ${REDACTED} b`);
    assert.equal(redact(`/path/${encodeURIComponent(secret)}`), `/path/${REDACTED}`);
    assert.equal(redact(new URLSearchParams({ q: secret }).toString()), `q=${REDACTED}`);
  });

  it('stays bounded on deep or cyclic values', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 100; i++) deep = (deep.next = {}) as Record<string, unknown>;
    assert.doesNotThrow(() => redact(cyclic));
    assert.doesNotThrow(() => redact(root));
  });
});

describe('no secret in errors or logs (echoing server)', () => {
  let server: Server;
  let url: string;
  let transport: HttpTransport;
  const logLines: string[] = [];

  before(async () => {
    // A deliberately indiscreet server: it echoes credentials in its error bodies.
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const send = (status: number, value: unknown): void => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(value));
        };
        const path = req.url ?? '/';
        if (path.includes('/ims/token/v3')) {
          if (body.includes(`client_secret=${encodeURIComponent(CLIENT_SECRET)}`) && !path.includes('fail')) {
            return send(200, { access_token: ACCESS_TOKEN, token_type: 'bearer', expires_in: 3600 });
          }
          return send(401, { error: 'invalid_client', error_description: `bad credentials in ${body}` });
        }
        if (path.startsWith('/reset')) return req.socket.destroy();
        if (path.startsWith('/api/admin/segments')) {
          return send(400, { name: 'BadDataError', message: `token ${String(req.headers.authorization)} refused`, details: [{ message: `echo ${String(req.headers.authorization)}` }] });
        }
        return send(400, {
          errorCode: 'invalid_parameters',
          errorDescription: `header authorization was ${String(req.headers.authorization)}, key ${String(req.headers['x-api-key'])}`,
          errorId: 'echo-1',
          errorDetails: { body },
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    transport = new HttpTransport({ onLog: (entry: RequestLogEntry) => logLines.push(JSON.stringify(entry)) });
  });

  after(async () => {
    await transport?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    for (const line of logLines) assertClean(line, 'log line');
  });

  const cja = (baseUrl: string, imsUrl: string, secret = CLIENT_SECRET): CjaClients =>
    createServiceClients(
      { id: 'echo', label: 'Echo', service: 'cja', baseUrl, imsUrl, orgId: 'ORG@AdobeOrg', clientId: CLIENT_ID },
      { getSecret: async () => secret },
      { transport, schedulers: new SchedulerRegistry({ baseBackoffMs: 5, maxBackoffMs: 10, maxRetries: 1 }), tokenProviders: new Map() },
    ) as CjaClients;

  it('a service error that echoes the bearer token and API key', async () => {
    const clients = cja(url, url);
    // The query carries the secret too (as user data): the logged path must not show it.
    const error = await clients.cja.listSegments({ name: CLIENT_SECRET }).then(() => undefined, (e: unknown) => e);
    assertErrorClean(error);
    assert.match(String(error), /CJA answered 400/);
    assert.match(String(error), /\[REDACTED\]/);
  });

  it('an IMS error that echoes the form body with the client secret', async () => {
    const clients = cja(url, `${url}/fail`, CLIENT_SECRET);
    const error = await clients.cja.listSegments().then(() => undefined, (e: unknown) => e);
    assertErrorClean(error);
    assert.match(String(error), /Adobe IMS answered 401/);
  });

  it('a network error and an Unleash error echoing its token', async () => {
    const resetting = cja(`${url}/reset`, url);
    const networkError = await resetting.cja.listSegments().then(() => undefined, (e: unknown) => e);
    assertErrorClean(networkError);

    const unleash = createServiceClients(
      { id: 'echo-unleash', label: 'Echo Unleash', service: 'unleash', baseUrl: url },
      { getSecret: async () => UNLEASH_TOKEN },
      { transport, schedulers: new SchedulerRegistry(), tokenProviders: new Map() },
    ) as UnleashClients;
    const unleashError = await unleash.unleash.listSegments().then(() => undefined, (e: unknown) => e);
    assertErrorClean(unleashError);
    assert.match(String(unleashError), /Unleash answered 400/);
  });

  it('logged every request, redacted', () => {
    assert.ok(logLines.length >= 4);
    assert.ok(logLines.some((line) => line.includes(REDACTED)), 'the query with the secret was masked in the log');
  });
});
