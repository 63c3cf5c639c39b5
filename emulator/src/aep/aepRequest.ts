// What every AEP Segmentation request shares: the x-sandbox-name header, the JSON content type on writes, the
// `{ids:[{id}]}` body of the bulk-get endpoints and the offset/limit query parameters.
import { single } from '../auth/gateway';
import { isJsonContentType, isPlainObject, parseJsonBody } from '../http/body';
import { aepError, aepProblem } from '../http/errorBodies';
import type { Reply } from '../http/reply';
import type { Handler, RequestContext, Router } from '../http/router';
import { AEP_BASE_PATH } from '../http/router';

export const MAX_BULK_IDS = 100;

/** Registers an AEP route (template relative to /data/core/ups) behind the sandbox and content-type checks. */
export function addAepRoute(router: Router, sandbox: string, method: string, template: string, handler: Handler): void {
  router.add({
    method,
    template: AEP_BASE_PATH + template,
    service: 'aep',
    handler: (ctx) => sandboxProblem(ctx, sandbox) ?? contentTypeProblem(ctx) ?? handler(ctx),
  });
}

function sandboxProblem(ctx: RequestContext, sandbox: string): Reply | undefined {
  const requested = single(ctx.headers['x-sandbox-name']);
  if (!requested) return aepError(400, 'UPAPI-113001-400', 'The x-sandbox-name header is required.', ctx.requestId);
  if (requested !== sandbox) {
    return aepError(403, 'UPAPI-113752-403', `Sandbox '${requested}' does not exist or access to it is denied.`, ctx.requestId);
  }
  return undefined;
}

function contentTypeProblem(ctx: RequestContext): Reply | undefined {
  if (ctx.method !== 'POST' && ctx.method !== 'PATCH' && ctx.method !== 'PUT') return undefined;
  if (isJsonContentType(single(ctx.headers['content-type']))) return undefined;
  return aepProblem(400, 'BadRequestError', 'A valid content-type must be specified');
}

export type BodyResult<T> = { ok: true; value: T } | { ok: false; reply: Reply };

export function jsonBody(ctx: RequestContext): BodyResult<unknown> {
  const parsed = parseJsonBody(ctx.rawBody);
  if (parsed.ok) return { ok: true, value: parsed.value };
  return { ok: false, reply: aepValidationError(ctx, [parsed.message]) };
}

/** 400 in the shape of the spec's "Validation error" examples: one entry per problem. */
export function aepValidationError(ctx: RequestContext, messages: string[]): Reply {
  const code = 'UPAPI-113434-400';
  return {
    status: 400,
    body: {
      requestId: ctx.requestId,
      errors: { '400': messages.map((message) => ({ code, message })) },
      type: `https://ns.adobe.com/aep/errors/${code}`,
      title: messages[0],
      status: 400,
    },
  };
}

/** `{"ids":[{"id":"..."}]}` with 1 to 100 ids (the bounds of the spec's bulk-get example error). */
export function bulkIds(ctx: RequestContext): BodyResult<string[]> {
  const body = jsonBody(ctx);
  if (!body.ok) return body;
  const ids = isPlainObject(body.value) ? body.value.ids : undefined;
  const invalid = aepError(400, 'UPAPI-113015-400', 'The number of requested IDs is invalid. Cannot be 0 or exceed 100.', ctx.requestId);
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_BULK_IDS) return { ok: false, reply: invalid };
  const out: string[] = [];
  for (const item of ids) {
    if (!isPlainObject(item) || typeof item.id !== 'string' || item.id === '') {
      return { ok: false, reply: aepValidationError(ctx, ['Each entry of ids must be an object with a string id.']) };
    }
    if (!out.includes(item.id)) out.push(item.id);
  }
  return { ok: true, value: out };
}

/** The per-item answer for an id bulk-get could not find (the spec's "One audience was not found" example). */
export function bulkMissing(ctx: RequestContext): Record<string, unknown> {
  return { requestId: ctx.requestId, errors: { '404': [{ code: 404, message: 'Not found.' }] } };
}

export type Paging = { ok: true; offset: number; limit: number } | { ok: false; reply: Reply };

export function offsetPaging(ctx: RequestContext, defaultLimit: number, maxLimit: number): Paging {
  const read = (name: string): number | undefined | null => {
    const text = ctx.query.get(name);
    if (text === null || text === '') return undefined;
    return /^\d+$/.test(text) ? Number(text) : null;
  };
  const limit = read('limit') ?? defaultLimit;
  const start = read('start');
  const page = read('page');
  if (limit === null || limit < 1 || limit > maxLimit) {
    return { ok: false, reply: aepValidationError(ctx, [`limit must be a whole number from 1 to ${maxLimit}.`]) };
  }
  if (start === null || page === null) return { ok: false, reply: aepValidationError(ctx, ['start and page must be whole numbers.']) };
  const offset = page !== undefined ? page * limit : (start ?? 0);
  return { ok: true, offset, limit };
}

export type SortKey = { field: string; descending: boolean };

/** `sort=field:asc|desc[,field:asc|desc]`. */
export function parseSort(ctx: RequestContext, allowed: readonly string[], fallback: SortKey): BodyResult<SortKey[]> {
  const text = ctx.query.get('sort');
  if (!text) return { ok: true, value: [fallback] };
  const keys: SortKey[] = [];
  for (const part of text.split(',')) {
    const [field, direction = 'asc'] = part.trim().split(':');
    if (!allowed.includes(field) || !['asc', 'desc'].includes(direction.toLowerCase())) {
      return { ok: false, reply: aepValidationError(ctx, [`sort must be field:asc or field:desc with field one of ${allowed.join(', ')}.`]) };
    }
    keys.push({ field, descending: direction.toLowerCase() === 'desc' });
  }
  return { ok: true, value: keys };
}

export function compareBy<T>(keys: SortKey[], valueOf: (item: T, field: string) => string | number, tieBreak: (item: T) => string) {
  return (a: T, b: T): number => {
    for (const key of keys) {
      const x = valueOf(a, key.field);
      const y = valueOf(b, key.field);
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'en', { sensitivity: 'base' });
      if (order !== 0) return key.descending ? -order : order;
    }
    return tieBreak(a) < tieBreak(b) ? -1 : tieBreak(a) > tieBreak(b) ? 1 : 0;
  };
}
