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

/**
 * Every item of a paged listing, page after page: bounded by MAX_PAGES, and stopping at the last page, an empty
 * page, or a page that adds nothing new (a server that ignores the page parameter cannot loop us forever).
 */
export async function* iteratePages<T extends { id: string }>(firstPage: number, fetchPage: (page: number) => Promise<Page<T>>): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>();
  let page = firstPage;
  for (let fetched = 0; fetched < MAX_PAGES; fetched += 1) {
    const result = await fetchPage(page);
    let fresh = 0;
    for (const item of result.items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      fresh += 1;
      yield item;
    }
    if (result.lastPage || result.items.length === 0 || fresh === 0) return;
    page = result.page + 1;
  }
}
