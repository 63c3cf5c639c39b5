// One shape for the three services' segments, so that the CLI's commands and the editor's tree and documents are
// each written once. A table per service says which fields a local file keeps, which ones a push sends, which are
// needed to create, and which field tells whether the remote copy changed; functions list (all, or a page for the
// tree), get, create, update and delete in the service's own terms.
import type { AepSegmentDefinition, AepSegmentDefinitionInput } from '../clients/aepTypes';
import type { CjaSegment, CjaSegmentInput } from '../clients/cjaTypes';
import type { UnleashSegment, UnleashSegmentInput } from '../clients/unleashTypes';
import type { AepClients, CjaClients, ServiceClients, UnleashClients } from '../index';
import type { ServiceKind } from '../connections/connectionTypes';

export type Resource = Record<string, unknown>;

/** The tree's collections of segments, one per service (AEP's jobs are not segments). */
export type CollectionKind = 'cja-segments' | 'aep-definitions' | 'unleash-segments';

export interface SegmentSummary {
  id: string;
  name: string;
  description?: string;
  owner?: string;
  /** ISO timestamp of the last change, when the service tells. */
  modified?: string;
  /** One line of service-specific detail for listings: data view, PQL, constraint count. */
  detail?: string;
  /** Facts for tooltips (data view, evaluation method, ...). */
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
  /** False when the service cannot filter by name and the page was filtered here. */
  filteredByService: boolean;
}

export interface SegmentAdapter {
  service: ServiceKind;
  collection: CollectionKind;
  /** Fields a local file holds, in the order they are written. */
  localFields: readonly string[];
  /** Fields a push sends: what a person edits. */
  pushFields: readonly string[];
  /** Fields a create needs. */
  requiredForCreate: readonly string[];
  /** The field that changes on every remote edit (for conflict detection), if the service has one. */
  versionField?: string;
  /** Turns user input into the service's id type; undefined when the text cannot be an id. */
  parseId(text: unknown): string | undefined;
  /** Every segment (optionally those whose name contains `name`). */
  list(options: { name?: string; signal?: AbortSignal }): AsyncIterable<Resource>;
  /** One page, for the tree: the service pages and filters where it can, this adapter where it cannot. */
  page(query: ListQuery): Promise<ListPage>;
  get(id: string, signal?: AbortSignal): Promise<Resource>;
  create(body: Resource, signal?: AbortSignal): Promise<Resource>;
  /** Resolves to the updated resource when the service returns it. */
  update(id: string, body: Resource, signal?: AbortSignal): Promise<Resource | undefined>;
  delete(id: string, signal?: AbortSignal): Promise<void>;
  summary(resource: Resource): SegmentSummary;
  /** A valid skeleton of a new segment (its push fields). */
  template(): Resource;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

export function matchesName(name: unknown, filter: string | undefined): boolean {
  return !filter || String(name ?? '').toLowerCase().includes(filter.toLowerCase());
}

function cjaAdapter(clients: CjaClients): SegmentAdapter {
  const { cja } = clients;
  return {
    service: 'cja',
    collection: 'cja-segments',
    localFields: ['id', 'name', 'description', 'dataId', 'definition', 'modified'],
    pushFields: ['name', 'description', 'dataId', 'definition'],
    requiredForCreate: ['name', 'dataId', 'definition'],
    versionField: 'modified',
    parseId: (value) => (typeof value === 'string' && value.trim() ? value.trim() : undefined),
    async *list({ name, signal }) {
      yield* cja.iterateSegments({ name, signal, expansion: ['definition', 'dataId', 'modified', 'tags'], limit: 100 });
    },
    async page(query) {
      const page = await cja.listSegments({
        limit: query.pageSize,
        page: query.cursor ?? 0,
        name: query.filter || undefined,
        expansion: ['modified', 'owner', 'dataId', 'tags'],
        sortProperty: query.sort?.property === 'modified' ? 'modified_date' : 'name',
        sortDirection: query.sort?.direction === 'desc' ? 'DESC' : 'ASC',
        signal: query.signal,
      });
      return {
        items: page.items.map((s) => this.summary(s)),
        next: page.lastPage ? undefined : page.page + 1,
        total: page.totalItems,
        filteredByService: true,
      };
    },
    get: (id, signal) => cja.getSegment(id, { signal }) as Promise<Resource>,
    create: (body, signal) => cja.createSegment(body as unknown as CjaSegmentInput, { signal }) as Promise<Resource>,
    update: (id, body, signal) => cja.updateSegment(id, body, { signal }) as Promise<Resource>,
    delete: (id, signal) => cja.deleteSegment(id, { signal }),
    summary: (r) => {
      const s = r as CjaSegment;
      const facts: Record<string, string> = {};
      if (s.dataId) facts['Data view'] = String(s.dataId);
      if (s.tags?.length) facts.Tags = s.tags.map((t) => t.name).join(', ');
      return { id: s.id, name: s.name ?? s.id, description: s.description || undefined, owner: s.owner?.name, detail: text(s.dataId), modified: s.modified, facts };
    },
    template: () => ({
      name: 'New segment',
      description: '',
      dataId: 'dv_REPLACE_WITH_DATA_VIEW_ID',
      definition: {
        func: 'segment',
        version: [1, 0, 0],
        container: { func: 'container', context: 'hits', pred: { func: 'exists', val: { func: 'attr', name: 'variables/page' } } },
      },
    }),
  };
}

function evaluationMethod(d: AepSegmentDefinition): string {
  if (d.evaluationInfo?.synchronous?.enabled) return 'edge';
  if (d.evaluationInfo?.continuous?.enabled) return 'streaming';
  return 'batch';
}

function aepAdapter(clients: AepClients): SegmentAdapter {
  const { definitions } = clients;
  return {
    service: 'aep',
    collection: 'aep-definitions',
    localFields: ['id', 'name', 'description', 'schema', 'expression', 'mergePolicyId', 'evaluationInfo', 'updateTime'],
    pushFields: ['name', 'description', 'schema', 'expression', 'mergePolicyId', 'evaluationInfo', 'dataGovernancePolicy', 'payloadSchema', 'ttlInDays'],
    requiredForCreate: ['name', 'expression'],
    versionField: 'updateTime',
    parseId: (value) => (typeof value === 'string' && value.trim() ? value.trim() : undefined),
    async *list({ name, signal }) {
      for await (const definition of definitions.iterateDefinitions({ signal, limit: 100 })) {
        if (matchesName(definition.name, name)) yield definition;
      }
    },
    // The list API cannot filter by name: each fetched page is filtered here, and the page says so.
    async page(query) {
      const start = query.cursor ?? 0;
      const sortField = query.sort?.property === 'modified' ? 'updateTime' : 'name';
      const page = await definitions.listDefinitions({ start, limit: query.pageSize, sort: `${sortField}:${query.sort?.direction ?? 'asc'}`, signal: query.signal });
      return {
        items: page.items.filter((d) => matchesName(d.name, query.filter)).map((d) => this.summary(d)),
        next: page.lastPage || page.items.length === 0 ? undefined : start + page.items.length,
        total: query.filter ? undefined : page.totalItems,
        filteredByService: !query.filter,
      };
    },
    get: (id, signal) => definitions.getDefinition(id, { signal }) as Promise<Resource>,
    create: (body, signal) =>
      definitions.createDefinition({ schema: { name: '_xdm.context.profile' }, ...body } as AepSegmentDefinitionInput, { signal }) as Promise<Resource>,
    update: (id, body, signal) => definitions.updateDefinition(id, body as AepSegmentDefinitionInput, { signal }) as Promise<Resource>,
    delete: (id, signal) => definitions.deleteDefinition(id, { signal }),
    summary: (r) => {
      const d = r as AepSegmentDefinition;
      const expression = typeof d.expression?.value === 'string' ? d.expression.value : undefined;
      const facts: Record<string, string> = { Evaluation: evaluationMethod(d), Schema: d.schema?.name ?? '?' };
      if (expression) facts.Expression = expression.length > 200 ? expression.slice(0, 200) + '…' : expression;
      return {
        id: d.id,
        name: d.name,
        description: d.description || undefined,
        detail: expression,
        modified: typeof d.updateTime === 'number' ? new Date(d.updateTime).toISOString() : undefined,
        facts,
      };
    },
    template: () => ({
      name: 'New segment definition',
      description: '',
      schema: { name: '_xdm.context.profile' },
      expression: { type: 'PQL', format: 'pql/text', value: 'homeAddress.countryCode = "US"' },
      evaluationInfo: { batch: { enabled: true }, continuous: { enabled: false }, synchronous: { enabled: false } },
    }),
  };
}

/**
 * The server adds `values: []` to single-value constraints in its answers; without it a pulled or opened segment
 * reads as the user wrote it, and versions compare equal before and after a round trip.
 */
function withoutServerDefaults(segment: UnleashSegment): UnleashSegment {
  if (!Array.isArray(segment.constraints)) return segment;
  const constraints = segment.constraints.map((c) => {
    if (c && c.value !== undefined && Array.isArray(c.values) && c.values.length === 0) {
      const { values: _values, ...rest } = c;
      return rest;
    }
    return c;
  });
  return { ...segment, constraints };
}

function unleashAdapter(clients: UnleashClients): SegmentAdapter {
  const { unleash } = clients;
  const toNumber = (id: string): number => Number(id);
  const all = async (signal?: AbortSignal) => (await unleash.listSegments({ signal })).map(withoutServerDefaults);
  return {
    service: 'unleash',
    collection: 'unleash-segments',
    localFields: ['id', 'name', 'description', 'project', 'constraints'],
    pushFields: ['name', 'description', 'project', 'constraints'],
    requiredForCreate: ['name', 'constraints'],
    parseId: (value) => {
      const candidate = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
      return /^\d+$/.test(candidate) ? String(Number(candidate)) : undefined;
    },
    async *list({ name, signal }) {
      for (const segment of await all(signal)) if (matchesName(segment.name, name)) yield segment;
    },
    // The Admin API lists everything at once: paging, sorting and the name filter happen here.
    async page(query) {
      const segments = (await all(query.signal)).filter((s) => matchesName(s.name, query.filter));
      const direction = query.sort?.direction === 'desc' ? -1 : 1;
      segments.sort((a, b) => direction * (query.sort?.property === 'modified'
        ? String(a.createdAt ?? '').localeCompare(String(b.createdAt ?? ''))
        : a.name.localeCompare(b.name)));
      const start = query.cursor ?? 0;
      const end = start + query.pageSize;
      return { items: segments.slice(start, end).map((s) => this.summary(s)), next: end < segments.length ? end : undefined, total: segments.length, filteredByService: false };
    },
    get: async (id, signal) => withoutServerDefaults(await unleash.getSegment(toNumber(id), { signal })) as Resource,
    create: (body, signal) => unleash.createSegment(body as unknown as UnleashSegmentInput, { signal }) as Promise<Resource>,
    update: async (id, body, signal) => {
      // PUT replaces the segment: the full body is sent (the push fields are the whole editable segment).
      await unleash.updateSegment(toNumber(id), body as unknown as UnleashSegmentInput, { signal });
      return undefined;
    },
    delete: (id, signal) => unleash.deleteSegment(toNumber(id), { signal }),
    summary: (r) => {
      const s = r as UnleashSegment;
      const count = Array.isArray(s.constraints) ? s.constraints.length : 0;
      const facts: Record<string, string> = { Constraints: String(count) };
      if (s.project) facts.Project = s.project;
      if (s.usedInFeatures) facts['Used in flags'] = String(s.usedInFeatures);
      return {
        id: String(s.id),
        name: s.name,
        description: s.description || undefined,
        owner: s.createdBy,
        detail: `${count} constraint${count === 1 ? '' : 's'}`,
        modified: s.createdAt,
        facts,
      };
    },
    template: () => ({ name: 'new-segment', description: '', constraints: [{ contextName: 'userId', operator: 'IN', values: ['user-1'] }] }),
  };
}

export function adapterFor(clients: ServiceClients): SegmentAdapter {
  switch (clients.service) {
    case 'cja':
      return cjaAdapter(clients);
    case 'aep':
      return aepAdapter(clients);
    case 'unleash':
      return unleashAdapter(clients);
  }
}

/** The fields of `resource` named in `fields`, in that order (absent ones left out). */
export function pick(resource: Resource, fields: readonly string[]): Resource {
  const out: Resource = {};
  for (const field of fields) if (resource[field] !== undefined) out[field] = resource[field];
  return out;
}

/**
 * Whether the service's copy holds everything that was sent: objects may have gained fields the service fills in
 * (Unleash adds `values: []` and flags to constraints, AEP adds defaults), everything sent must be there as sent.
 */
function holds(remote: unknown, sent: unknown, depth = 0): boolean {
  if (depth > 100) return false;
  if (Array.isArray(sent)) {
    return Array.isArray(remote) && remote.length === sent.length && sent.every((item, i) => holds(remote[i], item, depth + 1));
  }
  if (sent !== null && typeof sent === 'object') {
    if (remote === null || typeof remote !== 'object' || Array.isArray(remote)) return false;
    return Object.entries(sent).every(([key, value]) => holds((remote as Resource)[key], value, depth + 1));
  }
  return remote === sent;
}

/** After an unclear create: the segment with this exact name and content, if the service has exactly one. */
export async function findCreated(adapter: SegmentAdapter, body: Resource, signal?: AbortSignal): Promise<Resource | undefined> {
  const name = typeof body.name === 'string' ? body.name : undefined;
  if (!name) return undefined;
  const matches: Resource[] = [];
  for await (const resource of adapter.list({ name, signal })) {
    if (resource.name === name && holds(resource, body)) matches.push(resource);
  }
  return matches.length === 1 ? matches[0] : undefined;
}
