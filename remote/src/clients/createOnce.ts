// Creating a resource exactly once although creates are not idempotent. The scheduler already retries a create
// when the server certainly did nothing (429, connection refused). For the unclear cases this looks first:
// - a complete 5xx answer: the server is done with the request; if the resource is not there, it did nothing,
//   so one more create is safe;
// - a lost answer (reset, cut-off body, timeout): the server may still be working on it, so a missing resource
//   proves nothing and the error goes back to the caller; a resource that is there is adopted.
import { NetworkError, ServiceError, TimeoutError } from '../http/errors';

export interface CreateOnceOptions<T> {
  create: () => Promise<T>;
  /** The resource the create would have made (same name and content), or undefined. */
  find: () => Promise<T | undefined>;
  /** Creates attempted at most (default 3). */
  maxAttempts?: number;
  /** Pause before another create (default 250 ms). */
  retryDelayMs?: number;
}

export interface CreateOnceResult<T> {
  resource: T;
  /** True when the resource was found after an unclear failure rather than returned by the create. */
  recovered: boolean;
  attempts: number;
}

/** Whether the service may have applied a write although the call failed. */
export function mayHaveApplied(error: unknown): boolean {
  if (error instanceof NetworkError || error instanceof TimeoutError) return error.requestSent;
  return error instanceof ServiceError && error.status >= 500;
}

export async function createOnce<T>(options: CreateOnceOptions<T>): Promise<CreateOnceResult<T>> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { resource: await options.create(), recovered: false, attempts: attempt };
    } catch (error) {
      if (!mayHaveApplied(error)) throw error;
      let found: T | undefined;
      try {
        found = await options.find();
      } catch {
        // Not knowing whether it exists, the first failure is the one to report.
        throw error;
      }
      if (found !== undefined) return { resource: found, recovered: true, attempts: attempt };
      const serverFinished = error instanceof ServiceError;
      if (!serverFinished || attempt >= maxAttempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 250));
    }
  }
}
