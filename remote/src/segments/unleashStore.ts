// Unleash segments as editable documents: `{id, name, description, project, constraints}`; update is a PUT with
// the full body. The Admin API lists everything at once: paging and the name filter happen here.
import type { UnleashSegmentsClient } from '../clients/unleashSegmentsClient';
import type { UnleashSegment } from '../clients/unleashTypes';
import { ConfigError } from '../http/errors';
import { matchesFilter, pick, versionOf, type ListPage, type ListQuery, type SegmentDocument, type SegmentStore, type SegmentSummary } from './segmentStore';

const EDITABLE = ['name', 'description', 'project', 'constraints'] as const;

export class UnleashSegmentStore implements SegmentStore {
  readonly collection = 'unleash-segments' as const;
  readonly kind = 'unleash' as const;

  constructor(private readonly client: UnleashSegmentsClient) {}

  async list(query: ListQuery): Promise<ListPage> {
    const all = (await this.client.listSegments({ signal: query.signal })).filter((s) => matchesFilter(s.name, query.filter));
    const direction = query.sort?.direction === 'desc' ? -1 : 1;
    all.sort((a, b) => direction * (query.sort?.property === 'modified'
      ? String(a.createdAt ?? '').localeCompare(String(b.createdAt ?? ''))
      : a.name.localeCompare(b.name)));
    const start = query.cursor ?? 0;
    const end = start + query.pageSize;
    return { items: all.slice(start, end).map(summarize), next: end < all.length ? end : undefined, total: all.length, filteredByService: false };
  }

  async fetch(id: string, signal?: AbortSignal): Promise<SegmentDocument> {
    return this.toDocument(await this.client.getSegment(numericId(id), { signal }));
  }

  async update(id: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<SegmentDocument> {
    await this.client.updateSegment(numericId(id), this.editable(body) as never, { signal });
    return this.fetch(id, signal);
  }

  async create(body: Record<string, unknown>, signal?: AbortSignal): Promise<SegmentDocument> {
    return this.toDocument(await this.client.createSegment(this.editable(body) as never, { signal }));
  }

  async delete(id: string, signal?: AbortSignal): Promise<void> {
    await this.client.deleteSegment(numericId(id), { signal });
  }

  template(): Record<string, unknown> {
    return { name: 'new-segment', description: '', constraints: [{ contextName: 'userId', operator: 'IN', values: ['user-1'] }] };
  }

  editable(body: Record<string, unknown>): Record<string, unknown> {
    const editable = pick(body, EDITABLE);
    // The server adds `values: []` to single-value constraints in its answers; drop it so versions compare equal.
    if (Array.isArray(editable.constraints)) {
      editable.constraints = editable.constraints.map((c) => {
        if (c && typeof c === 'object' && 'value' in c && Array.isArray((c as { values?: unknown }).values) && (c as { values: unknown[] }).values.length === 0) {
          const { values: _values, ...rest } = c as Record<string, unknown>;
          return rest;
        }
        return c;
      });
    }
    return editable;
  }

  private toDocument(segment: UnleashSegment): SegmentDocument {
    const body = { id: segment.id, ...this.editable(segment as Record<string, unknown>) };
    return { id: String(segment.id), name: segment.name, body, version: versionOf(this, body) };
  }
}

function numericId(id: string): number {
  const n = Number(id);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`Unleash segment ids are integers, not "${id}".`);
  return n;
}

function summarize(s: UnleashSegment): SegmentSummary {
  const facts: Record<string, string> = { Constraints: String(s.constraints?.length ?? 0) };
  if (s.project) facts.Project = s.project;
  if (s.usedInFeatures) facts['Used in flags'] = String(s.usedInFeatures);
  return { id: String(s.id), name: s.name, description: s.description || undefined, owner: s.createdBy, modified: s.createdAt, facts };
}
