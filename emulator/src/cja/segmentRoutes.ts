// The CJA Segments API (base = the emulator's url, as https://cja.adobe.io is the real base).
//
// Projects that use a segment: cja-swagger.json lists `usedIn` only among GET /segments's expansions, and the CJA
// guide says "include the usedIn expansion parameter in your multiple segments request", so the documented way is
// GET /segments?filterByIds={id}&expansion=usedIn. GET /segments/{id}?expansion=usedIn is answered too.
import { parseJsonBody, isPlainObject } from '../http/body';
import { cjaError } from '../http/errorBodies';
import { json, type Reply } from '../http/reply';
import type { RequestContext, Router } from '../http/router';
import { checkDefinition } from './definitionValidator';
import { parseExpansion, projectSegment, WRITE_RESPONSE_EXPANSIONS } from './projection';
import { compatibilityOf } from './segmentRecord';
import { pageOf, parseListQuery, selectSegments } from './segmentListing';
import type { CjaSegmentStore, SegmentChanges } from './segmentStore';

const CREATE_REQUIREMENTS =
  'Invalid input; name, dataId, and definition are all required. Definition must be formatted as a JSON Object.';

export function registerCjaRoutes(router: Router, store: CjaSegmentStore): void {
  const add = (method: string, template: string, handler: (ctx: RequestContext) => Reply): void =>
    router.add({ method, template, service: 'cja', handler });

  add('GET', '/segments', (ctx) => listSegments(ctx, store));
  add('POST', '/segments', (ctx) => createSegment(ctx, store));
  add('POST', '/segments/validate', (ctx) => validateSegment(ctx));
  add('GET', '/segments/{id}', (ctx) => getSegment(ctx, store));
  add('PUT', '/segments/{id}', (ctx) => updateSegment(ctx, store));
  add('DELETE', '/segments/{id}', (ctx) => deleteSegment(ctx, store));
}

function listSegments(ctx: RequestContext, store: CjaSegmentStore): Reply {
  const expansions = parseExpansion(ctx.query.get('expansion'));
  const parsed = parseListQuery(ctx.query, expansions);
  if (!parsed.ok) return cjaError(400, 'invalid_parameters', parsed.message);
  const found = selectSegments(store.all(), parsed.query);
  if (!parsed.query.paginate) {
    // pagination=false: every match as a bare array (the shape of the guide's first GET /segments sample).
    return json(200, found.map((record) => projectSegment(record, expansions)));
  }
  const page = pageOf(found, parsed.query);
  return json(200, page.envelope(page.items.map((record) => projectSegment(record, expansions))));
}

function getSegment(ctx: RequestContext, store: CjaSegmentStore): Reply {
  const record = store.get(ctx.params.id);
  if (!record) return notFound(ctx.params.id);
  return json(200, projectSegment(record, parseExpansion(ctx.query.get('expansion'))));
}

function createSegment(ctx: RequestContext, store: CjaSegmentStore): Reply {
  const parsed = parseJsonBody(ctx.rawBody);
  if (!parsed.ok) return cjaError(400, 'invalid_json_input', `Bad JSON input; request not formatted correctly. ${parsed.message}`);
  const body = parsed.value;
  if (!isPlainObject(body)) return cjaError(400, 'invalid_json_input', 'Bad JSON input; the body must be a JSON object');
  const dataId = body.dataId ?? body.rsid;
  if (!nonEmptyString(body.name) || !nonEmptyString(dataId) || !isPlainObject(body.definition)) {
    return cjaError(400, 'invalid_parameters', CREATE_REQUIREMENTS);
  }
  if (body.description !== undefined && body.description !== null && typeof body.description !== 'string') {
    return cjaError(400, 'invalid_parameters', 'description must be a string');
  }
  const problem = definitionProblem(body.definition);
  if (problem) return problem;
  const record = store.create({
    name: body.name,
    description: typeof body.description === 'string' ? body.description : '',
    dataId,
    definition: body.definition,
  });
  return json(200, projectSegment(record, writeExpansions(ctx)));
}

function updateSegment(ctx: RequestContext, store: CjaSegmentStore): Reply {
  const record = store.get(ctx.params.id);
  if (!record || record.isDeleted) return notFound(ctx.params.id);
  const parsed = parseJsonBody(ctx.rawBody);
  if (!parsed.ok) return cjaError(400, 'invalid_json_input', `Bad JSON input; request not formatted correctly. ${parsed.message}`);
  if (!isPlainObject(parsed.value)) return cjaError(400, 'invalid_json_input', 'Bad JSON input; the body must be a JSON object');
  const body = parsed.value;

  // Only the fields the spec calls modifiable are taken; read-only ones (id, modified, ...) are ignored.
  const changes: SegmentChanges = {};
  if (body.name !== undefined) {
    if (!nonEmptyString(body.name)) return cjaError(400, 'invalid_parameters', 'name must be a non-empty string');
    changes.name = body.name;
  }
  if (body.description !== undefined) {
    if (typeof body.description !== 'string' && body.description !== null) return cjaError(400, 'invalid_parameters', 'description must be a string');
    changes.description = body.description ?? '';
  }
  const dataId = body.dataId ?? body.rsid;
  if (dataId !== undefined) {
    if (!nonEmptyString(dataId)) return cjaError(400, 'invalid_parameters', 'dataId must be a non-empty string');
    changes.dataId = dataId;
  }
  if (body.definition !== undefined) {
    if (!isPlainObject(body.definition)) return cjaError(400, 'invalid_parameters', 'Definition must be formatted as a JSON Object');
    const problem = definitionProblem(body.definition);
    if (problem) return problem;
    changes.definition = body.definition;
  }
  if (body.owner !== undefined) {
    const owner = body.owner;
    if (!isPlainObject(owner) || !nonEmptyString(owner.imsUserId)) return cjaError(400, 'invalid_parameters', 'owner must be an object with imsUserId');
    changes.owner = { imsUserId: owner.imsUserId, name: typeof owner.name === 'string' ? owner.name : undefined };
  }
  store.update(record, changes);
  return json(200, projectSegment(record, writeExpansions(ctx)));
}

function deleteSegment(ctx: RequestContext, store: CjaSegmentStore): Reply {
  const record = store.get(ctx.params.id);
  if (!record) return notFound(ctx.params.id);
  // Deleting again is harmless (soft delete), so a retried DELETE succeeds.
  if (!record.isDeleted) store.softDelete(record);
  // `result` is the spec's field, `status` the guide sample's: both are sent.
  return json(200, { result: 'success', status: 'ok', message: `Segment ${record.id} deleted successfully` });
}

function validateSegment(ctx: RequestContext): Reply {
  const parsed = parseJsonBody(ctx.rawBody);
  if (!parsed.ok) return cjaError(400, 'invalid_json_input', 'Bad JSON input; request not formatted correctly');
  let body = parsed.value;
  // The spec types the body as a string holding the definition; the guides post the object itself.
  if (typeof body === 'string') {
    const inner = parseJsonBody(body);
    if (!inner.ok) return cjaError(400, 'invalid_json_input', 'Bad JSON input; request not formatted correctly');
    body = inner.value;
  }
  if (!isPlainObject(body)) return cjaError(400, 'invalid_json_input', 'Bad JSON input; the body must be a JSON object');
  // A whole segment ({dataId, definition, name, ...}) as in the CJA validate guide, or a bare definition.
  const definition = body.func === undefined && body.definition !== undefined ? body.definition : body;
  return json(200, compatibilityOf(definition));
}

function definitionProblem(definition: unknown): Reply | undefined {
  const check = checkDefinition(definition);
  if (check.valid) return undefined;
  return cjaError(400, 'invalid_data', `Invalid segment definition: ${check.errors[0]}`, { definition: { errors: check.errors } });
}

function writeExpansions(ctx: RequestContext): string[] {
  return [...WRITE_RESPONSE_EXPANSIONS, ...parseExpansion(ctx.query.get('expansion'))];
}

function notFound(id: string): Reply {
  return cjaError(404, 'resource_not_found', `Segment not found: ${id}`);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
