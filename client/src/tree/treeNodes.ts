// The nodes of the Segments view. `contextValue`s are what the manifest's menus match with `viewItem`:
//   connection[.production][.readonly], collection.<collection>[.filtered][.readonly],
//   segment.<kind>[.readonly], job.running|job.finished, loadMore, error, detail.
import type { AepSegmentJob, ConnectionConfig } from '../../../remote/src/index';
import type { SegmentSummary } from '../../../remote/src/segments/segmentAdapters';
import type { TreeCollection } from './collections';

export interface ConnectionNode { type: 'connection'; connection: ConnectionConfig }
export interface CollectionNode { type: 'collection'; connection: ConnectionConfig; collection: TreeCollection }
export interface SegmentNode { type: 'segment'; connection: ConnectionConfig; collection: Exclude<TreeCollection, 'aep-jobs'>; summary: SegmentSummary }
export interface JobNode { type: 'job'; connection: ConnectionConfig; job: AepSegmentJob }
export interface LoadMoreNode { type: 'loadMore'; parent: CollectionNode; loaded: number; total?: number }
export interface ErrorNode { type: 'error'; message: string; retry: TreeNode | undefined }
export interface DetailNode { type: 'detail'; id: string; label: string; description?: string; tooltip?: string; icon?: string; children?: DetailNode[] }

export type TreeNode = ConnectionNode | CollectionNode | SegmentNode | JobNode | LoadMoreNode | ErrorNode | DetailNode;

export function collectionKey(node: { connection: ConnectionConfig; collection: TreeCollection }): string {
  return `${node.connection.id}/${node.collection}`;
}
