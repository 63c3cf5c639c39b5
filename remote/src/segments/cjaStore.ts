// CJA segments as editable documents: `{id, name, description, dataId, definition}`; update is a partial PUT.
import type { CjaSegmentsClient } from '../clients/cjaSegmentsClient';
import type { CjaSegment } from '../clients/cjaTypes';
import { pick, versionOf, type ListPage, type ListQuery, type SegmentDocument, type SegmentStore, type SegmentSummary } from './segmentStore';

const EDITABLE = ['name', 'description', 'dataId', 'definition'] as const;

export class CjaSegmentStore implements SegmentStore {
  readonly collection = 'cja-segments' as const;
  readonly kind = 'cja' as const;

  constructor(private readonly client: CjaSegmentsClient) {}

  async list(query: ListQuery): Promise<ListPage> {
    const page = await this.client.listSegments({
      limit: query.pageSize,
      page: query.cursor ?? 0,
      name: query.filter || undefined,
      expansion: ['modified', 'owner', 'dataId', 'tags'],
      sortProperty: query.sort?.property === 'modified' ? 'modified_date' : 'name',
      sortDirection: query.sort?.direction === 'desc' ? 'DESC' : 'ASC',
      signal: query.signal,
    });
    return {
      items: page.items.map(summarize),
      next: page.lastPage ? undefined : page.page + 1,
      total: page.totalItems,
      filteredByService: true,
    };
  }

  async fetch(id: string, signal?: AbortSignal): Promise<SegmentDocument> {
    return this.toDocument(await this.client.getSegment(id, { signal }));
  }

  async update(id: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<SegmentDocument> {
    const updated = await this.client.updateSegment(id, this.editable(body), { signal });
    // A PUT answer may omit the definition: read the segment back so the new version is exact.
    return updated.definition ? this.toDocument(updated) : this.fetch(id, signal);
  }

  async create(body: Record<string, unknown>, signal?: AbortSignal): Promise<SegmentDocument> {
    const created = await this.client.createSegment(this.editable(body) as never, { signal });
    return created.definition ? this.toDocument(created) : this.fetch(created.id, signal);
  }

  async delete(id: string, signal?: AbortSignal): Promise<void> {
    await this.client.deleteSegment(id, { signal });
  }

  template(): Record<string, unknown> {
    return {
      name: 'New segment',
      description: '',
      dataId: 'dv_REPLACE_WITH_DATA_VIEW_ID',
      definition: {
        func: 'segment',
        version: [1, 0, 0],
        container: { func: 'container', context: 'hits', pred: { func: 'exists', val: { func: 'attr', name: 'variables/page' } } },
      },
    };
  }

  editable(body: Record<string, unknown>): Record<string, unknown> {
    return pick(body, EDITABLE);
  }

  private toDocument(segment: CjaSegment): SegmentDocument {
    const body = { id: segment.id, ...pick(segment as Record<string, unknown>, EDITABLE) };
    return { id: segment.id, name: segment.name ?? segment.id, body, version: versionOf(this, body) };
  }
}

function summarize(segment: CjaSegment): SegmentSummary {
  const facts: Record<string, string> = {};
  if (segment.dataId) facts['Data view'] = String(segment.dataId);
  if (segment.tags?.length) facts.Tags = segment.tags.map((t) => t.name).join(', ');
  return {
    id: segment.id,
    name: segment.name ?? segment.id,
    description: segment.description || undefined,
    owner: segment.owner?.name,
    modified: segment.modified,
    facts,
  };
}
