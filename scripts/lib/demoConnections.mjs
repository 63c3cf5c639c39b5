// The demo's connections: their non-secret parts go into the editor's user settings (and the CLI's config file in
// the workspace copy); their secrets only into environment variables, which the extension reads as a fallback for
// SecretStorage (remote/src/connections/envSecretSource.ts).
import { readFileSync, writeFileSync } from 'node:fs';

/** Same rule as secretEnvName() in remote/src/connections/envSecretSource.ts (test/cli/demo.test.ts checks they agree). */
export function secretEnvName(connectionId, kind) {
  const suffix = kind === 'token' ? 'TOKEN' : 'CLIENT_SECRET';
  return `SEGMENT_WORKBENCH_${connectionId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${suffix}`;
}

/**
 * @param {{url: string, credentials: {clientId: string, clientSecret: string, orgId: string, sandbox: string}}} emulator
 * @param {{url: string, adminToken: string} | undefined} unleash
 * @returns {{connections: object[], secrets: Record<string, string>}}
 */
export function demoConnections(emulator, unleash) {
  const { clientId, clientSecret, orgId, sandbox } = emulator.credentials;
  const adobe = { imsUrl: emulator.url, orgId, clientId };
  const connections = [
    { id: 'demo-cja', label: 'Demo CJA', service: 'cja', baseUrl: emulator.url, ...adobe },
    // Marked production: saving, deleting or running a job asks for confirmation first.
    { id: 'demo-aep', label: 'Demo AEP', service: 'aep', baseUrl: `${emulator.url}/data/core/ups`, ...adobe, sandbox, production: true },
  ];
  const secrets = {
    [secretEnvName('demo-cja', 'clientSecret')]: clientSecret,
    [secretEnvName('demo-aep', 'clientSecret')]: clientSecret,
  };
  if (unleash) {
    connections.push({ id: 'demo-unleash', label: 'Demo Unleash', service: 'unleash', baseUrl: unleash.url });
    secrets[secretEnvName('demo-unleash', 'token')] = unleash.adminToken;
  }
  return { connections, secrets };
}

/** Points the workspace copy's segment-workbench.config.json (for the CLI) at this run's URLs; it holds no secret. */
export function writeCliConfig(file, connections) {
  const header = readFileSync(file, 'utf8').split('\n').filter((line) => line.startsWith('//')).join('\n');
  const body = JSON.stringify({ connections }, null, 2);
  writeFileSync(file, `${header ? `${header}\n` : ''}${body}\n`);
}
