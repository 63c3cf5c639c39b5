// When a failed attempt may be tried again, and after how long. A retry must never duplicate a change:
// non-idempotent requests are retried only when the server certainly did nothing (429, or the connection
// was refused before anything was sent).
import { NetworkError, TimeoutError } from '../http/errors';
import type { HttpResponse } from '../http/types';

export interface RetryTuning {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** A longer Retry-After is not waited for: the error goes back to the caller. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_TUNING: RetryTuning = {
  maxRetries: 4,
  baseBackoffMs: 400,
  maxBackoffMs: 15_000,
  maxRetryAfterMs: 120_000,
};

export type AttemptOutcome = { response: HttpResponse } | { error: unknown };

export type RetryDecision =
  | { retry: false }
  | {
      retry: true;
      /** The server's Retry-After, when it gave one. */
      retryAfterMs?: number;
      /** Whether the server said the whole organisation is rate limited (so every queued request waits). */
      rateLimited: boolean;
      reason: string;
    };

/** Statuses an idempotent request may retry (the server failed or is overloaded). */
const RETRYABLE_IDEMPOTENT_STATUSES = new Set([408, 500, 502, 503, 504]);

/** Retry-After in milliseconds from delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with full jitter, never below a quarter of the step (avoids hot loops). */
export function backoffDelay(retryIndex: number, tuning: RetryTuning, random: () => number = Math.random): number {
  const step = Math.min(tuning.maxBackoffMs, tuning.baseBackoffMs * 2 ** Math.min(retryIndex, 20));
  return Math.round(step / 4 + random() * (step * 3) / 4);
}

export function decideRetry(outcome: AttemptOutcome, idempotent: boolean, now: number = Date.now()): RetryDecision {
  if ('response' in outcome) {
    const { status, headers } = outcome.response;
    const retryAfterMs = parseRetryAfter(headers['retry-after'], now);
    if (status === 429) return { retry: true, retryAfterMs, rateLimited: true, reason: '429 Too Many Requests' };
    if (idempotent && RETRYABLE_IDEMPOTENT_STATUSES.has(status)) {
      return { retry: true, retryAfterMs, rateLimited: status === 503 && retryAfterMs !== undefined, reason: `status ${status}` };
    }
    return { retry: false };
  }
  const { error } = outcome;
  if (error instanceof NetworkError || error instanceof TimeoutError) {
    if (!error.requestSent || idempotent) return { retry: true, rateLimited: false, reason: error.code ?? error.kind };
  }
  return { retry: false };
}
