// CJA Segments API client: https://cja.adobe.io/segments (list, get, create, update, delete, validate,
// components using a segment). The list endpoint answers a Spring page envelope or a bare array; both read.
import { ServiceError } from '../http/errors';
import { segment, type ServiceCaller } from '../http/serviceCaller';
import { isRecord, iteratePages, numberOr, type Page } from './page';
import type {
  CjaListOptions,
  CjaRequestOptions,
  CjaSegment,
  CjaSegmentInput,
  CjaSegmentUpdate,
  CjaUsage,
  CjaValidation,
  CjaValidationInput,
} from './cjaTypes';

/** What a listing shows by default: enough for a tree view and a pull. */
export const DEFAULT_CJA_LIST_EXPANSION = ['definition', 'dataId', 'modified', 'owner', 'tags'] as const;
export const DEFAULT_CJA_GET_EXPANSION = ['definition', 'dataId', 'modified', 'owner', 'tags', 'compatibility'] as const;
const DEFAULT_PAGE_SIZE = 100;

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

export class CjaSegmentsClient {
  constructor(private readonly caller: ServiceCaller) {}

  /** One page of segments. */
  async listSegments(options: CjaListOptions = {}): Promise<Page<CjaSegment>> {
    const page = options.page ?? 0;
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const { data, requestId, status } = await this.caller.call<unknown>({
      method: 'GET',
      path: '/segments',
      query: {
        limit,
        page,
        name: options.name,
        tagNames: options.tagNames,
        dataIds: options.dataIds,
        filterByIds: options.filterByIds,
        ownerId: options.ownerId,
        includeType: options.includeType,
        expansion: options.expansion ?? [...DEFAULT_CJA_LIST_EXPANSION],
        sortProperty: options.sortProperty,
        sortDirection: options.sortDirection,
        locale: options.locale,
        pagination: options.pagination === false ? 'false' : undefined,
      },
      signal: options.signal,
    });
    return this.toPage(data, page, limit, status, requestId, options.pagination === false);
  }

  private toPage(data: unknown, page: number, limit: number, status: number, requestId: string, everything: boolean): Page<CjaSegment> {
    if (Array.isArray(data)) {
      return { items: data as CjaSegment[], page, pageSize: everything ? data.length : limit, lastPage: everything || data.length < limit };
    }
    if (isRecord(data) && Array.isArray(data.content)) {
      const items = data.content as CjaSegment[];
      const number = numberOr(data.number, page) ?? page;
      const totalPages = numberOr(data.totalPages, undefined);
      const lastPage =
        typeof data.lastPage === 'boolean'
          ? data.lastPage
          : totalPages !== undefined
            ? number + 1 >= totalPages
            : items.length < limit;
      return {
        items,
        page: number,
        pageSize: numberOr(data.size, limit) ?? limit,
        totalItems: numberOr(data.totalElements, undefined),
        totalPages,
        lastPage,
      };
    }
    throw new ServiceError({
      service: 'cja',
      method: 'GET',
      path: '/segments',
      status,
      requestId,
      serviceMessage: 'the answer is neither a page of segments nor a list',
    });
  }

  /** Every segment matching `options`, page after page (bounded; stops when a page adds nothing new). */
  async *iterateSegments(options: CjaListOptions = {}): AsyncGenerator<CjaSegment, void, undefined> {
    yield* iteratePages(Number(options.page ?? 0), (page) => this.listSegments({ ...options, page }));
  }


  async getSegment(id: string, options: CjaRequestOptions = {}): Promise<CjaSegment> {
    const { data } = await this.caller.call<CjaSegment>({
      method: 'GET',
      path: `/segments/${segment(id)}`,
      query: { expansion: options.expansion ?? [...DEFAULT_CJA_GET_EXPANSION], locale: options.locale },
      signal: options.signal,
    });
    return data as CjaSegment;
  }

  /** Creates a segment (not idempotent: never retried unless the server certainly did nothing). */
  async createSegment(input: CjaSegmentInput, options: CjaRequestOptions = {}): Promise<CjaSegment> {
    const { data } = await this.caller.call<CjaSegment>({
      method: 'POST',
      path: '/segments',
      query: { expansion: options.expansion ?? [...DEFAULT_CJA_GET_EXPANSION], locale: options.locale },
      json: input,
      idempotent: false,
      signal: options.signal,
    });
    return data as CjaSegment;
  }

  /** Changes the fields present in `update` (PUT with a partial body). */
  async updateSegment(id: string, update: CjaSegmentUpdate, options: CjaRequestOptions = {}): Promise<CjaSegment> {
    const { data } = await this.caller.call<CjaSegment>({
      method: 'PUT',
      path: `/segments/${segment(id)}`,
      query: { expansion: options.expansion ?? [...DEFAULT_CJA_GET_EXPANSION], locale: options.locale },
      json: update,
      signal: options.signal,
    });
    return data as CjaSegment;
  }

  async deleteSegment(id: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.caller.call<unknown>({ method: 'DELETE', path: `/segments/${segment(id)}`, signal: options.signal });
  }

  /** The service's own validation of a definition (POST /segments/validate, read-only). */
  async validateDefinition(input: CjaValidationInput, options: { signal?: AbortSignal } = {}): Promise<CjaValidation> {
    const { data } = await this.caller.call<Record<string, unknown>>({
      method: 'POST',
      path: '/segments/validate',
      json: input,
      idempotent: true,
      signal: options.signal,
    });
    const body = data ?? {};
    const errors = stringList(body.errors) ?? [];
    return {
      valid: body.valid === true,
      message: typeof body.message === 'string' ? body.message : undefined,
      errors,
      validatorVersion: typeof body.validator_version === 'string' ? body.validator_version : undefined,
      supportedProducts: stringList(body.supported_products),
      supportedSchema: stringList(body.supported_schema),
      supportedFeatures: stringList(body.supported_features),
    };
  }

  /** Components (projects, calculated metrics, ...) that use the segment: the `usedIn` list expansion. */
  async usedIn(id: string, options: { signal?: AbortSignal } = {}): Promise<CjaUsage[]> {
    const result = await this.listSegments({ filterByIds: [id], expansion: ['usedIn'], limit: 10, signal: options.signal });
    const match = result.items.find((item) => item.id === id);
    if (!match) {
      throw new ServiceError({ service: 'cja', method: 'GET', path: '/segments', status: 404, serviceMessage: `segment ${id} not found` });
    }
    return Array.isArray(match.usedIn) ? match.usedIn : [];
  }

  /** Projects that use the segment. */
  async projectsUsingSegment(id: string, options: { signal?: AbortSignal } = {}): Promise<CjaUsage[]> {
    return (await this.usedIn(id, options)).filter((usage) => usage.componentType === 'project');
  }
}
