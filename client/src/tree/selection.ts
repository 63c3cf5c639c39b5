// Commands run from the palette act on the Segments view's selection: the node a context menu would have passed.
import type { Workbench } from '../workbench';
import type { CollectionNode, TreeNode } from './treeNodes';

/** The argument a view command got, else the view's selected node. */
export function nodeOrSelection(wb: Workbench, arg: unknown): TreeNode | undefined {
  if (arg && typeof arg === 'object' && 'type' in arg) return arg as TreeNode;
  return wb.treeView.selection[0];
}

/** The collection a node belongs to (itself, its parent, or the one its "Load more" extends). */
export function collectionOf(wb: Workbench, node: TreeNode | undefined): CollectionNode | undefined {
  if (!node) return undefined;
  if (node.type === 'collection') return node;
  if (node.type === 'loadMore') return node.parent;
  if (node.type === 'segment') return wb.tree.collectionNode(node.connection, node.collection);
  if (node.type === 'job') return wb.tree.collectionNode(node.connection, 'aep-jobs');
  return undefined;
}
