// Segment jobs move through NEW -> QUEUED -> PROCESSING -> SUCCEEDED|FAILED, one state per `jobStepMs`; a cancel
// goes through CANCELLING to CANCELLED one step later. The state is computed from timestamps when a job is read,
// so no timers run and a closed emulator leaves nothing behind.

export type JobStatus = 'NEW' | 'QUEUED' | 'PROCESSING' | 'CANCELLING' | 'CANCELLED' | 'FAILED' | 'SUCCEEDED';
export const JOB_STATUSES: readonly JobStatus[] = ['NEW', 'QUEUED', 'PROCESSING', 'CANCELLING', 'CANCELLED', 'FAILED', 'SUCCEEDED'];
export const ACTIVE_STATUSES: ReadonlySet<JobStatus> = new Set(['NEW', 'QUEUED', 'PROCESSING', 'CANCELLING']);

export interface JobTimeline {
  createdAt: number;
  queuedAt: number;
  processingAt: number;
  endAt: number;
  outcome: 'SUCCEEDED' | 'FAILED';
  cancelRequestedAt?: number;
  cancelledAt?: number;
}

export interface JobState {
  status: JobStatus;
  /** When the job entered `status`. */
  since: number;
}

export function timelineFrom(createdAt: number, stepMs: number, outcome: 'SUCCEEDED' | 'FAILED'): JobTimeline {
  return {
    createdAt,
    queuedAt: createdAt + stepMs,
    processingAt: createdAt + 2 * stepMs,
    endAt: createdAt + 3 * stepMs,
    outcome,
  };
}

export function stateAt(timeline: JobTimeline, now: number): JobState {
  if (timeline.cancelRequestedAt !== undefined && timeline.cancelledAt !== undefined) {
    return now >= timeline.cancelledAt
      ? { status: 'CANCELLED', since: timeline.cancelledAt }
      : { status: 'CANCELLING', since: timeline.cancelRequestedAt };
  }
  if (now >= timeline.endAt) return { status: timeline.outcome, since: timeline.endAt };
  if (now >= timeline.processingAt) return { status: 'PROCESSING', since: timeline.processingAt };
  if (now >= timeline.queuedAt) return { status: 'QUEUED', since: timeline.queuedAt };
  return { status: 'NEW', since: timeline.createdAt };
}

/** Asks a running job to stop; returns false when it has already ended (or is already being cancelled). */
export function requestCancel(timeline: JobTimeline, now: number, stepMs: number): boolean {
  const { status } = stateAt(timeline, now);
  if (status === 'CANCELLING' || !ACTIVE_STATUSES.has(status)) return false;
  timeline.cancelRequestedAt = now;
  timeline.cancelledAt = now + stepMs;
  return true;
}
