// One page of a listing, whatever envelope the service used.

export interface Page<T> {
  items: T[];
  /** 0-based page number. */
  page: number;
  pageSize: number;
  totalItems?: number;
  totalPages?: number;
  /** True when no further page exists (as far as the answer tells). */
  lastPage: boolean;
}

/** Upper bound on pages any iterator fetches, so a server that ignores paging cannot loop us forever. */
export const MAX_PAGES = 10_000;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function numberOr(value: unknown, fallback: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
