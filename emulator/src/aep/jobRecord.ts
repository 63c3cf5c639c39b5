// A segment job as stored, and its JSON view (the `SegmentJob` schema and the segment-jobs guide's samples).
// Metrics are derived from the segment ids, so the same audience gets the same size in every job.
import { AEP_PROFILE_INSTANCE_ID, AEP_PROFILE_SCHEMA, AEP_SANDBOX } from '../credentials';
import { hashString } from '../util/prng';
import type { AepExpression } from './definitionRecord';
import { stateAt, type JobTimeline } from './jobLifecycle';

export interface JobSegment {
  segmentId: string;
  /** Absent for the "all segments" form (`segmentId: "*"`), as in the guide. */
  segment?: {
    id: string;
    version: number;
    expression: AepExpression;
    mergePolicyId: string;
    mergePolicy: { id: string; version: number };
  };
}

export interface JobError {
  code: string;
  msg: string;
  callStack?: string;
}

export interface AepJobRecord {
  id: string;
  imsOrgId: string;
  source: string;
  batchId: string;
  computeJobId: number;
  computeGatewayJobId: string;
  requestId: string;
  segments: JobSegment[];
  timeline: JobTimeline;
  /** Reported once the job has FAILED. */
  failure?: JobError[];
  properties: Record<string, string>;
}

/** Profiles in the emulated organisation's profile store. */
export const TOTAL_PROFILES = 1_348_522;

function counters(segmentId: string): { realized: number; existing: number; exited: number } {
  const hash = hashString(segmentId);
  return {
    realized: 1_000 + (hash % 250_000),
    existing: (hash >>> 8) % 40_000,
    exited: (hash >>> 16) % 20_000,
  };
}

function profileMetrics(job: AepJobRecord): Record<string, unknown> {
  const segmentedProfileCounter: Record<string, number> = {};
  const segmentedProfileByNamespaceCounter: Record<string, Record<string, number>> = {};
  const segmentedProfileByStatusCounter: Record<string, Record<string, number>> = {};
  const totalProfilesByMergePolicy: Record<string, number> = {};
  for (const { segmentId, segment } of job.segments) {
    if (!segment) continue;
    const count = counters(segmentId);
    const qualified = count.realized + count.existing;
    segmentedProfileCounter[segmentId] = qualified;
    segmentedProfileByNamespaceCounter[segmentId] = {
      ECID: Math.round(qualified * 0.92),
      Email: Math.round(qualified * 0.41),
      CRMID: Math.round(qualified * 0.27),
    };
    segmentedProfileByStatusCounter[segmentId] = { realized: count.realized, existing: count.existing, exited: count.exited };
    totalProfilesByMergePolicy[segment.mergePolicyId] = TOTAL_PROFILES;
  }
  return { totalProfiles: TOTAL_PROFILES, segmentedProfileCounter, segmentedProfileByNamespaceCounter, segmentedProfileByStatusCounter, totalProfilesByMergePolicy };
}

function span(start: number, end: number): Record<string, number> {
  return { startTimeInMs: start, endTimeInMs: end, totalTimeInMs: end - start };
}

function metricsAt(job: AepJobRecord, now: number): Record<string, unknown> {
  const t = job.timeline;
  const { status, since } = stateAt(t, now);
  switch (status) {
    case 'NEW':
    case 'QUEUED':
      return { totalTime: { startTimeInMs: t.createdAt }, profileSegmentationTime: {} };
    case 'PROCESSING':
    case 'CANCELLING':
      return {
        totalTime: { startTimeInMs: t.createdAt },
        profileSegmentationTime: now >= t.processingAt ? { startTimeInMs: t.processingAt } : {},
      };
    case 'CANCELLED':
      return {
        totalTime: span(t.createdAt, since),
        profileSegmentationTime: since > t.processingAt ? span(t.processingAt, since) : {},
      };
    case 'FAILED':
      return { totalTime: span(t.createdAt, since), profileSegmentationTime: span(t.processingAt, since) };
    case 'SUCCEEDED':
      return { totalTime: span(t.createdAt, since), profileSegmentationTime: span(t.processingAt, since), ...profileMetrics(job) };
  }
}

export function jobView(job: AepJobRecord, now: number): Record<string, unknown> {
  const { status, since } = stateAt(job.timeline, now);
  const href = `/segment/jobs/${job.id}`;
  const view: Record<string, unknown> = {
    id: job.id,
    imsOrgId: job.imsOrgId,
    sandbox: { ...AEP_SANDBOX },
    profileInstanceId: AEP_PROFILE_INSTANCE_ID,
    source: job.source,
    status,
    batchId: job.batchId,
    computeJobId: job.computeJobId,
    computeGatewayJobId: job.computeGatewayJobId,
    segments: structuredClone(job.segments),
    metrics: metricsAt(job, now),
    requestId: job.requestId,
    schema: { name: AEP_PROFILE_SCHEMA },
    properties: { ...job.properties },
    _links: {
      cancel: { href, method: 'DELETE' },
      checkStatus: { href, method: 'GET' },
    },
    updateTime: since,
    creationTime: job.timeline.createdAt,
    updateEpoch: Math.floor(since / 1000),
  };
  if (status === 'FAILED' && job.failure) view.errors = structuredClone(job.failure);
  return view;
}
