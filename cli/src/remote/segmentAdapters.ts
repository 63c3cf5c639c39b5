// One shape for the three services, so that each command is written once. A table per service says which
// fields a local file keeps, which ones a push sends, and which field tells whether the remote copy changed.
import type {
  AepClients,
  AepSegmentDefinition,
  AepSegmentDefinitionInput,
  CjaClients,
  CjaSegment,
  CjaSegmentInput,
  ServiceClients,
  ServiceKind,
  UnleashClients,
  UnleashSegment,
  UnleashSegmentInput,
} from '../../../remote/src/index';

export type Resource = Record<string, unknown>;

export interface SegmentSummary {
  id: string;
  name: string;
  description?: string;
  /** Service-specific detail for listings: data view, PQL, constraint count. */
  detail?: string;
  modified?: string;
}

export interface SegmentAdapter {
  service: ServiceKind;
  /** Fields a local file holds, in the order they are written. */
  localFields: readonly string[];
  /** Fields a push sends. */
  pushFields: readonly string[];
  /** Fields a create needs. */
  requiredForCreate: readonly string[];
  /** The field that changes on every remote edit (for conflict detection), if the service has one. */
  versionField?: string;
  /** Turns user input into the service's id type; undefined when the text cannot be an id. */
  parseId(text: unknown): string | undefined;
  list(options: { name?: string; signal?: AbortSignal }): AsyncIterable<Resource>;
  get(id: string, signal?: AbortSignal): Promise<Resource>;
  create(body: Resource, signal?: AbortSignal): Promise<Resource>;
  /** Resolves to the updated resource when the service returns it. */
  update(id: string, body: Resource, signal?: AbortSignal): Promise<Resource | undefined>;
  delete(id: string, signal?: AbortSignal): Promise<void>;
  summary(resource: Resource): SegmentSummary;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function cjaAdapter(clients: CjaClients): SegmentAdapter {
  const { cja } = clients;
  return {
    service: 'cja',
    localFields: ['id', 'name', 'description', 'dataId', 'definition', 'modified'],
    pushFields: ['name', 'description', 'dataId', 'definition'],
    requiredForCreate: ['name', 'dataId', 'definition'],
    versionField: 'modified',
    parseId: (value) => (typeof value === 'string' && value.trim() ? value.trim() : undefined),
    async *list({ name, signal }) {
      yield* cja.iterateSegments({ name, signal, expansion: ['definition', 'dataId', 'modified', 'tags'], limit: 100 });
    },
    get: (id, signal) => cja.getSegment(id, { signal }) as Promise<Resource>,
    create: (body, signal) => cja.createSegment(body as CjaSegmentInput, { signal }) as Promise<Resource>,
    update: (id, body, signal) => cja.updateSegment(id, body, { signal }) as Promise<Resource>,
    delete: (id, signal) => cja.deleteSegment(id, { signal }),
    summary: (r) => {
      const s = r as CjaSegment;
      return { id: s.id, name: s.name ?? '', description: s.description, detail: text(s.dataId), modified: s.modified };
    },
  };
}

function aepAdapter(clients: AepClients): SegmentAdapter {
  const { definitions } = clients;
  return {
    service: 'aep',
    localFields: ['id', 'name', 'description', 'schema', 'expression', 'mergePolicyId', 'evaluationInfo', 'updateTime'],
    pushFields: ['name', 'description', 'schema', 'expression', 'mergePolicyId', 'evaluationInfo', 'dataGovernancePolicy', 'payloadSchema', 'ttlInDays'],
    requiredForCreate: ['name', 'expression'],
    versionField: 'updateTime',
    parseId: (value) => (typeof value === 'string' && value.trim() ? value.trim() : undefined),
    async *list({ name, signal }) {
      for await (const definition of definitions.iterateDefinitions({ signal, limit: 100 })) {
        if (name === undefined || definition.name.toLowerCase().includes(name.toLowerCase())) yield definition;
      }
    },
    get: (id, signal) => definitions.getDefinition(id, { signal }) as Promise<Resource>,
    create: (body, signal) =>
      definitions.createDefinition({ schema: { name: '_xdm.context.profile' }, ...body } as AepSegmentDefinitionInput, { signal }) as Promise<Resource>,
    update: (id, body, signal) => definitions.updateDefinition(id, body as AepSegmentDefinitionInput, { signal }) as Promise<Resource>,
    delete: (id, signal) => definitions.deleteDefinition(id, { signal }),
    summary: (r) => {
      const d = r as AepSegmentDefinition;
      return {
        id: d.id,
        name: d.name,
        description: d.description,
        detail: typeof d.expression?.value === 'string' ? d.expression.value : undefined,
        modified: typeof d.updateTime === 'number' ? new Date(d.updateTime).toISOString() : undefined,
      };
    },
  };
}

function unleashAdapter(clients: UnleashClients): SegmentAdapter {
  const { unleash } = clients;
  const toNumber = (id: string): number => Number(id);
  return {
    service: 'unleash',
    localFields: ['id', 'name', 'description', 'project', 'constraints'],
    pushFields: ['name', 'description', 'project', 'constraints'],
    requiredForCreate: ['name', 'constraints'],
    parseId: (value) => {
      const candidate = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
      return /^\d+$/.test(candidate) ? String(Number(candidate)) : undefined;
    },
    async *list({ name, signal }) {
      for (const segment of await unleash.listSegments({ signal })) {
        if (name === undefined || segment.name.toLowerCase().includes(name.toLowerCase())) yield segment;
      }
    },
    get: (id, signal) => unleash.getSegment(toNumber(id), { signal }) as Promise<Resource>,
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
      return {
        id: String(s.id),
        name: s.name,
        description: s.description ?? undefined,
        detail: `${count} constraint${count === 1 ? '' : 's'}`,
        modified: s.createdAt,
      };
    },
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
