// Connections live in the application-scoped setting `segmentWorkbench.connections` (non-secret parts only) and
// their secrets in SecretStorage. Environment variables are a fallback for secrets (CI, the demo), never settings.
import * as vscode from 'vscode';
import { SETTINGS_PREFIX, Settings } from '../../../server/src/protocol';
import {
  EnvSecretSource, secretKindFor, type ConnectionConfig, type SecretKind, type SecretSource,
} from '../../../remote/src/index';

export class ConnectionStore implements SecretSource, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly env = new EnvSecretSource(process.env);
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SETTINGS_PREFIX}.${Settings.connections}`)) this.changed.fire();
      }),
      secrets.onDidChange(() => this.changed.fire()),
    );
  }

  list(): ConnectionConfig[] {
    // Only the user (global) value counts: a workspace must never be able to add or redirect a connection.
    const inspected = vscode.workspace.getConfiguration(SETTINGS_PREFIX).inspect<ConnectionConfig[]>(Settings.connections);
    const value = inspected?.globalValue ?? inspected?.defaultValue ?? [];
    return Array.isArray(value) ? value.filter((c) => c && typeof c.id === 'string' && typeof c.service === 'string') : [];
  }

  get(id: string): ConnectionConfig | undefined {
    return this.list().find((c) => c.id === id);
  }

  async save(connection: ConnectionConfig): Promise<void> {
    const others = this.list().filter((c) => c.id !== connection.id);
    await this.write([...others, stripUndefined(connection)]);
  }

  async remove(id: string): Promise<void> {
    await this.write(this.list().filter((c) => c.id !== id));
    await this.signOut(id);
  }

  async signOut(id: string): Promise<void> {
    for (const kind of ['clientSecret', 'token'] as SecretKind[]) await this.secrets.delete(secretKey(id, kind));
  }

  async storeSecret(id: string, kind: SecretKind, value: string): Promise<void> {
    await this.secrets.store(secretKey(id, kind), value);
  }

  async hasSecret(connection: ConnectionConfig): Promise<boolean> {
    return !!(await this.getSecret(connection.id, secretKindFor(connection.service)));
  }

  async getSecret(connectionId: string, kind: SecretKind): Promise<string | undefined> {
    return (await this.secrets.get(secretKey(connectionId, kind))) ?? (await this.env.getSecret(connectionId, kind));
  }

  describe(connectionId: string, kind: SecretKind): string {
    return `run "Segment Workbench: Edit Connection…" to store it, or ${this.env.describe(connectionId, kind)}`;
  }

  private async write(connections: ConnectionConfig[]): Promise<void> {
    await vscode.workspace.getConfiguration(SETTINGS_PREFIX).update(Settings.connections, connections, vscode.ConfigurationTarget.Global);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function secretKey(connectionId: string, kind: SecretKind): string {
  return `segmentWorkbench:${connectionId}:${kind}`;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}
