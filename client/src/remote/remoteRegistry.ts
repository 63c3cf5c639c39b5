// The service clients of each connection, created on first use and dropped when the connection changes.
// Every request is logged (method, path, status, time; secrets are redacted by the remote layer).
import * as vscode from 'vscode';
import {
  createServiceClients, type ConnectionConfig, type RequestLogEntry, type ServiceClients,
} from '../../../remote/src/index';
import { adapterFor } from '../../../remote/src/segments/segmentAdapters';
import { SegmentDocuments } from '../../../remote/src/segments/segmentDocuments';
import type { ConnectionStore } from '../connections/connectionStore';

export class RemoteRegistry implements vscode.Disposable {
  private readonly clients = new Map<string, { fingerprint: string; clients: ServiceClients }>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly connections: ConnectionStore, private readonly log: vscode.LogOutputChannel) {
    this.subscription = connections.onDidChange(() => this.dropStale());
  }

  clientsFor(connection: ConnectionConfig): ServiceClients {
    if (!vscode.workspace.isTrusted) {
      throw new Error('Remote connections are disabled in an untrusted workspace. Trust the workspace to use them.');
    }
    const fingerprint = JSON.stringify(connection);
    const cached = this.clients.get(connection.id);
    if (cached && cached.fingerprint === fingerprint) return cached.clients;
    void cached?.clients.close();
    const clients = createServiceClients(connection, this.connections, { onLog: (entry) => this.logRequest(connection, entry) });
    this.clients.set(connection.id, { fingerprint, clients });
    return clients;
  }

  storeFor(connection: ConnectionConfig): SegmentDocuments {
    return new SegmentDocuments(adapterFor(this.clientsFor(connection)));
  }

  private logRequest(connection: ConnectionConfig, entry: RequestLogEntry): void {
    const line = formatLogEntry(connection, entry);
    if (entry.error || (entry.status !== undefined && entry.status >= 400)) this.log.warn(line);
    else this.log.info(line);
  }

  private dropStale(): void {
    for (const [id, cached] of this.clients) {
      const current = this.connections.get(id);
      if (!current || JSON.stringify(current) !== cached.fingerprint) {
        void cached.clients.close();
        this.clients.delete(id);
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    for (const cached of this.clients.values()) void cached.clients.close();
    this.clients.clear();
  }
}

function formatLogEntry(connection: ConnectionConfig, entry: RequestLogEntry): string {
  const parts = [`[${connection.label}]`, entry.method, entry.path, entry.status !== undefined ? String(entry.status) : 'no answer', `${Math.round(entry.durationMs)} ms`];
  if (entry.attempt > 1) parts.push(`attempt ${entry.attempt}`);
  parts.push(`request ${entry.requestId}`);
  if (entry.error) parts.push(`${entry.error.kind}: ${entry.error.message}`);
  return parts.join(' ');
}
