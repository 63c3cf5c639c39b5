// AEP Segment Jobs API client: {base}/segment/jobs (list, get, create, cancel, bulk-get) and polling a job
// until it ends, with backoff, progress callbacks and cancellation.
import { CancelledError, ServiceError, TimeoutError } from '../http/errors';
import { segment, type ServiceCaller } from '../http/serviceCaller';
import { AEP_BULK_LIMIT, chunk, readBulkResults } from './bulkResults';
import { isRecord, numberOr, type Page } from './page';
import {
  AEP_FINAL_JOB_STATUSES,
  type AepJobListOptions,
  type AepJobSummary,
  type AepSegmentJob,
  type BulkResult,
} from './aepTypes';

export interface PollOptions {
  signal?: AbortSignal;
  /** Called after every status read. */
  onProgress?: (summary: AepJobSummary, job: AepSegmentJob) => void;
  /** First wait between reads (default 500 ms); grows by half each time up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Give up after this long (default 6 hours: segment jobs can run for hours). */
  timeoutMs?: number;
  /** When the signal aborts, also ask AEP to cancel the job (default false: only stop watching). */
  cancelJobOnAbort?: boolean;
}

export interface PollResult {
  job: AepSegmentJob;
  summary: AepJobSummary;
  polls: number;
}

const DEFAULT_PAGE_SIZE = 50;

/** The job's outcome in plain terms: status, profiles per segment, times, error messages. */
export function summarizeJob(job: AepSegmentJob): AepJobSummary {
  const metrics = job.metrics ?? {};
  const profilesSegmented: Record<string, number> = {};
  for (const [id, count] of Object.entries(metrics.segmentedProfileCounter ?? {})) {
    if (typeof count === 'number') profilesSegmented[id] = count;
  }
  return {
    jobId: job.id,
    status: job.status,
    finished: AEP_FINAL_JOB_STATUSES.has(job.status),
    segmentIds: (job.segments ?? []).map((s) => s.segmentId).filter((id): id is string => typeof id === 'string'),
    profilesSegmented,
    totalProfilesSegmented: Object.values(profilesSegmented).reduce((sum, n) => sum + n, 0),
    totalProfiles: numberOr(metrics.totalProfiles, undefined),
    totalTimeMs: numberOr(metrics.totalTime?.totalTimeInMs, undefined),
    segmentationTimeMs: numberOr(metrics.profileSegmentationTime?.totalTimeInMs, undefined),
    errors: (job.errors ?? []).map((e) => [e.code, e.msg ?? e.message].filter(Boolean).join(': ')).filter(Boolean),
  };
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  // Resolves true after the delay, false when the signal aborted first.
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve(false);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class AepJobsClient {
  constructor(private readonly caller: ServiceCaller) {}

  async listJobs(options: AepJobListOptions = {}): Promise<Page<AepSegmentJob>> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const start = options.start ?? 0;
    const { data, status, requestId } = await this.caller.call<unknown>({
      method: 'GET',
      path: '/segment/jobs',
      query: { start: options.start, limit, status: options.status, sort: options.sort, property: options.property },
      signal: options.signal,
    });
    const items = Array.isArray(data) ? data : isRecord(data) && Array.isArray(data.children) ? data.children : undefined;
    if (!items) {
      throw new ServiceError({ service: 'aep', method: 'GET', path: '/segment/jobs', status, requestId, serviceMessage: 'the answer is not a list of segment jobs' });
    }
    const info = isRecord(data) && isRecord(data._page) ? data._page : {};
    const totalItems = numberOr(info.totalCount, undefined);
    const hasNext = isRecord(data) && isRecord(data._links) && isRecord(data._links.next) && typeof data._links.next.href === 'string';
    return {
      items: items as AepSegmentJob[],
      page: Math.floor(start / limit),
      pageSize: numberOr(info.pageSize, limit) ?? limit,
      totalItems,
      lastPage: hasNext ? false : totalItems !== undefined ? start + items.length >= totalItems : items.length < limit,
    };
  }

  async getJob(id: string, options: { signal?: AbortSignal } = {}): Promise<AepSegmentJob> {
    const { data } = await this.caller.call<AepSegmentJob>({ method: 'GET', path: `/segment/jobs/${segment(id)}`, signal: options.signal });
    return data as AepSegmentJob;
  }

  /** Starts one job evaluating the given definitions (not idempotent: a retry could start a second job). */
  async createJob(segmentIds: readonly string[], options: { signal?: AbortSignal } = {}): Promise<AepSegmentJob> {
    if (segmentIds.length === 0) throw new RangeError('A segment job needs at least one segment definition id.');
    const { data } = await this.caller.call<AepSegmentJob>({
      method: 'POST',
      path: '/segment/jobs',
      json: segmentIds.map((segmentId) => ({ segmentId })),
      idempotent: false,
      signal: options.signal,
    });
    return data as AepSegmentJob;
  }

  /** Asks AEP to cancel the job (DELETE; the job moves to CANCELLING, then CANCELLED). */
  async cancelJob(id: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.caller.call<unknown>({ method: 'DELETE', path: `/segment/jobs/${segment(id)}`, signal: options.signal });
  }

  async bulkGetJobs(ids: readonly string[], options: { signal?: AbortSignal } = {}): Promise<BulkResult<AepSegmentJob>> {
    const merged: BulkResult<AepSegmentJob> = { found: {}, missing: {} };
    for (const part of chunk([...new Set(ids)], AEP_BULK_LIMIT)) {
      const { data } = await this.caller.call<unknown>({
        method: 'POST',
        path: '/segment/jobs/bulk-get',
        json: { ids: part.map((id) => ({ id })) },
        idempotent: true,
        signal: options.signal,
      });
      const result = readBulkResults<AepSegmentJob>(data, part, (entry) => typeof entry.status === 'string' && typeof entry.id === 'string');
      Object.assign(merged.found, result.found);
      Object.assign(merged.missing, result.missing);
    }
    return merged;
  }

  /**
   * Reads the job until it is SUCCEEDED, FAILED or CANCELLED. Waits grow from `initialDelayMs` to `maxDelayMs`.
   * Aborting the signal stops the polling with a CancelledError (and cancels the job when `cancelJobOnAbort`).
   */
  async pollUntilFinished(jobId: string, options: PollOptions = {}): Promise<PollResult> {
    const initial = Math.max(10, options.initialDelayMs ?? 500);
    const max = Math.max(initial, options.maxDelayMs ?? 10_000);
    const deadline = Date.now() + (options.timeoutMs ?? 6 * 60 * 60_000);
    const context = { service: 'aep' as const, method: 'GET', path: `/segment/jobs/${jobId}` };
    let wait = initial;
    let polls = 0;

    const stop = async (): Promise<never> => {
      if (options.cancelJobOnAbort) await this.cancelJob(jobId);
      throw new CancelledError(context, options.cancelJobOnAbort ? 'Stopped watching the job and asked AEP to cancel it' : 'Stopped watching the job');
    };

    // Bounded by the deadline: every pass waits at least `initial` ms.
    while (true) {
      if (options.signal?.aborted) return stop();
      let job: AepSegmentJob;
      try {
        job = await this.getJob(jobId, { signal: options.signal });
      } catch (error) {
        if (error instanceof CancelledError) return stop();
        throw error;
      }
      polls += 1;
      const summary = summarizeJob(job);
      options.onProgress?.(summary, job);
      if (summary.finished) return { job, summary, polls };
      if (Date.now() + wait > deadline) {
        throw new TimeoutError('total', { ...context, requestSent: true, timeoutMs: options.timeoutMs ?? 6 * 60 * 60_000 });
      }
      if (!(await delay(wait, options.signal))) return stop();
      wait = Math.min(max, Math.round(wait * 1.5));
    }
  }
}
