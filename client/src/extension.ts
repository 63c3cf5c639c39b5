// The extension's entry point: starts the language server, and wires the Segments view, remote documents,
// commands and the status bar over the shared remote layer.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { startLanguageClient } from './languageClient';
import { ConnectionStore } from './connections/connectionStore';
import { RemoteRegistry } from './remote/remoteRegistry';
import { RemoteSnapshots, SNAPSHOT_SCHEME } from './remote/remoteSnapshots';
import { SegmentsTreeProvider } from './tree/segmentsTreeProvider';
import { RemoteSegmentFileSystem } from './documents/remoteSegmentFileSystem';
import { ActiveConnection } from './activeConnection';
import { REMOTE_SCHEME } from './remoteScheme';
import { registerConnectionCommands } from './commands/connectionCommands';
import { registerTreeCommands } from './commands/treeCommands';
import { registerSegmentCommands } from './commands/segmentCommands';
import { registerJobCommands } from './commands/jobCommands';
import { registerConflictCommands } from './commands/conflictCommands';
import type { Workbench } from './workbench';

let client: LanguageClient | undefined;

/** What the extension exports to other extensions and to its end-to-end tests. */
export interface SegmentWorkbenchApi {
  languageClient: LanguageClient;
  workbench: Workbench;
}

export async function activate(context: vscode.ExtensionContext): Promise<SegmentWorkbenchApi> {
  const log = vscode.window.createOutputChannel('Segment Workbench', { log: true });
  const connections = new ConnectionStore(context.secrets);
  const registry = new RemoteRegistry(connections, log);
  const tree = new SegmentsTreeProvider(connections, registry, log);
  const treeView = vscode.window.createTreeView('segmentWorkbench.segments', { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
  tree.attach(treeView);
  const files = new RemoteSegmentFileSystem(connections, registry);
  const snapshots = new RemoteSnapshots();
  const active = new ActiveConnection(context.workspaceState, connections);
  const serviceDiagnostics = vscode.languages.createDiagnosticCollection('segment-workbench-service');
  const workbench: Workbench = { context, log, connections, registry, tree, treeView, files, snapshots, active, serviceDiagnostics };

  context.subscriptions.push(
    log, connections, registry, tree, treeView, files, active, serviceDiagnostics,
    vscode.workspace.registerFileSystemProvider(REMOTE_SCHEME, files, { isCaseSensitive: true }),
    vscode.workspace.registerTextDocumentContentProvider(SNAPSHOT_SCHEME, snapshots),
    files.onDidSave((event) => {
      const connection = connections.get(event.ref.connectionId);
      if (connection) tree.refresh(tree.collectionNode(connection, event.ref.collection));
      if (event.created) void vscode.window.showInformationMessage(`Created "${event.document.name}" (id ${event.document.id}).`);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => serviceDiagnostics.delete(e.document.uri)),
    ...registerConnectionCommands(workbench),
    ...registerTreeCommands(workbench),
    ...registerSegmentCommands(workbench),
    ...registerJobCommands(workbench),
    ...registerConflictCommands(workbench),
  );

  client = await startLanguageClient(context, log);
  return { languageClient: client, workbench };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
