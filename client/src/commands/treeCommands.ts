// Refresh, filter, sort, load more, retry and the log: the view's own controls. Each acts on the node it was invoked
// on, or (from the command palette) on the view's selection.
import * as vscode from 'vscode';
import { collectionOf, nodeOrSelection } from '../tree/selection';
import type { Workbench } from '../workbench';

export function registerTreeCommands(wb: Workbench): vscode.Disposable[] {
  const collection = (arg: unknown) => {
    const node = collectionOf(wb, nodeOrSelection(wb, arg));
    if (!node) void vscode.window.showInformationMessage('Select a collection (or one of its segments) in the Segments view first.');
    return node;
  };
  return [
    vscode.commands.registerCommand('segmentWorkbench.refresh', () => wb.tree.refreshAll()),
    vscode.commands.registerCommand('segmentWorkbench.refreshNode', (arg?: unknown) => {
      const node = nodeOrSelection(wb, arg);
      wb.tree.refresh(node?.type === 'connection' ? node : collectionOf(wb, node));
    }),
    vscode.commands.registerCommand('segmentWorkbench.filter', async (arg?: unknown, value?: string) => {
      const node = collection(arg);
      if (!node) return;
      const filter = value ?? (await vscode.window.showInputBox({
        title: 'Filter by name',
        prompt: node.collection === 'cja-segments' ? 'The service filters by name' : 'Filters the loaded pages (this service cannot filter by name)',
        value: wb.tree.filterOf(node),
      }));
      if (filter !== undefined) wb.tree.setFilter(node, filter);
    }),
    vscode.commands.registerCommand('segmentWorkbench.clearFilter', (arg?: unknown) => {
      const node = collection(arg);
      if (node) wb.tree.setFilter(node, undefined);
    }),
    vscode.commands.registerCommand('segmentWorkbench.sort', async (arg?: unknown) => {
      const node = collection(arg);
      if (!node) return;
      const pick = await vscode.window.showQuickPick([
        { label: 'Name, A → Z', sort: { property: 'name', direction: 'asc' } as const },
        { label: 'Name, Z → A', sort: { property: 'name', direction: 'desc' } as const },
        { label: 'Last modified, newest first', sort: { property: 'modified', direction: 'desc' } as const },
        { label: 'Last modified, oldest first', sort: { property: 'modified', direction: 'asc' } as const },
      ], { title: 'Sort by' });
      if (pick) wb.tree.setSort(node, pick.sort);
    }),
    vscode.commands.registerCommand('segmentWorkbench.loadMore', (arg?: unknown) => {
      const node = collection(arg);
      return node ? wb.tree.loadMore(node) : undefined;
    }),
    vscode.commands.registerCommand('segmentWorkbench.retry', (arg?: unknown) => {
      const node = nodeOrSelection(wb, arg);
      wb.tree.refresh(node?.type === 'error' ? node.retry : node?.type === 'connection' ? node : collectionOf(wb, node));
    }),
    vscode.commands.registerCommand('segmentWorkbench.showLog', () => wb.log.show()),
  ];
}
