// Open, create, duplicate, delete, compare, pull, push and validate segments.
import * as vscode from 'vscode';
import { basename, dirname, join } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import type { ConnectionConfig } from '../../../remote/src/index';
import type { ServiceKind } from '../../../remote/src/index';
import type { CollectionKind } from '../../../remote/src/segments/segmentAdapters';
import { kindFromPath } from '../../../server/src/language/documentKind';
import { confirmWrite } from '../connections/writeGuard';
import { describeError } from '../../../remote/src/index';
import { isNewSegmentId, kindOfCollection, parseRemoteUri, remoteUri } from '../remote/remoteUri';
import type { CollectionNode, SegmentNode, TreeNode } from '../tree/treeNodes';
import { nodeOrSelection } from '../tree/selection';
import type { Workbench } from '../workbench';

const COLLECTION_OF_KIND: Record<ServiceKind, CollectionKind> = { cja: 'cja-segments', aep: 'aep-definitions', unleash: 'unleash-segments' };

/** A segment to act on: from a tree node, a remote document URI, or the active editor. */
interface SegmentTarget {
  connection: ConnectionConfig;
  collection: CollectionKind;
  id: string;
  name: string;
}

function targetOf(wb: Workbench, arg: unknown): SegmentTarget | undefined {
  // From the palette: the selected segment in the view, unless a remote segment's editor is active.
  const active = vscode.window.activeTextEditor?.document.uri;
  const node = (arg ?? (active && parseRemoteUri(active) ? undefined : nodeOrSelection(wb, arg))) as TreeNode | undefined;
  if (node && typeof node === 'object' && 'type' in node && node.type === 'segment') {
    return { connection: node.connection, collection: node.collection, id: node.summary.id, name: node.summary.name };
  }
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  const ref = uri && parseRemoteUri(uri);
  const connection = ref && wb.connections.get(ref.connectionId);
  if (!ref || !connection) return undefined;
  return { connection, collection: ref.collection, id: wb.files.resolvedId(ref), name: basename(uri.path).replace(/\.\w+\.json$/, '') };
}

async function withErrors<T>(what: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    void vscode.window.showErrorMessage(`${what}: ${describeError(error)}`, 'Show Log').then((c) => c && vscode.commands.executeCommand('segmentWorkbench.showLog'));
    return undefined;
  }
}

export function registerSegmentCommands(wb: Workbench): vscode.Disposable[] {
  const refreshCollection = (connection: ConnectionConfig, collection: CollectionKind) => wb.tree.refresh(wb.tree.collectionNode(connection, collection));

  return [
    vscode.commands.registerCommand('segmentWorkbench.openSegment', async (given?: SegmentNode | { connectionId: string; collection: CollectionKind; id: string; name?: string }) => {
      const selected = nodeOrSelection(wb, undefined);
      const arg = given ?? (selected?.type === 'segment' ? selected : undefined);
      if (!arg) {
        void vscode.window.showInformationMessage('Select a segment in the Segments view first.');
        return undefined;
      }
      const ref = 'type' in arg
        ? { connectionId: arg.connection.id, collection: arg.collection, id: arg.summary.id, name: arg.summary.name }
        : { ...arg, name: arg.name ?? arg.id };
      const editor = await vscode.window.showTextDocument(remoteUri(ref, ref.name), { preview: false });
      return editor.document.uri;
    }),

    vscode.commands.registerCommand('segmentWorkbench.newSegment', async (node?: CollectionNode) => {
      const connection = node?.connection ?? (await wb.active.choose(undefined, 'Create a segment on which connection?'));
      if (!connection) return undefined;
      const collection = (node?.collection ?? COLLECTION_OF_KIND[connection.service]) as CollectionKind;
      if (connection.readOnly) {
        void vscode.window.showErrorMessage(`"${connection.label}" is read-only.`);
        return undefined;
      }
      const uri = wb.files.newSegmentUri(connection.id, collection);
      await vscode.window.showTextDocument(uri, { preview: false });
      void vscode.window.showInformationMessage('Edit the new segment and save (Ctrl+S) to create it on the service.');
      return uri;
    }),

    vscode.commands.registerCommand('segmentWorkbench.duplicateSegment', async (arg?: SegmentNode) => {
      const target = targetOf(wb, arg);
      if (!target) return undefined;
      const document = await withErrors('Could not read the segment', () => wb.registry.storeFor(target.connection).fetch(target.id));
      if (!document) return undefined;
      const { id: _id, ...body } = document.body;
      const copy = { ...body, name: `Copy of ${document.name}` };
      const uri = wb.files.newSegmentUri(target.connection.id, target.collection, `Copy of ${document.name}`, copy);
      await vscode.window.showTextDocument(uri, { preview: false });
      return uri;
    }),

    vscode.commands.registerCommand('segmentWorkbench.deleteSegment', async (arg?: SegmentNode, options?: { confirmed?: boolean }) => {
      const target = targetOf(wb, arg);
      if (!target || isNewSegmentId(target.id)) return false;
      if (!options?.confirmed) {
        const answer = await vscode.window.showWarningMessage(`Delete "${target.name}" from ${target.connection.label}? This cannot be undone.`, { modal: true }, 'Delete');
        if (answer !== 'Delete') return false;
      }
      if (!(await confirmWrite(target.connection, `delete "${target.name}"`))) return false;
      const done = await withErrors(`Could not delete "${target.name}"`, async () => {
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Deleting "${target.name}"…` }, () => wb.registry.storeFor(target.connection).delete(target.id));
        return true;
      });
      if (done) {
        refreshCollection(target.connection, target.collection);
        void vscode.window.showInformationMessage(`Deleted "${target.name}".`);
      }
      return !!done;
    }),

    vscode.commands.registerCommand('segmentWorkbench.compareWithRemote', async (arg?: SegmentNode | vscode.Uri) => {
      const target = targetOf(wb, arg) ?? (await localTarget(wb, arg instanceof vscode.Uri ? arg : undefined));
      if (!target) return undefined;
      const remote = await withErrors('Could not read the remote segment', () => wb.registry.storeFor(target.connection).fetch(target.id));
      if (!remote) return undefined;
      const kind = kindOfCollection(target.collection);
      const left = wb.snapshots.add(`${target.name}.remote.${kind}.json`, JSON.stringify(remote.body, null, 2) + '\n');
      const right = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri ?? remoteUri({ connectionId: target.connection.id, collection: target.collection, id: target.id }, target.name);
      await vscode.commands.executeCommand('vscode.diff', left, right, `${remote.name}: ${target.connection.label} ↔ yours`);
      return left;
    }),

    vscode.commands.registerCommand('segmentWorkbench.pullToWorkspace', async (arg?: SegmentNode, destination?: vscode.Uri) => {
      const target = targetOf(wb, arg);
      if (!target) return undefined;
      const document = await withErrors('Could not read the segment', () => wb.registry.storeFor(target.connection).fetch(target.id));
      if (!document) return undefined;
      const slug = document.name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || document.id;
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const uri = destination ?? (await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, `${slug}.${kindOfCollection(target.collection)}.json`) : undefined,
        filters: { 'Segment JSON': ['json'] },
      }));
      if (!uri) return undefined;
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(document.body, null, 2) + '\n'));
      if (!destination) await vscode.window.showTextDocument(uri);
      return uri;
    }),

    vscode.commands.registerCommand('segmentWorkbench.pushFile', async (arg?: vscode.Uri, options?: { connectionId?: string }) => {
      const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      if (!uri || uri.scheme === 'segment-workbench') return undefined;
      const kind = kindFromPath(uri.path);
      if (!kind || kind === 'pql') {
        void vscode.window.showErrorMessage('Push needs a *.cja.json, *.aep.json or *.unleash.json file.');
        return undefined;
      }
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const body = parseJsonc(text) as Record<string, unknown> | undefined;
      if (!body || typeof body !== 'object') {
        void vscode.window.showErrorMessage(`${basename(uri.path)} is not a JSON object: nothing was pushed.`);
        return undefined;
      }
      const connection = options?.connectionId ? wb.connections.get(options.connectionId) : await wb.active.choose(kind, `Push ${basename(uri.path)} to which connection?`);
      if (!connection) return undefined;
      const id = body.id !== undefined ? String(body.id) : undefined;
      if (!(await confirmWrite(connection, `${id ? 'update' : 'create'} "${String(body.name ?? basename(uri.path))}"`))) return undefined;
      const store = wb.registry.storeFor(connection);
      const saved = await withErrors(`Could not push ${basename(uri.path)} (the file is unchanged)`, async () =>
        vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Pushing ${basename(uri.path)} to ${connection.label}…` },
          () => (id ? store.update(id, body) : store.create(body))));
      if (!saved) return undefined;
      refreshCollection(connection, store.collection);
      void vscode.window.showInformationMessage(`${id ? 'Updated' : 'Created'} "${saved.name}" (id ${saved.id}) on ${connection.label}.${id ? '' : ' Add "id" to the file to update it next time.'}`);
      return saved.id;
    }),

    vscode.commands.registerCommand('segmentWorkbench.validateWithService', async (arg?: SegmentNode | vscode.Uri) => {
      const uri = arg instanceof vscode.Uri ? arg : arg ? undefined : vscode.window.activeTextEditor?.document.uri;
      const target = targetOf(wb, arg) ?? (uri ? await localTarget(wb, uri) : undefined);
      const connection = target?.connection ?? (await wb.active.choose('cja', 'Validate with which CJA connection?'));
      if (!connection) return undefined;
      const clients = wb.registry.clientsFor(connection);
      if (clients.service !== 'cja') {
        void vscode.window.showWarningMessage('Only CJA offers a validation endpoint.');
        return undefined;
      }
      const document = uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : undefined;
      const body = document ? (parseJsonc(document.getText()) as Record<string, unknown>) : target ? (await wb.registry.storeFor(connection).fetch(target.id)).body : undefined;
      if (!body) return undefined;
      const definition = (body.definition ?? body) as Record<string, unknown>;
      const result = await withErrors('The service could not validate the segment', () => clients.cja.validateDefinition({ definition: definition as { func: string }, dataId: typeof body.dataId === 'string' ? body.dataId : undefined }));
      if (!result) return undefined;
      if (document) {
        const firstLine = new vscode.Range(0, 0, 0, document.lineAt(0).text.length);
        const messages = result.valid ? [] : [...(result.errors ?? []), ...(result.message ? [result.message] : [])];
        wb.serviceDiagnostics.set(document.uri, (messages.length ? messages : result.valid ? [] : ['The service says the definition is invalid.']).map((m) => {
          const d = new vscode.Diagnostic(firstLine, `${connection.label}: ${m}`, vscode.DiagnosticSeverity.Error);
          d.source = 'CJA validate';
          return d;
        }));
      }
      if (result.valid) void vscode.window.showInformationMessage(`${connection.label} says the definition is valid.`);
      else void vscode.window.showErrorMessage(`${connection.label} says the definition is invalid: ${result.message ?? (result.errors ?? []).join('; ')}`);
      return result;
    }),
  ];
}

/** A workspace file that carries an `id`: the remote segment of the same id on a connection of its kind. */
async function localTarget(wb: Workbench, uri: vscode.Uri | undefined): Promise<SegmentTarget | undefined> {
  const fileUri = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!fileUri || fileUri.scheme === 'segment-workbench') return undefined;
  const kind = kindFromPath(fileUri.path);
  if (!kind || kind === 'pql') return undefined;
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === fileUri.toString());
  const body = parseJsonc(doc ? doc.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(fileUri))) as Record<string, unknown> | undefined;
  const id = body?.id;
  const connection = await wb.active.choose(kind, 'Compare with which connection?');
  if (!connection) return undefined;
  if (id === undefined) {
    if (kind !== 'cja') {
      void vscode.window.showWarningMessage(`${basename(fileUri.path)} has no "id": it is not on the service yet.`);
      return undefined;
    }
    return { connection, collection: COLLECTION_OF_KIND[kind], id: '', name: basename(join(dirname(fileUri.path), basename(fileUri.path))) };
  }
  return { connection, collection: COLLECTION_OF_KIND[kind], id: String(id), name: String(body?.name ?? id) };
}
