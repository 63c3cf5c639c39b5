// One scheduler per organisation: at most N requests in flight and M starts per minute, a FIFO queue (requests
// wait, they are never dropped), Retry-After and backoff on 429/503, bounded retries that never duplicate a
// change, cancellation of queued and waiting requests, and counters for tests and benchmarks.
import { CancelledError, NetworkError, TimeoutError, type RequestContext } from '../http/errors';
import type { HttpResponse } from '../http/types';
import { RateLimiter } from './rateLimiter';
import { backoffDelay, decideRetry, DEFAULT_RETRY_TUNING, type AttemptOutcome, type RetryTuning } from './retryPolicy';

export interface RateLimitConfig {
  /** Requests that may start in any one minute (default 60). */
  perMinute?: number;
  /** Requests in flight at once (default 6). */
  concurrent?: number;
  /** Back-to-back starts allowed after a quiet period (default = concurrent). */
  burst?: number;
}

export interface SchedulerOptions extends RateLimitConfig, Partial<RetryTuning> {
  now?: () => number;
  random?: () => number;
  /** Length of the rate window (default one minute; `perMinute` then means "per window"). For tests. */
  windowMs?: number;
}

export const DEFAULT_RATE_LIMIT = { perMinute: 60, concurrent: 6 } as const;

export interface ScheduleOptions {
  /** Whether repeating the request cannot change the outcome (GET, PUT, DELETE, read-only POSTs). */
  idempotent: boolean;
  signal?: AbortSignal;
  /**
   * Called once per request on a 401; resolves true when fresh credentials make one more attempt worthwhile.
   * That attempt does not count as a retry.
   */
  onUnauthorized?: (response: HttpResponse) => Promise<boolean>;
  /** For the messages of cancellation errors. */
  context?: RequestContext;
}

export interface ScheduledResponse {
  response: HttpResponse;
  /** Attempts made, 1 when the first one was final. */
  attempts: number;
}

export interface SchedulerStats {
  queued: number;
  inFlight: number;
  maxInFlight: number;
  /** Attempts started (each one is one HTTP request). */
  started: number;
  /** Requests that finished with a response (any status). */
  completed: number;
  /** Requests that finished with an error (after any retries). */
  failed: number;
  cancelled: number;
  retries: number;
  /** 429 answers received. */
  rateLimited: number;
  /** Times the whole queue was paused because of a 429 / Retry-After. */
  pauses: number;
  authRefreshes: number;
  /** Starts in the last minute. */
  startsInWindow: number;
}

type SendAttempt = (attempt: number) => Promise<HttpResponse>;

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

function sleep(ms: number, signal: AbortSignal | undefined, context: RequestContext): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CancelledError(context));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CancelledError(context, 'Request cancelled while waiting to retry'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class RequestScheduler {
  private concurrent: number;
  private perMinute: number;
  private limiter: RateLimiter;
  private readonly tuning: RetryTuning;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly windowMs: number | undefined;
  private readonly queue: Waiter[] = [];
  private inFlight = 0;
  private blockedUntil = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private counters = { maxInFlight: 0, started: 0, completed: 0, failed: 0, cancelled: 0, retries: 0, rateLimited: 0, pauses: 0, authRefreshes: 0 };

  constructor(options: SchedulerOptions = {}) {
    this.concurrent = Math.max(1, Math.floor(options.concurrent ?? DEFAULT_RATE_LIMIT.concurrent));
    this.perMinute = Math.max(1, Math.floor(options.perMinute ?? DEFAULT_RATE_LIMIT.perMinute));
    this.windowMs = options.windowMs;
    this.limiter = new RateLimiter({ perMinute: this.perMinute, burst: options.burst ?? this.concurrent, windowMs: this.windowMs });
    this.tuning = {
      maxRetries: options.maxRetries ?? DEFAULT_RETRY_TUNING.maxRetries,
      baseBackoffMs: options.baseBackoffMs ?? DEFAULT_RETRY_TUNING.baseBackoffMs,
      maxBackoffMs: options.maxBackoffMs ?? DEFAULT_RETRY_TUNING.maxBackoffMs,
      maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_RETRY_TUNING.maxRetryAfterMs,
    };
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  get limits(): { concurrent: number; perMinute: number } {
    return { concurrent: this.concurrent, perMinute: this.perMinute };
  }

  /**
   * Tightens the limits (never loosens them): several connections to one organisation share one scheduler,
   * and the strictest configuration must hold for all of them.
   */
  tighten(limits: RateLimitConfig): void {
    const concurrent = Math.min(this.concurrent, Math.floor(limits.concurrent ?? this.concurrent));
    const perMinute = Math.min(this.perMinute, Math.floor(limits.perMinute ?? this.perMinute));
    if (concurrent === this.concurrent && perMinute === this.perMinute) return;
    this.concurrent = Math.max(1, concurrent);
    this.perMinute = Math.max(1, perMinute);
    this.limiter = new RateLimiter({ perMinute: this.perMinute, burst: limits.burst ?? this.concurrent, windowMs: this.windowMs });
  }

  stats(): SchedulerStats {
    return {
      ...this.counters,
      queued: this.queue.length,
      inFlight: this.inFlight,
      startsInWindow: this.limiter.inWindow(this.now()),
    };
  }

  /** Sends one logical request: queues it, paces it, retries it when safe. */
  async run(send: SendAttempt, options: ScheduleOptions): Promise<ScheduledResponse> {
    const context = options.context ?? {};
    let attempt = 0;
    let retries = 0;
    let refreshedAuth = false;
    // Bounded: every pass either returns, throws, or consumes one retry or the single auth refresh.
    while (true) {
      attempt += 1;
      await this.acquire(options.signal, attempt > 1, context);
      let outcome: AttemptOutcome;
      try {
        outcome = { response: await send(attempt) };
      } catch (error) {
        outcome = { error };
      } finally {
        this.release();
      }

      if ('error' in outcome && outcome.error instanceof CancelledError) {
        this.counters.cancelled += 1;
        throw outcome.error;
      }
      if ('response' in outcome) {
        if (outcome.response.status === 429) this.counters.rateLimited += 1;
        if (outcome.response.status === 401 && !refreshedAuth && options.onUnauthorized) {
          refreshedAuth = true;
          if (await options.onUnauthorized(outcome.response)) {
            this.counters.authRefreshes += 1;
            continue;
          }
        }
      }

      const now = this.now();
      const decision = decideRetry(outcome, options.idempotent, now);
      const waitTooLong = decision.retry && decision.retryAfterMs !== undefined && decision.retryAfterMs > this.tuning.maxRetryAfterMs;
      if (decision.retry && retries < this.tuning.maxRetries && !waitTooLong) {
        retries += 1;
        this.counters.retries += 1;
        const delay = decision.retryAfterMs ?? backoffDelay(retries - 1, this.tuning, this.random);
        if (decision.rateLimited) {
          // The server speaks for the whole organisation: hold every queued request, not just this one.
          if (now + delay > this.blockedUntil) {
            this.blockedUntil = now + delay;
            this.counters.pauses += 1;
          }
        } else {
          await sleep(delay, options.signal, context).catch((error: unknown) => {
            this.counters.cancelled += 1;
            throw error;
          });
        }
        continue;
      }

      if ('response' in outcome) {
        this.counters.completed += 1;
        return { response: outcome.response, attempts: attempt };
      }
      this.counters.failed += 1;
      const { error } = outcome;
      if (error instanceof NetworkError || error instanceof TimeoutError) throw error.withAttempts(attempt);
      throw error;
    }
  }

  private acquire(signal: AbortSignal | undefined, retry: boolean, context: RequestContext): Promise<void> {
    if (signal?.aborted) {
      this.counters.cancelled += 1;
      return Promise.reject(new CancelledError(context));
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          this.counters.cancelled += 1;
          reject(new CancelledError(context, 'Request cancelled while queued'));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      // A retry goes first: it is older than everything still waiting.
      if (retry) this.queue.unshift(waiter);
      else this.queue.push(waiter);
      this.pump();
    });
  }

  private release(): void {
    this.inFlight -= 1;
    this.pump();
  }

  private pump(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.queue.length > 0 && this.inFlight < this.concurrent) {
      const now = this.now();
      const wait = Math.max(this.blockedUntil - now, this.limiter.waitMs(now));
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, wait);
        return;
      }
      const waiter = this.queue.shift() as Waiter;
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      this.limiter.record(now);
      this.inFlight += 1;
      this.counters.started += 1;
      this.counters.maxInFlight = Math.max(this.counters.maxInFlight, this.inFlight);
      waiter.resolve();
    }
  }
}
