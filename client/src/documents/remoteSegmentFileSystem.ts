// Remote segments as files: reading fetches the segment as an editable JSON document; writing pushes it back
// (CJA PUT, AEP PATCH, Unleash PUT with the full body). Before a push the current remote version is compared with
// the version the editor started from; if someone else changed it the save fails, the edit stays in the editor, and
// the user chooses to compare, overwrite or take theirs. Any failed push leaves the editor dirty with the reason.
import * as vscode from 'vscode';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { SegmentDocument, SegmentDocuments } from '../../../remote/src/segments/segmentDocuments';
import type { ConnectionConfig } from '../../../remote/src/index';
import { describeError } from '../../../remote/src/index';
import { isNewSegmentId, parseRemoteUri, remoteUri, type RemoteSegmentRef } from '../remote/remoteUri';
import type { ConnectionStore } from '../connections/connectionStore';
import type { RemoteRegistry } from '../remote/remoteRegistry';
import { confirmWrite } from '../connections/writeGuard';

interface Known {
  /** The remote version the editor's content started from. */
  version: string;
  mtime: number;
  size: number;
}

export interface ConflictEvent {
  uri: vscode.Uri;
  remote: SegmentDocument;
}

export interface SavedEvent {
  uri: vscode.Uri;
  ref: RemoteSegmentRef;
  document: SegmentDocument;
  created: boolean;
}

export class RemoteSegmentFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changeEmitter.event;
  private readonly conflictEmitter = new vscode.EventEmitter<ConflictEvent>();
  /** Fired when a save found the remote segment changed by someone else. */
  readonly onDidDetectConflict = this.conflictEmitter.event;
  private readonly savedEmitter = new vscode.EventEmitter<SavedEvent>();
  readonly onDidSave = this.savedEmitter.event;
  private readonly known = new Map<string, Known>();
  /** New segments created by their first save: `new-…` id -> the service's id. */
  private readonly createdIds = new Map<string, string>();
  /** Documents whose next save overwrites the remote version even if it changed. */
  private readonly overwriteNext = new Set<string>();
  private newCounter = 0;
  /** Initial content of new documents (duplicates); the kind's template otherwise. */
  private readonly seeds = new Map<string, Record<string, unknown>>();

  constructor(
    private readonly connections: ConnectionStore,
    private readonly registry: RemoteRegistry,
  ) {}

  /** A URI for a new segment of a collection; its content is the kind's template until the first save. */
  newSegmentUri(connectionId: string, collection: RemoteSegmentRef['collection'], name = 'untitled', seed?: Record<string, unknown>): vscode.Uri {
    const uri = remoteUri({ connectionId, collection, id: `new-${Date.now().toString(36)}-${++this.newCounter}` }, name);
    if (seed) this.seeds.set(uri.toString(), seed);
    return uri;
  }

  /** The id a `new-…` document got when its first save created it. */
  resolvedId(ref: RemoteSegmentRef): string {
    return this.createdIds.get(ref.id) ?? ref.id;
  }

  markOverwrite(uri: vscode.Uri): void {
    this.overwriteNext.add(uri.toString());
  }

  /** Forget the start version so that the next read starts afresh (used by "take theirs"). */
  forget(uri: vscode.Uri): void {
    const known = this.known.get(uri.toString());
    if (known) known.version = '';
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    // The mtime stays put until our own save changes it: VS Code compares it before saving, and a time that moved
    // because we re-read the segment would make it refuse the save as "newer on disk". Remote changes by others
    // are caught by the version check in writeFile instead.
    let known = this.known.get(uri.toString());
    if (!known) {
      known = { version: '', mtime: Date.now(), size: 0 };
      this.known.set(uri.toString(), known);
    }
    return { type: vscode.FileType.File, ctime: known.mtime, mtime: known.mtime, size: known.size };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const { ref, connection, store } = this.resolve(uri);
    const id = this.resolvedId(ref);
    let body: Record<string, unknown>;
    let version: string;
    if (isNewSegmentId(id)) {
      body = this.seeds.get(uri.toString()) ?? store.template();
      version = '';
    } else {
      const document = await this.call(() => store.fetch(id), `Could not open the segment from ${connection.label}`);
      body = document.body;
      version = document.version;
    }
    const bytes = encode(body);
    const previous = this.known.get(uri.toString());
    this.known.set(uri.toString(), { version, mtime: previous?.mtime ?? Date.now(), size: bytes.byteLength });
    return bytes;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const { ref, connection, store } = this.resolve(uri);
    const body = parseBody(new TextDecoder().decode(content));
    if (connection.readOnly) throw new vscode.FileSystemError(`"${connection.label}" is read-only: the segment was not pushed. Your edit is still in the editor.`);
    const id = this.resolvedId(ref);
    const key = uri.toString();
    if (!(await confirmWrite(connection, isNewSegmentId(id) ? `create "${String(body.name ?? 'the segment')}"` : `update "${String(body.name ?? id)}"`))) {
      throw new vscode.FileSystemError('Push cancelled: the segment was not changed on the server. Your edit is still in the editor.');
    }
    const saved = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Pushing to ${connection.label}…`, cancellable: false },
      async () => {
        if (isNewSegmentId(id)) {
          const created = await this.call(() => store.create(body), `Could not create the segment on ${connection.label}`);
          this.createdIds.set(ref.id, created.id);
          return { document: created, created: true };
        }
        const start = this.known.get(key);
        if (!this.overwriteNext.has(key)) {
          const remote = await this.call(() => store.fetch(id), `Could not check the remote version on ${connection.label}`);
          if (start && start.version && remote.version !== start.version && remote.version !== store.version(body)) {
            this.conflictEmitter.fire({ uri, remote });
            throw new vscode.FileSystemError(`"${remote.name}" was changed on ${connection.label} since you opened it: nothing was pushed. Compare the versions, then overwrite or take theirs. Your edit is still in the editor.`);
          }
        }
        this.overwriteNext.delete(key);
        return { document: await this.call(() => store.update(id, body), `Could not push the segment to ${connection.label}`), created: false };
      },
    );
    this.known.set(key, { version: saved.document.version, mtime: Date.now(), size: content.byteLength });
    this.savedEmitter.fire({ uri, ref: { ...ref, id: saved.document.id }, document: saved.document, created: saved.created });
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Remote segments have no folders.');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('Use "Delete Segment" in the Segments view to delete a remote segment.');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Rename a segment by editing its "name" and saving.');
  }

  private resolve(uri: vscode.Uri): { ref: RemoteSegmentRef; connection: ConnectionConfig; store: SegmentDocuments } {
    const ref = parseRemoteUri(uri);
    if (!ref) throw vscode.FileSystemError.FileNotFound(uri);
    const connection = this.connections.get(ref.connectionId);
    if (!connection) throw new vscode.FileSystemError(`The connection "${ref.connectionId}" no longer exists.`);
    return { ref, connection, store: this.registry.storeFor(connection) };
  }

  /** Runs a remote call, turning failures into a FileSystemError that says why (VS Code shows it and keeps the edit). */
  private async call<T>(run: () => Promise<T>, what: string): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new vscode.FileSystemError(`${what}: ${describeError(error)}`);
    }
  }

  dispose(): void {
    this.changeEmitter.dispose();
    this.conflictEmitter.dispose();
    this.savedEmitter.dispose();
  }
}

function encode(body: Record<string, unknown>): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(body, null, 2) + '\n');
}

function parseBody(text: string): Record<string, unknown> {
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: false });
  if (errors.length) {
    const first = errors[0];
    const line = text.slice(0, first.offset).split('\n').length;
    throw new vscode.FileSystemError(`The segment is not valid JSON (${printParseErrorCode(first.error)} on line ${line}): nothing was pushed. Your edit is still in the editor.`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new vscode.FileSystemError('A segment document must be a JSON object: nothing was pushed.');
  }
  return value as Record<string, unknown>;
}
