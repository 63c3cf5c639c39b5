// Schedulers shared by organisation: every client of one organisation (CJA and AEP clients, the tree view and a
// push running side by side) draws on the same in-flight and per-minute budget.
import { RequestScheduler, type RateLimitConfig, type SchedulerOptions } from './requestScheduler';

export class SchedulerRegistry {
  private readonly schedulers = new Map<string, RequestScheduler>();

  constructor(private readonly defaults: SchedulerOptions = {}) {}

  /** The scheduler for `key` (origin + organisation); a later, stricter configuration tightens it. */
  get(key: string, limits: RateLimitConfig = {}): RequestScheduler {
    let scheduler = this.schedulers.get(key);
    if (!scheduler) {
      scheduler = new RequestScheduler({ ...this.defaults, ...stripUndefined(limits) });
      this.schedulers.set(key, scheduler);
    } else {
      scheduler.tighten(limits);
    }
    return scheduler;
  }

  keys(): string[] {
    return [...this.schedulers.keys()];
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Schedule key: requests to the same origin for the same organisation share limits. */
export function schedulerKey(baseUrl: URL, organisation: string | undefined): string {
  return `${baseUrl.origin}|${organisation ?? ''}`;
}

/** The process-wide registry used when the caller does not bring its own. */
export const sharedSchedulers = new SchedulerRegistry();
