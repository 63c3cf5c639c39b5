// AEP segment definitions as editable documents; update is a PATCH with the whole definition (AEP overwrites).
// The list API cannot filter by name: the store filters each fetched page itself and says so.
import type { AepDefinitionsClient } from '../clients/aepDefinitionsClient';
import type { AepSegmentDefinition } from '../clients/aepTypes';
import { matchesFilter, pick, versionOf, type ListPage, type ListQuery, type SegmentDocument, type SegmentStore, type SegmentSummary } from './segmentStore';

const EDITABLE = ['name', 'description', 'schema', 'expression', 'evaluationInfo', 'ttlInDays', 'mergePolicyId', 'profileInstanceId', 'dataGovernancePolicy'] as const;

export class AepDefinitionStore implements SegmentStore {
  readonly collection = 'aep-definitions' as const;
  readonly kind = 'aep' as const;

  constructor(private readonly client: AepDefinitionsClient) {}

  async list(query: ListQuery): Promise<ListPage> {
    const start = query.cursor ?? 0;
    const sortField = query.sort?.property === 'modified' ? 'updateTime' : 'name';
    const page = await this.client.listDefinitions({ start, limit: query.pageSize, sort: `${sortField}:${query.sort?.direction ?? 'asc'}`, signal: query.signal });
    const fetched = page.items.length;
    return {
      items: page.items.filter((d) => matchesFilter(d.name, query.filter)).map(summarize),
      next: page.lastPage || fetched === 0 ? undefined : start + fetched,
      total: query.filter ? undefined : page.totalItems,
      filteredByService: !query.filter,
    };
  }

  async fetch(id: string, signal?: AbortSignal): Promise<SegmentDocument> {
    return this.toDocument(await this.client.getDefinition(id, { signal }));
  }

  async update(id: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<SegmentDocument> {
    await this.client.updateDefinition(id, this.editable(body) as never, { signal });
    return this.fetch(id, signal);
  }

  async create(body: Record<string, unknown>, signal?: AbortSignal): Promise<SegmentDocument> {
    const created = await this.client.createDefinition(this.editable(body) as never, { signal });
    return this.toDocument(created);
  }

  async delete(id: string, signal?: AbortSignal): Promise<void> {
    await this.client.deleteDefinition(id, { signal });
  }

  template(): Record<string, unknown> {
    return {
      name: 'New segment definition',
      description: '',
      schema: { name: '_xdm.context.profile' },
      expression: { type: 'PQL', format: 'pql/text', value: 'homeAddress.countryCode = "US"' },
      evaluationInfo: { batch: { enabled: true }, continuous: { enabled: false }, synchronous: { enabled: false } },
    };
  }

  editable(body: Record<string, unknown>): Record<string, unknown> {
    return pick(body, EDITABLE);
  }

  private toDocument(definition: AepSegmentDefinition): SegmentDocument {
    const body = { id: definition.id, ...pick(definition as Record<string, unknown>, EDITABLE) };
    return { id: definition.id, name: definition.name, body, version: versionOf(this, body) };
  }
}

function evaluationMethod(d: AepSegmentDefinition): string {
  if (d.evaluationInfo?.synchronous?.enabled) return 'edge';
  if (d.evaluationInfo?.continuous?.enabled) return 'streaming';
  return 'batch';
}

function summarize(d: AepSegmentDefinition): SegmentSummary {
  const facts: Record<string, string> = { Evaluation: evaluationMethod(d), Schema: d.schema?.name ?? '?' };
  if (d.expression?.value) facts.Expression = d.expression.value.length > 200 ? d.expression.value.slice(0, 200) + '…' : d.expression.value;
  return {
    id: d.id,
    name: d.name,
    description: d.description || undefined,
    modified: d.updateTime ? new Date(d.updateTime).toISOString() : undefined,
    facts,
  };
}
