// What every remote command shares: the connections file, choosing a connection, opening its clients (one
// transport, schedulers and token cache per CLI run), the write guard and output helpers.
import { join } from 'node:path';
import {
  CONFIG_FILE_NAME,
  ConfigError,
  createServiceClients,
  EnvSecretSource,
  HttpTransport,
  loadConnectionsFile,
  SchedulerRegistry,
  type ConnectionConfig,
  type ImsTokenProvider,
  type RequestLogEntry,
  type ServiceClients,
  type ServiceKind,
} from '../../../remote/src/index';
import type { CliIo } from '../io';
import { adapterFor, type SegmentAdapter } from '../../../remote/src/segments/segmentAdapters';

export type OutputFormat = 'text' | 'json';

export interface CommonOptions {
  config?: string;
  connection?: string;
  format: OutputFormat;
  verbose: boolean;
  yes: boolean;
}

export interface Opened {
  connection: ConnectionConfig;
  clients: ServiceClients;
  adapter: SegmentAdapter;
}

function describeLog(entry: RequestLogEntry): string {
  const outcome = entry.status !== undefined ? String(entry.status) : `failed (${entry.error?.kind ?? 'error'})`;
  const retry = entry.attempt > 1 ? ` attempt ${entry.attempt}` : '';
  return `${entry.method} ${entry.path} -> ${outcome} in ${Math.round(entry.durationMs)} ms [${entry.requestId}]${retry}\n`;
}

export class CommandContext {
  readonly signal: AbortSignal;
  private connections: ConnectionConfig[] | undefined;
  private readonly opened = new Map<string, Opened>();
  private readonly transport: HttpTransport;
  private readonly schedulers = new SchedulerRegistry();
  private readonly tokenProviders = new Map<string, ImsTokenProvider>();

  constructor(
    readonly io: CliIo,
    readonly options: CommonOptions,
    signal: AbortSignal,
  ) {
    this.signal = signal;
    this.transport = new HttpTransport({ onLog: options.verbose ? (entry) => io.stderr(describeLog(entry)) : undefined });
  }

  get format(): OutputFormat {
    return this.options.format;
  }

  private async loadConnections(): Promise<ConnectionConfig[]> {
    this.connections ??= await loadConnectionsFile(this.options.config ?? join(this.io.cwd, CONFIG_FILE_NAME), this.io.cwd);
    return this.connections;
  }

  /** The connection named by --connection, else the only one (of `service`, when given). */
  async chooseConnection(service?: ServiceKind): Promise<ConnectionConfig> {
    const connections = await this.loadConnections();
    const ids = connections.map((c) => `${c.id} (${c.service})`).join(', ') || 'none';
    if (this.options.connection) {
      const found = connections.find((c) => c.id === this.options.connection);
      if (!found) throw new ConfigError(`No connection "${this.options.connection}" in the connections file (known: ${ids}).`);
      if (service && found.service !== service) {
        throw new ConfigError(`Connection "${found.id}" is a ${found.service} connection; this needs a ${service} connection.`);
      }
      return found;
    }
    const candidates = service ? connections.filter((c) => c.service === service) : connections;
    if (candidates.length === 1) return candidates[0];
    if (candidates.length === 0) throw new ConfigError(`No ${service ? `${service} ` : ''}connection is configured (known: ${ids}).`);
    throw new ConfigError(`Several ${service ? `${service} ` : ''}connections are configured: choose one with --connection (${candidates.map((c) => c.id).join(', ')}).`);
  }

  /** Clients for a connection, created once per run. */
  open(connection: ConnectionConfig): Opened {
    let opened = this.opened.get(connection.id);
    if (!opened) {
      const clients = createServiceClients(connection, new EnvSecretSource(this.io.env), {
        transport: this.transport,
        schedulers: this.schedulers,
        tokenProviders: this.tokenProviders,
      });
      opened = { connection, clients, adapter: adapterFor(clients) };
      this.opened.set(connection.id, opened);
    }
    return opened;
  }

  async openFor(service?: ServiceKind): Promise<Opened> {
    return this.open(await this.chooseConnection(service));
  }

  /** Refuses writes to read-only connections, and to production ones without --yes. */
  assertWritable(connection: ConnectionConfig, action: string): void {
    if (connection.readOnly) throw new ConfigError(`Connection "${connection.id}" is read-only: ${action} refused.`);
    if (connection.production && !this.options.yes) {
      throw new ConfigError(`Connection "${connection.id}" is a production connection: add --yes to ${action}.`);
    }
  }

  out(text: string): void {
    this.io.stdout(text.endsWith('\n') ? text : `${text}\n`);
  }

  err(text: string): void {
    this.io.stderr(text.endsWith('\n') ? text : `${text}\n`);
  }

  json(value: unknown): void {
    this.io.stdout(`${JSON.stringify(value, null, 2)}\n`);
  }

  async close(): Promise<void> {
    for (const { clients } of this.opened.values()) await clients.close();
    await this.transport.close();
  }
}

/** A plain-text table: columns padded to their widest cell (bounded), the last column unpadded. */
export function table(rows: string[][], maxWidth = 60): string {
  if (rows.length === 0) return '';
  const clip = (cell: string): string => (cell.length > maxWidth ? `${cell.slice(0, maxWidth - 1)}…` : cell);
  const clipped = rows.map((row) => row.map((cell) => clip(cell.replace(/\s+/g, ' '))));
  const widths = clipped[0].map((_, column) => Math.max(...clipped.map((row) => (row[column] ?? '').length)));
  return `${clipped.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ')).join('\n')}\n`;
}
