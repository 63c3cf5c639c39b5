// AEP Segment Jobs API (base = url + /data/core/ups). POST answers 200 with the new job (spec and guide);
// DELETE answers 204 without a body (the spec; the guide prints a body under "204", which HTTP does not allow).
import { isPlainObject } from '../http/body';
import { aepError } from '../http/errorBodies';
import { json, type Reply } from '../http/reply';
import type { RequestContext, Router } from '../http/router';
import type { Clock } from '../util/clock';
import type { AepDefinitionRecord } from './definitionRecord';
import type { AepDefinitionStore } from './definitionStore';
import { JOB_STATUSES, type JobStatus } from './jobLifecycle';
import { jobView, type AepJobRecord } from './jobRecord';
import type { AepJobStore } from './jobStore';
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

const SORT_FIELDS = ['creationTime', 'updateTime', 'status', 'id'];
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
/** "There are too many segmentation jobs in processing at the moment" beyond this many active jobs. */
export const MAX_ACTIVE_JOBS = 50;

interface JobDeps {
  jobs: AepJobStore;
  definitions: AepDefinitionStore;
  clock: Clock;
}

export function registerJobRoutes(router: Router, deps: JobDeps, sandbox: string): void {
  const add = (method: string, template: string, handler: (ctx: RequestContext) => Reply): void =>
    addAepRoute(router, sandbox, method, template, handler);
  add('GET', '/segment/jobs', (ctx) => listJobs(ctx, deps));
  add('POST', '/segment/jobs', (ctx) => createJob(ctx, deps));
  add('POST', '/segment/jobs/bulk-get', (ctx) => bulkGetJobs(ctx, deps));
  add('GET', '/segment/jobs/{id}', (ctx) => getJob(ctx, deps));
  add('DELETE', '/segment/jobs/{id}', (ctx) => cancelJob(ctx, deps));
}

function listJobs(ctx: RequestContext, deps: JobDeps): Reply {
  const paging = offsetPaging(ctx, DEFAULT_LIMIT, MAX_LIMIT);
  if (!paging.ok) return paging.reply;
  const sort = parseSort(ctx, SORT_FIELDS, { field: 'creationTime', descending: true });
  if (!sort.ok) return sort.reply;
  const statuses = (ctx.query.get('status') ?? '').split(',').map((s) => s.trim().toUpperCase()).filter((s) => s !== '');
  const unknown = statuses.filter((status) => !JOB_STATUSES.includes(status as JobStatus));
  if (unknown.length > 0) return aepValidationError(ctx, [`Unknown status ${unknown.join(', ')}; use one of ${JOB_STATUSES.join(', ')}.`]);
  const propertyFilters = ctx.query.getAll('property').map(parsePropertyFilter);
  if (propertyFilters.some((filter) => filter === undefined)) {
    return aepValidationError(ctx, ['property must be [path]==[value] or [arrayAttribute]~[key]==[value].']);
  }

  const now = deps.clock.now();
  const views = [...deps.jobs.all()]
    .map((job) => jobView(job, now))
    .filter((view) => statuses.length === 0 || statuses.includes(view.status as string))
    .filter((view) => propertyFilters.every((filter) => filter!(view)))
    .sort(compareBy<Record<string, unknown>>(sort.value, (view, field) => view[field] as string | number, (view) => view.id as string));

  const children = views.slice(paging.offset, paging.offset + paging.limit);
  // The guide's sample ends with `"_links": {"next": {}}` when there is no further page.
  const next: Record<string, string> = {};
  if (paging.offset + paging.limit < views.length) {
    const query = new URLSearchParams(ctx.query);
    query.set('start', String(paging.offset + paging.limit));
    query.set('limit', String(paging.limit));
    next.href = `/segment/jobs?${query.toString()}`;
  }
  return json(200, { _page: { totalCount: views.length, pageSize: children.length }, children, _links: { next } });
}

function createJob(ctx: RequestContext, deps: JobDeps): Reply {
  const body = jsonBody(ctx);
  if (!body.ok) return body.reply;
  // An array of {segmentId} (spec), or {schema, segments:[{segmentId:"*"}]} for every segment (guide).
  const items = Array.isArray(body.value) ? body.value : isPlainObject(body.value) ? body.value.segments : undefined;
  if (!Array.isArray(items) || items.length === 0) {
    return aepValidationError(ctx, ['The body must be a non-empty array of {"segmentId": "..."} objects.']);
  }
  const ids: string[] = [];
  for (const item of items) {
    if (!isPlainObject(item) || typeof item.segmentId !== 'string' || item.segmentId === '') {
      return aepValidationError(ctx, ['Each entry must be an object with a string segmentId.']);
    }
    if (!ids.includes(item.segmentId)) ids.push(item.segmentId);
  }
  const allSegments = ids.includes('*');
  const definitions: AepDefinitionRecord[] = [];
  const missing: string[] = [];
  for (const id of allSegments ? [] : ids) {
    const definition = deps.definitions.get(id);
    if (definition) definitions.push(definition);
    else missing.push(id);
  }
  if (missing.length > 0) return aepValidationError(ctx, missing.map((id) => `Segment definition ${id} does not exist.`));
  if (allSegments) definitions.push(...deps.definitions.all());

  const now = deps.clock.now();
  if (deps.jobs.activeCount(now) >= MAX_ACTIVE_JOBS) {
    return aepError(429, 'UPAPI-113429-429', 'There are too many segmentation jobs in processing at the moment. Try again at a later time.', ctx.requestId);
  }
  const job = deps.jobs.create(definitions, allSegments, ctx.requestId);
  return json(200, jobView(job, now));
}

function getJob(ctx: RequestContext, deps: JobDeps): Reply {
  const job = deps.jobs.get(ctx.params.id);
  return job ? json(200, jobView(job, deps.clock.now())) : notFound(ctx);
}

function cancelJob(ctx: RequestContext, deps: JobDeps): Reply {
  const job = deps.jobs.get(ctx.params.id);
  if (!job) return notFound(ctx);
  deps.jobs.cancel(job);
  return { status: 204 };
}

function bulkGetJobs(ctx: RequestContext, deps: JobDeps): Reply {
  const ids = bulkIds(ctx);
  if (!ids.ok) return ids.reply;
  const now = deps.clock.now();
  const results: Record<string, unknown> = {};
  for (const id of ids.value) {
    const job: AepJobRecord | undefined = deps.jobs.get(id);
    results[id] = job ? jobView(job, now) : bulkMissing(ctx);
  }
  return json(207, { results });
}

/** `segments~segmentId==X` (some array item has key == X) or `path.to.field==X`. */
function parsePropertyFilter(text: string): ((view: Record<string, unknown>) => boolean) | undefined {
  const equals = text.indexOf('==');
  if (equals <= 0) return undefined;
  const left = text.slice(0, equals);
  const wanted = text.slice(equals + 2);
  const tilde = left.indexOf('~');
  if (tilde > 0) {
    const arrayName = left.slice(0, tilde);
    const key = left.slice(tilde + 1);
    return (view) => {
      const array = view[arrayName];
      return Array.isArray(array) && array.some((item) => isPlainObject(item) && String(item[key]) === wanted);
    };
  }
  const path = left.split('.');
  return (view) => {
    let value: unknown = view;
    for (const part of path) value = isPlainObject(value) ? value[part] : undefined;
    return value !== undefined && String(value) === wanted;
  };
}

function notFound(ctx: RequestContext): Reply {
  return aepError(404, 'UPAPI-113430-404', `The segment job ${ctx.params.id} is not found. Use a valid entity and try again.`, ctx.requestId);
}

