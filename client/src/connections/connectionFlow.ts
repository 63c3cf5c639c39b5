// The Add/Edit Connection flow: a quick pick for the service, input boxes with validation, the secret in a password
// box (stored in SecretStorage only), and a test call before saving.
import * as vscode from 'vscode';
import { checkEndpoint, secretKindFor, type ConnectionConfig, type ServiceKind } from '../../../remote/src/index';
import type { ConnectionStore } from './connectionStore';
import type { RemoteRegistry } from '../remote/remoteRegistry';
import { describeError } from '../../../remote/src/index';

const DEFAULT_BASE_URL: Record<ServiceKind, string> = {
  cja: 'https://cja.adobe.io',
  aep: 'https://platform.adobe.io/data/core/ups',
  unleash: '',
};

/** Arguments accepted by the command for scripted use (tests, the demo): no UI is shown when they are complete. */
export interface ConnectionArgs extends Partial<ConnectionConfig> {
  secret?: string;
  /** Skip the test call. */
  skipTest?: boolean;
}

export async function runConnectionFlow(store: ConnectionStore, registry: RemoteRegistry, existing?: ConnectionConfig, args?: ConnectionArgs): Promise<ConnectionConfig | undefined> {
  const scripted = args && args.service && args.label && args.baseUrl;
  if (scripted) return saveScripted(store, registry, args as ConnectionArgs & ConnectionConfig);

  const service = existing?.service ?? (await pickService());
  if (!service) return undefined;
  const draft: Partial<ConnectionConfig> = { ...existing, service };
  const ask = async (prompt: string, value: string | undefined, validate: (v: string) => string | undefined, placeHolder?: string) =>
    vscode.window.showInputBox({ prompt, value, placeHolder, ignoreFocusOut: true, validateInput: validate });

  const label = await ask('A name for this connection', draft.label, required('a name'));
  if (label === undefined) return undefined;
  const baseUrl = await ask(`${service.toUpperCase()} API base URL`, draft.baseUrl ?? DEFAULT_BASE_URL[service], validateUrl, service === 'unleash' ? 'https://unleash.example.com' : undefined);
  if (baseUrl === undefined) return undefined;
  Object.assign(draft, { label, baseUrl: baseUrl.replace(/\/+$/, '') });
  if (service !== 'unleash') {
    const orgId = await ask('IMS organisation id (…@AdobeOrg)', draft.orgId, (v) => (/@AdobeOrg$/.test(v.trim()) ? undefined : 'An organisation id ends in @AdobeOrg'));
    if (orgId === undefined) return undefined;
    const clientId = await ask('OAuth server-to-server client id (API key)', draft.clientId, required('the client id'));
    if (clientId === undefined) return undefined;
    Object.assign(draft, { orgId: orgId.trim(), clientId: clientId.trim() });
    if (service === 'aep') {
      const sandbox = await ask('Sandbox name (lower-case, e.g. prod)', draft.sandbox ?? 'prod', (v) => (/^[a-z0-9-]+$/.test(v) ? undefined : 'Sandbox names are lower-case letters, digits and dashes'));
      if (sandbox === undefined) return undefined;
      draft.sandbox = sandbox;
    }
  }
  const secretKind = secretKindFor(service);
  const secret = await vscode.window.showInputBox({
    prompt: `${secretKind === 'token' ? 'Admin API token' : 'Client secret'} (kept in VS Code's secret storage${existing ? '; leave empty to keep the stored one' : ''})`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (existing || v.trim() ? undefined : 'Required'),
  });
  if (secret === undefined) return undefined;
  const kind = await vscode.window.showQuickPick(
    [{ label: 'Normal', value: 'normal' }, { label: 'Production', description: 'writes ask for confirmation', value: 'production' }, { label: 'Read-only', description: 'no writes at all', value: 'readOnly' }],
    { title: 'How careful should writes be?', ignoreFocusOut: true },
  );
  if (!kind) return undefined;
  const connection: ConnectionConfig = {
    ...(draft as ConnectionConfig),
    id: existing?.id ?? uniqueId(store, label),
    production: kind.value === 'production' || undefined,
    readOnly: kind.value === 'readOnly' || undefined,
  };
  await store.save(connection);
  if (secret.trim()) await store.storeSecret(connection.id, secretKind, secret.trim());
  const problem = await testConnection(registry, connection);
  if (problem) {
    const choice = await vscode.window.showWarningMessage(`Saved "${connection.label}", but the test call failed: ${problem}`, 'Edit Connection', 'Keep');
    if (choice === 'Edit Connection') return runConnectionFlow(store, registry, connection);
  } else {
    void vscode.window.showInformationMessage(`Connected to "${connection.label}".`);
  }
  return connection;
}

async function saveScripted(store: ConnectionStore, registry: RemoteRegistry, args: ConnectionArgs & ConnectionConfig): Promise<ConnectionConfig> {
  const { secret, skipTest, ...rest } = args;
  checkEndpoint(rest.baseUrl, 'baseUrl');
  const connection: ConnectionConfig = { ...rest, id: rest.id ?? uniqueId(store, rest.label) };
  await store.save(connection);
  if (secret) await store.storeSecret(connection.id, secretKindFor(connection.service), secret);
  if (!skipTest) {
    const problem = await testConnection(registry, connection);
    if (problem) throw new Error(`The test call to "${connection.label}" failed: ${problem}`);
  }
  return connection;
}

/** Lists one item: proves the URL, the credentials and the permissions. Returns the problem, or undefined. */
export async function testConnection(registry: RemoteRegistry, connection: ConnectionConfig): Promise<string | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Testing "${connection.label}"…` }, async () => {
    try {
      await registry.storeFor(connection).list({ pageSize: 1 });
      return undefined;
    } catch (error) {
      return describeError(error);
    }
  });
}

async function pickService(): Promise<ServiceKind | undefined> {
  const pick = await vscode.window.showQuickPick(
    [
      { label: '$(graph) Adobe Customer Journey Analytics', description: 'Segments API', service: 'cja' as const },
      { label: '$(person) Adobe Experience Platform', description: 'Segment definitions and jobs', service: 'aep' as const },
      { label: '$(symbol-boolean) Unleash', description: 'Admin API segments', service: 'unleash' as const },
    ],
    { title: 'Add Connection', placeHolder: 'Which service?', ignoreFocusOut: true },
  );
  return pick?.service;
}

function required(what: string) {
  return (value: string) => (value.trim() ? undefined : `Enter ${what}`);
}

function validateUrl(value: string): string | undefined {
  try {
    checkEndpoint(value.trim(), 'The URL');
    return undefined;
  } catch (error) {
    return describeError(error);
  }
}

function uniqueId(store: ConnectionStore, label: string): string {
  const base = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'connection';
  let id = base;
  for (let n = 2; store.get(id) && n < 1000; n++) id = `${base}-${n}`;
  return id;
}
