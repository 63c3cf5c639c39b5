// The collections under a connection, and how each lists its items a page at a time.
import type { ConnectionConfig, AepJobsClient, AepSegmentJob } from '../../../remote/src/index';
import { summarizeJob } from '../../../remote/src/index';
import type { CollectionKind, ListQuery, SegmentSummary } from '../../../remote/src/segments/segmentAdapters';
import type { RemoteRegistry } from '../remote/remoteRegistry';

export type TreeCollection = CollectionKind | 'aep-jobs';

export const COLLECTIONS_OF: Record<ConnectionConfig['service'], TreeCollection[]> = {
  cja: ['cja-segments'],
  aep: ['aep-definitions', 'aep-jobs'],
  unleash: ['unleash-segments'],
};

export const COLLECTION_LABEL: Record<TreeCollection, string> = {
  'cja-segments': 'Segments',
  'aep-definitions': 'Segment Definitions',
  'aep-jobs': 'Segment Jobs',
  'unleash-segments': 'Segments',
};

/** One listed item: a segment or a job. */
export type ListedItem = { type: 'segment'; summary: SegmentSummary } | { type: 'job'; job: AepSegmentJob };

export interface ItemsPage {
  items: ListedItem[];
  next?: number;
  total?: number;
  filteredByService: boolean;
}

export async function listCollection(registry: RemoteRegistry, connection: ConnectionConfig, collection: TreeCollection, query: ListQuery): Promise<ItemsPage> {
  if (collection === 'aep-jobs') {
    const clients = registry.clientsFor(connection);
    if (clients.service !== 'aep') throw new Error('Segment jobs exist only on AEP connections.');
    return listJobs(clients.jobs, query);
  }
  const page = await registry.storeFor(connection).list(query);
  return { ...page, items: page.items.map((summary) => ({ type: 'segment', summary })) };
}

async function listJobs(jobs: AepJobsClient, query: ListQuery): Promise<ItemsPage> {
  const start = query.cursor ?? 0;
  // Jobs have no name to sort by: newest first, unless the user sorted by time explicitly.
  const direction = query.sort?.property === 'modified' ? query.sort.direction : 'desc';
  const page = await jobs.listJobs({ start, limit: query.pageSize, sort: `creationTime:${direction}`, signal: query.signal });
  const filter = query.filter?.toLowerCase();
  const items = page.items.filter((job) => !filter || job.id.toLowerCase().includes(filter) || job.status.toLowerCase().includes(filter)
    || job.segments.some((s) => s.segmentId.toLowerCase().includes(filter) || String(s.segment?.name ?? '').toLowerCase().includes(filter)));
  return {
    items: items.map((job) => ({ type: 'job', job })),
    next: page.lastPage || page.items.length === 0 ? undefined : start + page.items.length,
    total: filter ? undefined : page.totalItems,
    filteredByService: !filter,
  };
}

export function jobLabel(job: AepSegmentJob): string {
  const summary = summarizeJob(job);
  const names = job.segments.map((s) => s.segment?.name ?? s.segmentId).slice(0, 2).join(', ');
  return `${names || job.id}${job.segments.length > 2 ? ` +${job.segments.length - 2}` : ''} — ${summary.status}`;
}
