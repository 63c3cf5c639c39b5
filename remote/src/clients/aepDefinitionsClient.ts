// AEP Segment Definitions API client: {base}/segment/definitions (list, get, create, update by PATCH, delete,
// bulk-get). Base e.g. https://platform.adobe.io/data/core/ups.
import { ServiceError } from '../http/errors';
import { segment, type ServiceCaller } from '../http/serviceCaller';
import { AEP_BULK_LIMIT, chunk, readBulkResults } from './bulkResults';
import { isRecord, iteratePages, numberOr, type Page } from './page';
import type { AepListOptions, AepSegmentDefinition, AepSegmentDefinitionInput, BulkResult } from './aepTypes';

const DEFAULT_PAGE_SIZE = 100;

export class AepDefinitionsClient {
  constructor(private readonly caller: ServiceCaller) {}

  async listDefinitions(options: AepListOptions = {}): Promise<Page<AepSegmentDefinition>> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const page = options.start !== undefined ? Math.floor(options.start / limit) : (options.page ?? 0);
    const { data, status, requestId } = await this.caller.call<unknown>({
      method: 'GET',
      path: '/segment/definitions',
      // `page` wins over `start` on the service: send only the one the caller meant.
      query: { start: options.start, limit, page: options.start === undefined ? page : undefined, sort: options.sort },
      signal: options.signal,
    });
    const items = Array.isArray(data)
      ? data
      : isRecord(data) && Array.isArray(data.segments)
        ? data.segments
        : isRecord(data) && Array.isArray(data.children)
          ? data.children
          : undefined;
    if (!items) {
      throw new ServiceError({
        service: 'aep',
        method: 'GET',
        path: '/segment/definitions',
        status,
        requestId,
        serviceMessage: 'the answer is not a page of segment definitions',
      });
    }
    const info = isRecord(data) && isRecord(data.page) ? data.page : {};
    const totalPages = numberOr(info.totalPages, undefined);
    const totalItems = numberOr(info.totalCount, undefined);
    return {
      items: items as AepSegmentDefinition[],
      page,
      pageSize: numberOr(info.pageSize, limit) ?? limit,
      totalItems,
      totalPages,
      lastPage: totalPages !== undefined ? page + 1 >= totalPages : items.length < limit,
    };
  }

  /** Every definition, page after page (bounded; stops when a page adds nothing new). */
  async *iterateDefinitions(options: AepListOptions = {}): AsyncGenerator<AepSegmentDefinition, void, undefined> {
    yield* iteratePages(Number(options.page ?? 0), (page) => this.listDefinitions({ ...options, page }));
  }


  async getDefinition(id: string, options: { signal?: AbortSignal } = {}): Promise<AepSegmentDefinition> {
    const { data } = await this.caller.call<AepSegmentDefinition>({
      method: 'GET',
      path: `/segment/definitions/${segment(id)}`,
      signal: options.signal,
    });
    return data as AepSegmentDefinition;
  }

  /** Creates a definition (not idempotent: never retried unless the server certainly did nothing). */
  async createDefinition(input: AepSegmentDefinitionInput, options: { signal?: AbortSignal } = {}): Promise<AepSegmentDefinition> {
    const { data } = await this.caller.call<AepSegmentDefinition>({
      method: 'POST',
      path: '/segment/definitions',
      json: input,
      idempotent: false,
      signal: options.signal,
    });
    return data as AepSegmentDefinition;
  }

  /**
   * Overwrites a definition (PATCH with a full SegmentDefinition body, as the spec describes). Sending the same
   * body twice gives the same definition, so it is retried like an idempotent request.
   */
  async updateDefinition(id: string, input: AepSegmentDefinitionInput, options: { signal?: AbortSignal } = {}): Promise<AepSegmentDefinition> {
    const { data } = await this.caller.call<AepSegmentDefinition>({
      method: 'PATCH',
      path: `/segment/definitions/${segment(id)}`,
      json: input,
      idempotent: true,
      signal: options.signal,
    });
    return data as AepSegmentDefinition;
  }

  async deleteDefinition(id: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.caller.call<unknown>({ method: 'DELETE', path: `/segment/definitions/${segment(id)}`, signal: options.signal });
  }

  /** Several definitions in as few calls as possible (100 ids per call); read-only, so retried when needed. */
  async bulkGetDefinitions(ids: readonly string[], options: { signal?: AbortSignal } = {}): Promise<BulkResult<AepSegmentDefinition>> {
    const merged: BulkResult<AepSegmentDefinition> = { found: {}, missing: {} };
    for (const part of chunk([...new Set(ids)], AEP_BULK_LIMIT)) {
      const { data } = await this.caller.call<unknown>({
        method: 'POST',
        path: '/segment/definitions/bulk-get',
        json: { ids: part.map((id) => ({ id })) },
        idempotent: true,
        signal: options.signal,
      });
      const result = readBulkResults<AepSegmentDefinition>(data, part, (entry) => typeof entry.name === 'string' || isRecord(entry.expression));
      Object.assign(merged.found, result.found);
      Object.assign(merged.missing, result.missing);
    }
    return merged;
  }
}
