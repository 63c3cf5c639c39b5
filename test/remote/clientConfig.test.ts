// Connection configuration: the CLI's connections file (JSON with comments, checked by schema and rules),
// secrets from environment variables, and createServiceClients choosing the right clients.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  createServiceClients,
  EnvSecretSource,
  loadConnectionsFile,
  SchedulerRegistry,
  secretEnvName,
  type ConnectionConfig,
} from '../../remote/src/index';

describe('connections file', () => {
  let folder: string;
  const write = async (name: string, text: string): Promise<string> => {
    const path = join(folder, name);
    await writeFile(path, text);
    return path;
  };

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'sw-config-'));
  });

  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads connections from JSON with comments and trailing commas; the label defaults to the id', async () => {
    await write(
      'segment-workbench.config.json',
      `{
        // production CJA
        "connections": [
          { "id": "prod-cja", "service": "cja", "baseUrl": "https://cja.adobe.io", "orgId": "ORG@AdobeOrg", "clientId": "abc",
            "production": true, "rateLimit": { "perMinute": 60, "concurrent": 6 } },
          { "id": "flags", "label": "Feature flags", "service": "unleash", "baseUrl": "http://127.0.0.1:4242", },
        ],
      }`,
    );
    const connections = await loadConnectionsFile('segment-workbench.config.json', folder);
    assert.deepEqual(connections.map((c) => [c.id, c.label, c.service]), [
      ['prod-cja', 'prod-cja', 'cja'],
      ['flags', 'Feature flags', 'unleash'],
    ]);
    assert.equal(connections[0].production, true);
  });

  const rejects: Array<[string, string, RegExp]> = [
    ['a secret in the file', '{"connections":[{"id":"a","service":"unleash","baseUrl":"https://u.example","token":"abc"}]}', /Secrets never go in the config file/],
    ['an unknown service', '{"connections":[{"id":"a","service":"launchdarkly","baseUrl":"https://x.example"}]}', /service must be equal to one of the allowed values \(cja, aep, unleash\)/],
    ['plain http to another host', '{"connections":[{"id":"a","service":"unleash","baseUrl":"http://unleash.example.com"}]}', /loopback/],
    ['a duplicate id', '{"connections":[{"id":"a","service":"unleash","baseUrl":"https://u.example"},{"id":"a","service":"unleash","baseUrl":"https://v.example"}]}', /defined twice/],
    ['an Adobe connection without organisation', '{"connections":[{"id":"a","service":"cja","baseUrl":"https://cja.adobe.io","clientId":"x"}]}', /needs orgId/],
    ['an AEP connection without sandbox', '{"connections":[{"id":"a","service":"aep","baseUrl":"https://platform.adobe.io/data/core/ups","clientId":"x","orgId":"O"}]}', /needs sandbox/],
    ['an unknown property', '{"connections":[{"id":"a","service":"unleash","baseUrl":"https://u.example","colour":"red"}]}', /must NOT have additional properties/],
    ['broken JSON', '{"connections": [', /not valid JSON/],
  ];
  for (const [label, text, message] of rejects) {
    it(`refuses ${label}`, async () => {
      const path = await write('bad.json', text);
      await assert.rejects(loadConnectionsFile(path), (error: unknown) => error instanceof ConfigError && message.test(error.message));
    });
  }

  it('says how to create the file when it is missing', async () => {
    await assert.rejects(loadConnectionsFile('missing.json', folder), /Create segment-workbench\.config\.json/);
  });
});

describe('secrets and clients', () => {
  it('maps connection ids to environment variable names', () => {
    assert.equal(secretEnvName('prod-cja', 'clientSecret'), 'SEGMENT_WORKBENCH_PROD_CJA_CLIENT_SECRET');
    assert.equal(secretEnvName('flags.eu', 'token'), 'SEGMENT_WORKBENCH_FLAGS_EU_TOKEN');
  });

  it('reads secrets from the given environment only', async () => {
    const source = new EnvSecretSource({ SEGMENT_WORKBENCH_FLAGS_TOKEN: ' abc ', SEGMENT_WORKBENCH_EMPTY_TOKEN: '' });
    assert.equal(await source.getSecret('flags', 'token'), 'abc');
    assert.equal(await source.getSecret('flags', 'clientSecret'), undefined);
    assert.equal(await source.getSecret('empty', 'token'), undefined);
    assert.match(source.describe('flags', 'token'), /SEGMENT_WORKBENCH_FLAGS_TOKEN/);
  });

  it('creates the clients of each service; one scheduler per organisation and origin, the strictest limits win', () => {
    const schedulers = new SchedulerRegistry();
    const secrets = new EnvSecretSource({});
    const base: Omit<ConnectionConfig, 'id' | 'service' | 'baseUrl'> = { label: 'x', orgId: 'ORG@AdobeOrg', clientId: 'client' };
    const cja = createServiceClients({ ...base, id: 'c', service: 'cja', baseUrl: 'https://cja.adobe.io', rateLimit: { perMinute: 60, concurrent: 6 } }, secrets, { schedulers });
    const cja2 = createServiceClients({ ...base, id: 'c2', service: 'cja', baseUrl: 'https://cja.adobe.io', rateLimit: { perMinute: 30, concurrent: 8 } }, secrets, { schedulers });
    const aep = createServiceClients({ ...base, id: 'a', service: 'aep', baseUrl: 'https://platform.adobe.io/data/core/ups', sandbox: 'prod' }, secrets, { schedulers });
    const unleash = createServiceClients({ id: 'u', label: 'u', service: 'unleash', baseUrl: 'https://unleash.example.com' }, secrets, { schedulers });
    assert.equal(cja.service, 'cja');
    assert.ok('cja' in cja);
    assert.equal(aep.service, 'aep');
    assert.ok('definitions' in aep && 'jobs' in aep);
    assert.equal(unleash.service, 'unleash');
    assert.equal(cja.scheduler, cja2.scheduler, 'same organisation and origin share a scheduler');
    assert.deepEqual(cja.scheduler.limits, { perMinute: 30, concurrent: 6 });
    assert.notEqual(cja.scheduler, aep.scheduler);
    assert.throws(
      () => createServiceClients({ id: 'a2', label: 'x', service: 'aep', baseUrl: 'https://platform.adobe.io/data/core/ups', orgId: 'O', clientId: 'c' }, secrets),
      /needs "sandbox"/,
    );
  });
});
