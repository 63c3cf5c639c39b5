// Request counters the tests and benchmarks read back (e.g. to prove a client never exceeded its concurrency).
import type { EmulatorStats } from './types';

export class StatsRecorder {
  private requests = 0;
  private rejectedByRateLimit = 0;
  private maxInFlight = 0;
  private inFlight = 0;
  private byRoute = new Map<string, number>();

  countRequest(routeKey: string): void {
    this.requests++;
    this.byRoute.set(routeKey, (this.byRoute.get(routeKey) ?? 0) + 1);
  }

  apiRequestStarted(): void {
    this.inFlight++;
    if (this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
  }

  apiRequestEnded(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  countRateLimitRejection(): void {
    this.rejectedByRateLimit++;
  }

  /** Zero the counters; requests being served stay counted as in flight. */
  reset(): void {
    this.requests = 0;
    this.rejectedByRateLimit = 0;
    this.maxInFlight = this.inFlight;
    this.byRoute = new Map();
  }

  snapshot(): EmulatorStats {
    return {
      requests: this.requests,
      rejectedByRateLimit: this.rejectedByRateLimit,
      maxInFlight: this.maxInFlight,
      byRoute: Object.fromEntries(this.byRoute),
    };
  }
}
