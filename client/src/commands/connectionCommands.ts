// Add, edit, rename, remove, sign out and choose the active connection.
import * as vscode from 'vscode';
import type { ConnectionConfig } from '../../../remote/src/index';
import { runConnectionFlow, type ConnectionArgs } from '../connections/connectionFlow';
import type { TreeNode } from '../tree/treeNodes';
import type { Workbench } from '../workbench';

function connectionOf(wb: Workbench, node: TreeNode | ConnectionConfig | string | undefined): ConnectionConfig | undefined {
  if (typeof node === 'string') return wb.connections.get(node);
  if (node && 'type' in node && node.type === 'connection') return node.connection;
  if (node && 'service' in node) return node;
  return undefined;
}

export function registerConnectionCommands(wb: Workbench): vscode.Disposable[] {
  const pick = async (node: unknown) => connectionOf(wb, node as TreeNode) ?? (await wb.active.choose(undefined));
  return [
    vscode.commands.registerCommand('segmentWorkbench.addConnection', async (args?: ConnectionArgs) => {
      const connection = await runConnectionFlow(wb.connections, wb.registry, undefined, args && typeof args === 'object' && 'service' in args ? args : undefined);
      if (connection && !wb.active.get()) await wb.active.set(connection);
      return connection?.id;
    }),
    vscode.commands.registerCommand('segmentWorkbench.editConnection', async (node?: TreeNode) => {
      const connection = await pick(node);
      if (connection) await runConnectionFlow(wb.connections, wb.registry, connection);
    }),
    vscode.commands.registerCommand('segmentWorkbench.renameConnection', async (node?: TreeNode) => {
      const connection = await pick(node);
      if (!connection) return;
      const label = await vscode.window.showInputBox({ prompt: 'New name', value: connection.label, validateInput: (v) => (v.trim() ? undefined : 'Enter a name') });
      if (label) await wb.connections.save({ ...connection, label: label.trim() });
    }),
    vscode.commands.registerCommand('segmentWorkbench.removeConnection', async (node?: TreeNode) => {
      const connection = await pick(node);
      if (!connection) return;
      const answer = await vscode.window.showWarningMessage(`Remove "${connection.label}" and delete its stored secret? Segments on the service are not touched.`, { modal: true }, 'Remove');
      if (answer !== 'Remove') return;
      await wb.connections.remove(connection.id);
      if (wb.active.get()?.id === connection.id) await wb.active.set(undefined);
    }),
    vscode.commands.registerCommand('segmentWorkbench.signOut', async (node?: TreeNode) => {
      const connection = await pick(node);
      if (!connection) return;
      await wb.connections.signOut(connection.id);
      void vscode.window.showInformationMessage(`Deleted the stored secret of "${connection.label}".`);
    }),
    vscode.commands.registerCommand('segmentWorkbench.setActiveConnection', async (node?: TreeNode) => {
      const connection = connectionOf(wb, node) ?? (await wb.active.choose(undefined, 'Set the active connection'));
      if (connection) await wb.active.set(connection);
    }),
  ];
}
