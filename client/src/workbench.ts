// The services the commands share, created once in `activate`.
import type * as vscode from 'vscode';
import type { ConnectionStore } from './connections/connectionStore';
import type { RemoteRegistry } from './remote/remoteRegistry';
import type { SegmentsTreeProvider } from './tree/segmentsTreeProvider';
import type { TreeNode } from './tree/treeNodes';
import type { RemoteSegmentFileSystem } from './documents/remoteSegmentFileSystem';
import type { RemoteSnapshots } from './remote/remoteSnapshots';
import type { ActiveConnection } from './activeConnection';

export interface Workbench {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  connections: ConnectionStore;
  registry: RemoteRegistry;
  tree: SegmentsTreeProvider;
  treeView: vscode.TreeView<TreeNode>;
  files: RemoteSegmentFileSystem;
  snapshots: RemoteSnapshots;
  active: ActiveConnection;
  /** Diagnostics that came from a service's own validation (CJA validate), apart from the language server's. */
  serviceDiagnostics: vscode.DiagnosticCollection;
}
