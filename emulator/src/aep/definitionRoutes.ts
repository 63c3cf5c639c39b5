// AEP Segment Definitions API (base = url + /data/core/ups).
//
// Status codes follow aep-segmentation.yaml and the segment-definitions guide, which agree: POST answers 200 (not
// 201), DELETE answers 200 with the spec's MessageResponse, bulk-get 207 with per-id results. The list answers
// the guide's `{segments, page, link}` envelope (the spec's 200 schema wrongly says a single SegmentDefinition).
import { isPlainObject } from '../http/body';
import { aepError } from '../http/errorBodies';
import { json, type Reply } from '../http/reply';
import type { RequestContext, Router } from '../http/router';
import { evaluationInfoOf, type AepDefinitionRecord, type AepExpression } from './definitionRecord';
import type { AepDefinitionStore, DefinitionChanges } from './definitionStore';
import { expressionProblem } from './pqlCheck';
import {
  addAepRoute,
  aepValidationError,
  bulkIds,
  bulkMissing,
  compareBy,
  jsonBody,
  offsetPaging,
  parseSort,
} from './aepRequest';

const SORT_FIELDS = ['name', 'creationTime', 'updateTime', 'updateEpoch', 'id', 'description'];
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

export function registerDefinitionRoutes(router: Router, store: AepDefinitionStore, sandbox: string): void {
  const add = (method: string, template: string, handler: (ctx: RequestContext) => Reply): void =>
    addAepRoute(router, sandbox, method, template, handler);
  add('GET', '/segment/definitions', (ctx) => listDefinitions(ctx, store));
  add('POST', '/segment/definitions', (ctx) => createDefinition(ctx, store));
  add('POST', '/segment/definitions/bulk-get', (ctx) => bulkGetDefinitions(ctx, store));
  add('GET', '/segment/definitions/{id}', (ctx) => getDefinition(ctx, store));
  add('PATCH', '/segment/definitions/{id}', (ctx) => patchDefinition(ctx, store));
  add('DELETE', '/segment/definitions/{id}', (ctx) => deleteDefinition(ctx, store));
}

function listDefinitions(ctx: RequestContext, store: AepDefinitionStore): Reply {
  const paging = offsetPaging(ctx, DEFAULT_LIMIT, MAX_LIMIT);
  if (!paging.ok) return paging.reply;
  const sort = parseSort(ctx, SORT_FIELDS, { field: 'creationTime', descending: true });
  if (!sort.ok) return sort.reply;

  const filters = (['batch', 'continuous', 'synchronous'] as const)
    .map((mode) => ({ mode, wanted: ctx.query.get(`evaluationInfo.${mode}.enabled`) }))
    .filter((filter): filter is { mode: 'batch' | 'continuous' | 'synchronous'; wanted: string } => filter.wanted !== null);
  const found = [...store.all()]
    .filter((record) => filters.every(({ mode, wanted }) => String(record.evaluationInfo[mode].enabled) === wanted.toLowerCase()))
    .sort(compareBy<AepDefinitionRecord>(sort.value, (record, field) => sortValue(record, field), (record) => record.id));

  const segments = found.slice(paging.offset, paging.offset + paging.limit).map(clone);
  const link: Record<string, unknown> = {};
  if (paging.offset + paging.limit < found.length) {
    const next = new URLSearchParams(ctx.query);
    next.delete('page');
    next.set('start', String(paging.offset + paging.limit));
    next.set('limit', String(paging.limit));
    link.next = { href: `/segment/definitions?${next.toString()}` };
  }
  return json(200, {
    segments,
    page: {
      totalCount: found.length,
      totalPages: Math.ceil(found.length / paging.limit),
      sortField: sort.value[0].field,
      sort: sort.value[0].descending ? 'desc' : 'asc',
      pageSize: segments.length,
      limit: paging.limit,
    },
    link,
  });
}

function createDefinition(ctx: RequestContext, store: AepDefinitionStore): Reply {
  const body = jsonBody(ctx);
  if (!body.ok) return body.reply;
  const input = body.value;
  if (!isPlainObject(input)) return aepValidationError(ctx, ['The request body must be a JSON object.']);

  const problems: string[] = [];
  if (typeof input.name !== 'string' || input.name.trim() === '') problems.push('name is a mandatory field.');
  const expression = readExpression(input.expression, problems, true);
  const schemaName = readSchemaName(input.schema, problems, true);
  if (input.description !== undefined && typeof input.description !== 'string') problems.push('description must be a string.');
  const evaluationInfo = evaluationInfoOf(input.evaluationInfo);
  if (!evaluationInfo) problems.push('evaluationInfo must hold batch/continuous/synchronous objects with a boolean enabled.');
  const optional = readOptionalStrings(input, problems);
  if (problems.length > 0 || !expression || !schemaName || !evaluationInfo) return aepValidationError(ctx, problems);

  const name = (input.name as string).trim();
  if (store.findByName(name)) return alreadyExists(ctx, name);
  const record = store.create({
    name,
    description: typeof input.description === 'string' ? input.description : '',
    expression,
    evaluationInfo,
    schemaName,
    ...optional,
  });
  return json(200, clone(record));
}

function getDefinition(ctx: RequestContext, store: AepDefinitionStore): Reply {
  const record = store.get(ctx.params.id);
  return record ? json(200, clone(record)) : notFound(ctx);
}

/** "Overwrite a segment definition": the given fields replace the stored ones; read-only fields are ignored. */
function patchDefinition(ctx: RequestContext, store: AepDefinitionStore): Reply {
  const record = store.get(ctx.params.id);
  if (!record) return notFound(ctx);
  const body = jsonBody(ctx);
  if (!body.ok) return body.reply;
  const input = body.value;
  if (!isPlainObject(input)) return aepValidationError(ctx, ['The request body must be a JSON object.']);

  const problems: string[] = [];
  const changes: DefinitionChanges = {};
  if (input.name !== undefined) {
    if (typeof input.name !== 'string' || input.name.trim() === '') problems.push('name must be a non-empty string.');
    else changes.name = input.name.trim();
  }
  if (input.description !== undefined) {
    if (typeof input.description !== 'string') problems.push('description must be a string.');
    else changes.description = input.description;
  }
  if (input.expression !== undefined) changes.expression = readExpression(input.expression, problems, true);
  if (input.schema !== undefined) changes.schemaName = readSchemaName(input.schema, problems, true);
  if (input.evaluationInfo !== undefined) {
    const info = evaluationInfoOf(input.evaluationInfo);
    if (!info) problems.push('evaluationInfo must hold batch/continuous/synchronous objects with a boolean enabled.');
    else changes.evaluationInfo = info;
  }
  Object.assign(changes, readOptionalStrings(input, problems));
  if (problems.length > 0) return aepValidationError(ctx, problems);
  if (changes.name !== undefined && store.findByName(changes.name, record.id)) return alreadyExists(ctx, changes.name);
  store.update(record, changes);
  return json(200, clone(record));
}

function deleteDefinition(ctx: RequestContext, store: AepDefinitionStore): Reply {
  if (!store.delete(ctx.params.id)) return notFound(ctx);
  return json(200, { status: true, message: `Segment definition with id '${ctx.params.id}' has been deleted.` });
}

function bulkGetDefinitions(ctx: RequestContext, store: AepDefinitionStore): Reply {
  const ids = bulkIds(ctx);
  if (!ids.ok) return ids.reply;
  const results: Record<string, unknown> = {};
  for (const id of ids.value) {
    const record = store.get(id);
    results[id] = record ? clone(record) : bulkMissing(ctx);
  }
  return json(207, { results });
}

function readExpression(value: unknown, problems: string[], required: boolean): AepExpression | undefined {
  if (value === undefined && !required) return undefined;
  if (!isPlainObject(value)) {
    problems.push('expression is a mandatory field and must be an object with type, format and value.');
    return undefined;
  }
  const type = value.type ?? 'PQL';
  const format = value.format;
  if (type !== 'PQL' && type !== 'ARL') problems.push("expression.type must be 'PQL'.");
  if (format !== 'pql/text' && format !== 'pql/json') problems.push("expression.format must be 'pql/text' or 'pql/json'.");
  if (typeof value.value !== 'string') problems.push('expression.value must be a string.');
  if (problems.length > 0 || typeof type !== 'string' || typeof format !== 'string' || typeof value.value !== 'string') return undefined;
  const pqlProblem = expressionProblem(format, value.value);
  if (pqlProblem) {
    problems.push(`The PQL expression is invalid: ${pqlProblem}`);
    return undefined;
  }
  return { type, format, value: value.value };
}

function readSchemaName(value: unknown, problems: string[], required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  const name = isPlainObject(value) ? (value.name ?? value.id) : undefined;
  if (typeof name !== 'string' || name === '') {
    problems.push('schema is a mandatory field and must have a name (e.g. _xdm.context.profile).');
    return undefined;
  }
  return name;
}

function readOptionalStrings(input: Record<string, unknown>, problems: string[]): Pick<DefinitionChanges, 'mergePolicyId' | 'profileInstanceId' | 'payloadSchema'> {
  const out: Pick<DefinitionChanges, 'mergePolicyId' | 'profileInstanceId' | 'payloadSchema'> = {};
  for (const field of ['mergePolicyId', 'profileInstanceId', 'payloadSchema'] as const) {
    const value = input[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') problems.push(`${field} must be a string.`);
    else out[field] = value;
  }
  return out;
}

function sortValue(record: AepDefinitionRecord, field: string): string | number {
  const value = (record as unknown as Record<string, unknown>)[field];
  return typeof value === 'number' ? value : String(value ?? '');
}

function alreadyExists(ctx: RequestContext, name: string): Reply {
  return aepError(422, 'UPAPI-113422-422', `A segment definition named '${name}' already exists. Use PATCH to update it.`, ctx.requestId);
}

function notFound(ctx: RequestContext): Reply {
  return aepError(404, 'UPAPI-113430-404', `The segment definition ${ctx.params.id} is not found. Use a valid entity and try again.`, ctx.requestId);
}

function clone<T>(value: T): T {
  return structuredClone(value);
}
