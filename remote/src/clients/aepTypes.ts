// AEP Segmentation Service resources (aep-segmentation.yaml): segment definitions and segment jobs.

export interface AepExpression {
  /** `PQL` (also `AAM`, `QUERYSERVICE` in XDM). */
  type: string;
  /** `pql/text` or `pql/json`. */
  format: string;
  /** PQL text, or the PQL JSON tree as a string for `pql/json`. */
  value: string;
  [key: string]: unknown;
}

export interface AepEvaluationInfo {
  batch?: { enabled: boolean };
  continuous?: { enabled: boolean };
  synchronous?: { enabled: boolean };
  [key: string]: unknown;
}

export interface AepSandbox {
  sandboxId?: string;
  sandboxName?: string;
  type?: string;
  default?: boolean;
}

/** What a create or an update (PATCH overwrites) sends. */
export interface AepSegmentDefinitionInput {
  name: string;
  description?: string;
  expression: AepExpression;
  schema: { name: string };
  mergePolicyId?: string;
  profileInstanceId?: string;
  evaluationInfo?: AepEvaluationInfo;
  dataGovernancePolicy?: { excludeOptOut?: boolean };
  [key: string]: unknown;
}

/** A definition as the service returns it: the input plus the fields the service sets. */
export interface AepSegmentDefinition extends AepSegmentDefinitionInput {
  id: string;
  imsOrgId?: string;
  sandbox?: AepSandbox;
  creationTime?: number;
  updateTime?: number;
  updateEpoch?: number;
}

export interface AepListOptions {
  /** Offset (by creation time). */
  start?: number;
  limit?: number;
  /** 0-based page number. */
  page?: number;
  /** `field:asc` or `field:desc`. */
  sort?: string;
  signal?: AbortSignal;
}

export type AepJobStatus = 'NEW' | 'QUEUED' | 'PROCESSING' | 'CANCELLING' | 'CANCELLED' | 'FAILED' | 'SUCCEEDED';

export const AEP_FINAL_JOB_STATUSES: ReadonlySet<AepJobStatus> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export interface AepTimeSpan {
  startTimeInMs?: number;
  endTimeInMs?: number;
  totalTimeInMs?: number;
}

export interface AepJobMetrics {
  totalTime?: AepTimeSpan;
  profileSegmentationTime?: AepTimeSpan;
  totalProfiles?: number;
  /** Profiles that qualified, per segment id. */
  segmentedProfileCounter?: Record<string, number>;
  segmentedProfileByNamespaceCounter?: Record<string, Record<string, number>>;
  segmentedProfileByStatusCounter?: Record<string, Record<string, number>>;
  totalProfilesByMergePolicy?: Record<string, number>;
  [key: string]: unknown;
}

export interface AepJobError {
  code?: string;
  msg?: string;
  message?: string;
  callStack?: string;
  [key: string]: unknown;
}

export interface AepSegmentJob {
  id: string;
  status: AepJobStatus;
  imsOrgId?: string;
  sandbox?: AepSandbox;
  profileInstanceId?: string;
  source?: string;
  batchId?: string;
  /** `[{segmentId: "*"}]` for jobs over more than 1500 segments. */
  segments: Array<{ segmentId: string; segment?: Partial<AepSegmentDefinition> | null; [key: string]: unknown }>;
  metrics?: AepJobMetrics;
  errors?: AepJobError[];
  creationTime?: number;
  updateTime?: number;
  updateEpoch?: number;
  requestId?: string;
  _links?: Record<string, { href: string; method?: string }>;
  [key: string]: unknown;
}

export interface AepJobListOptions {
  start?: number;
  limit?: number;
  status?: AepJobStatus;
  /** `attribute:asc|desc`. */
  sort?: string;
  /** `[path]==[value]` or `[array]~[key]==[value]`. */
  property?: string;
  signal?: AbortSignal;
}

/** A job's outcome in plain terms. */
export interface AepJobSummary {
  jobId: string;
  status: AepJobStatus;
  finished: boolean;
  segmentIds: string[];
  /** Profiles that qualified, per segment id. */
  profilesSegmented: Record<string, number>;
  /** Sum over segments. */
  totalProfilesSegmented: number;
  totalProfiles?: number;
  totalTimeMs?: number;
  segmentationTimeMs?: number;
  errors: string[];
}

export interface BulkResult<T> {
  /** Found resources by id. */
  found: Record<string, T>;
  /** Ids the service returned an error (or nothing) for. */
  missing: Record<string, string>;
}
