// GET /segments: the query parameters of cja-swagger.json (plus `tagNames` from the Analytics/CJA guides), filtering,
// sorting and the Spring-style page envelope of the guide's usedIn sample.
import { TECHNICAL_ACCOUNT } from '../credentials';
import type { CjaSegmentRecord } from './segmentRecord';

export interface SegmentListQuery {
  limit: number;
  page: number;
  paginate: boolean;
  name?: string;
  tagNames: string[];
  dataIds: string[];
  filterByIds: string[];
  ownerId?: string;
  includeType: Set<string>;
  modifiedAfter?: number;
  sortProperty: SortProperty;
  sortExplicit: boolean;
  descending: boolean;
  expansions: string[];
}

type SortProperty = 'id' | 'name' | 'modified_date' | 'performanceScore';
const SORT_PROPERTIES: readonly SortProperty[] = ['id', 'name', 'modified_date', 'performanceScore'];
export const MAX_LIMIT = 1000;

export type ParsedListQuery = { ok: true; query: SegmentListQuery } | { ok: false; message: string };

function commaList(value: string | null): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function wholeNumber(value: string | null, fallback: number): number | undefined {
  if (value === null || value === '') return fallback;
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

export function parseListQuery(params: URLSearchParams, expansions: string[]): ParsedListQuery {
  const limit = wholeNumber(params.get('limit'), 10);
  if (limit === undefined || limit < 1 || limit > MAX_LIMIT) return { ok: false, message: `limit must be a whole number from 1 to ${MAX_LIMIT}` };
  const page = wholeNumber(params.get('page'), 0);
  if (page === undefined) return { ok: false, message: 'page must be a whole number (0 is the first page)' };

  const sortProperty = (params.get('sortProperty') ?? 'id') as SortProperty;
  if (!SORT_PROPERTIES.includes(sortProperty)) return { ok: false, message: `sortProperty must be one of ${SORT_PROPERTIES.join(', ')}` };
  const direction = (params.get('sortDirection') ?? 'ASC').toUpperCase();
  if (direction !== 'ASC' && direction !== 'DESC') return { ok: false, message: 'sortDirection must be ASC or DESC' };

  let modifiedAfter: number | undefined;
  const modifiedAfterText = params.get('filterByModifiedAfter');
  if (modifiedAfterText) {
    modifiedAfter = Date.parse(modifiedAfterText);
    if (Number.isNaN(modifiedAfter)) return { ok: false, message: 'filterByModifiedAfter must be an ISO 8601 date' };
  }
  const pagination = (params.get('pagination') ?? 'true').toLowerCase();
  if (pagination !== 'true' && pagination !== 'false') return { ok: false, message: 'pagination must be true or false' };

  return {
    ok: true,
    query: {
      limit,
      page,
      paginate: pagination === 'true',
      name: params.get('name') || undefined,
      tagNames: commaList(params.get('tagNames')),
      dataIds: commaList(params.get('dataIds') ?? params.get('rsids')),
      filterByIds: commaList(params.get('filterByIds') ?? params.get('segmentFilter')),
      ownerId: params.get('ownerId') || undefined,
      // 'all' (guide) is read as 'shared', which it implies.
      includeType: new Set(commaList(params.get('includeType')).map((type) => (type === 'all' ? 'shared' : type))),
      modifiedAfter,
      sortProperty,
      sortExplicit: params.has('sortProperty') || params.has('sortDirection'),
      descending: direction === 'DESC',
      expansions,
    },
  };
}

/** Which segments the caller sees: its own, plus shared/templates/deleted/internal ones when asked for. */
function visible(record: CjaSegmentRecord, include: Set<string>): boolean {
  if (record.isDeleted && !include.has('deleted')) return false;
  if (record.internal && !include.has('internal')) return false;
  if (record.template) return include.has('templates');
  if (record.owner.imsUserId === TECHNICAL_ACCOUNT.imsUserId) return true;
  return include.has('shared') && record.shares.length > 0;
}

function matches(record: CjaSegmentRecord, query: SegmentListQuery): boolean {
  if (!visible(record, query.includeType)) return false;
  if (query.name !== undefined && !record.name.toLowerCase().includes(query.name.toLowerCase())) return false;
  if (query.dataIds.length > 0 && !query.dataIds.includes(record.dataId)) return false;
  if (query.filterByIds.length > 0 && !query.filterByIds.includes(record.id)) return false;
  if (query.ownerId !== undefined && record.owner.imsUserId !== query.ownerId) return false;
  if (query.tagNames.length > 0) {
    const wanted = new Set(query.tagNames.map((name) => name.toLowerCase()));
    if (!record.tags.some((tag) => wanted.has(tag.name.toLowerCase()))) return false;
  }
  if (query.modifiedAfter !== undefined && Date.parse(record.modified) <= query.modifiedAfter) return false;
  return true;
}

const collator = new Intl.Collator('en', { sensitivity: 'base' });

/** The sort key of a record, computed once per request (a comparator that re-parsed dates was the slow part). */
function sortKey(record: CjaSegmentRecord, property: SortProperty): string | number {
  switch (property) {
    case 'name':
      return record.name;
    case 'modified_date':
      return Date.parse(record.modified);
    case 'performanceScore':
      return Number(record.performanceScore);
    case 'id':
      return record.id;
  }
}

function compareKeys(a: string | number, b: string | number, property: SortProperty): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (property === 'name') return collator.compare(String(a), String(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

export function selectSegments(all: Iterable<CjaSegmentRecord>, query: SegmentListQuery): CjaSegmentRecord[] {
  const found: { record: CjaSegmentRecord; key: string | number }[] = [];
  for (const record of all) if (matches(record, query)) found.push({ record, key: sortKey(record, query.sortProperty) });
  const sign = query.descending ? -1 : 1;
  found.sort((a, b) => sign * (compareKeys(a.key, b.key, query.sortProperty) || (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0)));
  return found.map((entry) => entry.record);
}

export interface PageSlice {
  items: CjaSegmentRecord[];
  envelope: (content: unknown[]) => Record<string, unknown>;
}

export function pageOf(found: CjaSegmentRecord[], query: SegmentListQuery): PageSlice {
  const start = query.page * query.limit;
  const items = found.slice(start, start + query.limit);
  const totalPages = Math.ceil(found.length / query.limit);
  const sort = query.sortExplicit
    ? [{
        direction: query.descending ? 'DESC' : 'ASC',
        property: query.sortProperty,
        ignoreCase: false,
        nullHandling: 'NATIVE',
        ascending: !query.descending,
        descending: query.descending,
      }]
    : null;
  return {
    items,
    envelope: (content) => ({
      content,
      totalElements: found.length,
      totalPages,
      numberOfElements: content.length,
      number: query.page,
      size: query.limit,
      firstPage: query.page === 0,
      lastPage: query.page >= totalPages - 1,
      sort,
    }),
  };
}
