// Request-start pacing for one organisation: a token bucket spreads requests evenly (small bursts only),
// and a sliding one-minute log guarantees that no window ever holds more than the allowed number of starts,
// whichever way the server counts (fixed minute, sliding minute or leaky bucket).

export interface RateLimiterOptions {
  perMinute: number;
  /** Requests that may start back to back after a quiet period. */
  burst: number;
  windowMs?: number;
  /** Slack against clock and network skew between this client and the server's counter. */
  marginMs?: number;
}

export class RateLimiter {
  private readonly perMinute: number;
  private readonly burst: number;
  private readonly windowMs: number;
  private readonly marginMs: number;
  private readonly refillPerMs: number;
  private tokens: number;
  private lastRefill: number | undefined;
  /** Start times within the current window, oldest first. */
  private readonly starts: number[] = [];

  constructor(options: RateLimiterOptions) {
    this.perMinute = Math.max(1, Math.floor(options.perMinute));
    this.burst = Math.max(1, Math.min(this.perMinute, Math.floor(options.burst)));
    this.windowMs = options.windowMs ?? 60_000;
    // A quarter second covers event-loop and network jitter between our clock and the server's counter.
    this.marginMs = options.marginMs ?? Math.min(250, this.windowMs / 100);
    // Refill a touch slower than the limit so that drift never pushes us over it.
    this.refillPerMs = this.perMinute / (this.windowMs + this.marginMs);
    this.tokens = this.burst;
  }

  private refill(now: number): void {
    if (this.lastRefill !== undefined) {
      this.tokens = Math.min(this.burst, this.tokens + (now - this.lastRefill) * this.refillPerMs);
    }
    this.lastRefill = now;
    const horizon = now - this.windowMs - this.marginMs;
    while (this.starts.length && this.starts[0] <= horizon) this.starts.shift();
  }

  /** Milliseconds until the next request may start (0 = now). */
  waitMs(now: number): number {
    this.refill(now);
    let wait = 0;
    if (this.tokens < 1) wait = Math.ceil((1 - this.tokens) / this.refillPerMs);
    if (this.starts.length >= this.perMinute) {
      wait = Math.max(wait, this.starts[0] + this.windowMs + this.marginMs - now + 1);
    }
    return Math.max(0, wait);
  }

  /** Records a start; call only when `waitMs(now)` returned 0. */
  record(now: number): void {
    this.refill(now);
    this.tokens = Math.max(0, this.tokens - 1);
    this.starts.push(now);
  }

  /** Starts counted in the current window. */
  inWindow(now: number): number {
    this.refill(now);
    return this.starts.length;
  }
}
