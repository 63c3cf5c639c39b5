// Reads AEP's 207 multi-status bulk-get answers: `{results: {"<id>": {...resource} | {...error}}}`.
import { readErrorBody } from '../http/errorBody';
import { isRecord } from './page';
import type { BulkResult } from './aepTypes';

/** AEP bulk-get accepts at most this many ids per call. */
export const AEP_BULK_LIMIT = 100;

export function readBulkResults<T>(data: unknown, requested: readonly string[], looksLikeResource: (value: Record<string, unknown>) => boolean): BulkResult<T> {
  const found: Record<string, T> = {};
  const missing: Record<string, string> = {};
  const results = isRecord(data) && isRecord(data.results) ? data.results : {};
  for (const id of requested) {
    const entry = results[id];
    if (isRecord(entry) && looksLikeResource(entry)) {
      found[id] = entry as T;
    } else if (isRecord(entry)) {
      missing[id] = readErrorBody(JSON.stringify(entry)).message ?? 'not returned';
    } else {
      missing[id] = 'not returned';
    }
  }
  return { found, missing };
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
