// Unleash Admin API segment resources (unleash 7.5.1 OpenAPI: adminSegmentSchema, upsertSegmentSchema,
// constraintSchema, segmentStrategiesSchema).

export type UnleashOperator =
  | 'IN'
  | 'NOT_IN'
  | 'STR_CONTAINS'
  | 'STR_STARTS_WITH'
  | 'STR_ENDS_WITH'
  | 'NUM_EQ'
  | 'NUM_GT'
  | 'NUM_GTE'
  | 'NUM_LT'
  | 'NUM_LTE'
  | 'DATE_BEFORE'
  | 'DATE_AFTER'
  | 'SEMVER_EQ'
  | 'SEMVER_GT'
  | 'SEMVER_LT'
  | 'REGEX';

export interface UnleashConstraint {
  contextName: string;
  operator: UnleashOperator | string;
  values?: string[];
  value?: string;
  caseInsensitive?: boolean;
  inverted?: boolean;
}

export interface UnleashSegment {
  /** An integer. */
  id: number;
  name: string;
  description?: string | null;
  constraints: UnleashConstraint[];
  project?: string | null;
  createdBy?: string;
  createdAt?: string;
  usedInFeatures?: number | null;
  usedInProjects?: number | null;
  [key: string]: unknown;
}

/** Body of create and of update (PUT replaces the segment: send everything). */
export interface UnleashSegmentInput {
  name: string;
  description?: string | null;
  project?: string | null;
  constraints: UnleashConstraint[];
}

export interface UnleashStrategyRef {
  /** A UUID in 7.x, a ULID in 8.x: never assume a format. */
  id: string;
  projectId: string;
  featureName: string;
  strategyName: string;
  environment: string;
}

export interface UnleashSegmentStrategies {
  strategies: UnleashStrategyRef[];
  changeRequestStrategies: Array<Partial<UnleashStrategyRef>>;
}

export interface UnleashStrategySegmentsUpdate {
  projectId: string;
  environmentId: string;
  strategyId: string;
  segmentIds: number[];
}
