// Refresh, filter, sort, load more, retry and the log: the view's own controls.
import * as vscode from 'vscode';
import type { CollectionNode, LoadMoreNode, TreeNode, ErrorNode } from '../tree/treeNodes';
import type { Workbench } from '../workbench';

export function registerTreeCommands(wb: Workbench): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('segmentWorkbench.refresh', () => wb.tree.refreshAll()),
    vscode.commands.registerCommand('segmentWorkbench.refreshNode', (node?: TreeNode) => wb.tree.refresh(node)),
    vscode.commands.registerCommand('segmentWorkbench.filter', async (node?: CollectionNode, value?: string) => {
      if (!node) return;
      const filter = value ?? (await vscode.window.showInputBox({
        title: 'Filter by name',
        prompt: node.collection === 'cja-segments' ? 'The service filters by name' : 'Filters the loaded pages (this service cannot filter by name)',
        value: wb.tree.filterOf(node),
      }));
      if (filter !== undefined) wb.tree.setFilter(node, filter);
    }),
    vscode.commands.registerCommand('segmentWorkbench.clearFilter', (node?: CollectionNode) => {
      if (node) wb.tree.setFilter(node, undefined);
    }),
    vscode.commands.registerCommand('segmentWorkbench.sort', async (node?: CollectionNode) => {
      if (!node) return;
      const pick = await vscode.window.showQuickPick([
        { label: 'Name, A → Z', sort: { property: 'name', direction: 'asc' } as const },
        { label: 'Name, Z → A', sort: { property: 'name', direction: 'desc' } as const },
        { label: 'Last modified, newest first', sort: { property: 'modified', direction: 'desc' } as const },
        { label: 'Last modified, oldest first', sort: { property: 'modified', direction: 'asc' } as const },
      ], { title: 'Sort by' });
      if (pick) wb.tree.setSort(node, pick.sort);
    }),
    vscode.commands.registerCommand('segmentWorkbench.loadMore', (node?: LoadMoreNode) => (node ? wb.tree.loadMore(node.parent) : undefined)),
    vscode.commands.registerCommand('segmentWorkbench.retry', (node?: ErrorNode) => wb.tree.refresh(node?.retry)),
    vscode.commands.registerCommand('segmentWorkbench.showLog', () => wb.log.show()),
  ];
}
