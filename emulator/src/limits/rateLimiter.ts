// Per-organisation limits as the CJA segments guide documents them: at most `concurrent` requests being served and
// at most `perMinute` admitted in any rolling minute. A refused request takes no slot and uses no budget.

export interface RateLimits {
  perMinute: number;
  concurrent: number;
}

export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number; reason: 'concurrent' | 'perMinute' };

const WINDOW_MS = 60_000;

export class OrgRateLimiter {
  private readonly active = new Map<string, number>();
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly limits: RateLimits) {}

  /** On success the caller holds a slot and must call `release(org)` exactly once when the response is done. */
  admit(org: string, now: number): Admission {
    const active = this.active.get(org) ?? 0;
    if (active >= this.limits.concurrent) {
      return { admitted: false, retryAfterSeconds: 1, reason: 'concurrent' };
    }
    const window = this.windowOf(org, now);
    if (window.length >= this.limits.perMinute) {
      const retryAfterSeconds = Math.max(1, Math.ceil((window[0] + WINDOW_MS - now) / 1000));
      return { admitted: false, retryAfterSeconds, reason: 'perMinute' };
    }
    window.push(now);
    this.active.set(org, active + 1);
    return { admitted: true };
  }

  release(org: string): void {
    const active = this.active.get(org) ?? 0;
    if (active <= 1) this.active.delete(org);
    else this.active.set(org, active - 1);
  }

  /** Forgets the per-minute history (requests still being served keep their slots). */
  resetWindows(): void {
    this.windows.clear();
  }

  private windowOf(org: string, now: number): number[] {
    let window = this.windows.get(org);
    if (!window) {
      window = [];
      this.windows.set(org, window);
    }
    let expired = 0;
    while (expired < window.length && window[expired] <= now - WINDOW_MS) expired++;
    if (expired > 0) window.splice(0, expired);
    return window;
  }
}
