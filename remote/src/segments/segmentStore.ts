// One interface over the three services' segments, for the tree view, the remote documents and the CLI's pull and
// push: list a page, fetch a segment as an editable JSON document, update, create, delete. Each service maps its
// resource to the document a person edits (the editable fields plus the id) and back to its own request body.
import { canonicalJson } from './canonicalJson';

export type CollectionKind = 'cja-segments' | 'aep-definitions' | 'unleash-segments';
export type SegmentKind = 'cja' | 'aep' | 'unleash';

export interface SegmentSummary {
  id: string;
  name: string;
  description?: string;
  owner?: string;
  /** ISO timestamp of the last change, when the service tells. */
  modified?: string;
  /** Extra facts for tooltips (data view, evaluation method, constraint count ...). */
  facts: Record<string, string>;
}

export interface ListQuery {
  /** Case-insensitive name filter. */
  filter?: string;
  sort?: { property: 'name' | 'modified'; direction: 'asc' | 'desc' };
  pageSize: number;
  /** Opaque: from the previous page's `next`. */
  cursor?: number;
  signal?: AbortSignal;
}

export interface ListPage {
  items: SegmentSummary[];
  /** Cursor of the next page; undefined when this was the last. */
  next?: number;
  total?: number;
  /** False when the service cannot filter by name and the store filtered the fetched page itself. */
  filteredByService: boolean;
}

/** A segment as a person edits it: a JSON object with the editable fields and the (read-only) id. */
export interface SegmentDocument {
  id: string;
  name: string;
  body: Record<string, unknown>;
  /** Canonical JSON of the editable fields: equal versions mean nobody changed the segment. */
  version: string;
}

export interface SegmentStore {
  readonly collection: CollectionKind;
  readonly kind: SegmentKind;
  list(query: ListQuery): Promise<ListPage>;
  fetch(id: string, signal?: AbortSignal): Promise<SegmentDocument>;
  /** Replaces the segment's editable fields with `body`'s. */
  update(id: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<SegmentDocument>;
  create(body: Record<string, unknown>, signal?: AbortSignal): Promise<SegmentDocument>;
  delete(id: string, signal?: AbortSignal): Promise<void>;
  /** A valid skeleton for a new segment. */
  template(): Record<string, unknown>;
  /** The editable part of a document body, as sent to the service. */
  editable(body: Record<string, unknown>): Record<string, unknown>;
}

/** The version of a body: what an unchanged remote segment compares equal to. */
export function versionOf(store: Pick<SegmentStore, 'editable'>, body: Record<string, unknown>): string {
  return canonicalJson(store.editable(body));
}

export function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

export function matchesFilter(name: string, filter: string | undefined): boolean {
  return !filter || name.toLowerCase().includes(filter.toLowerCase());
}
