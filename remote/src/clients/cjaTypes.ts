// CJA Segments API resources (cja-swagger.json, AdobeDocs/cja-apis segments guide). Fields the service may add
// are kept (index signatures) so that nothing is lost on a round trip.

export type CjaContext = 'visitors' | 'visits' | 'hits';

/** The definition JSON (`func: "segment"` at the root); validated by the language core, opaque here. */
export interface CjaSegmentDefinition {
  func: string;
  version?: number[];
  container?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface CjaOwner {
  id?: number | string;
  imsUserId?: string;
  name?: string;
  [key: string]: unknown;
}

export interface CjaTag {
  id?: number | string;
  name: string;
  [key: string]: unknown;
}

/** A component that uses a segment (`expansion=usedIn`). */
export interface CjaUsage {
  componentId: string;
  /** e.g. `project`, `calculatedMetric`, `segment`. */
  componentType: string;
  subType?: string;
  internal?: boolean;
  name?: string;
  lastRecordedAccess?: number;
  [key: string]: unknown;
}

export interface CjaSegment {
  id: string;
  name?: string;
  description?: string;
  /** The data view id. */
  dataId?: string | null;
  definition?: CjaSegmentDefinition;
  owner?: CjaOwner;
  modified?: string;
  createdDate?: string;
  definitionLastModified?: string;
  tags?: CjaTag[];
  compatibility?: Record<string, unknown> | null;
  usedIn?: CjaUsage[];
  isDeleted?: boolean;
  [key: string]: unknown;
}

export interface CjaSegmentInput {
  name: string;
  description?: string;
  dataId: string;
  definition: CjaSegmentDefinition;
  [key: string]: unknown;
}

/** PUT /segments/{id} changes only the fields it carries. */
export type CjaSegmentUpdate = Partial<CjaSegmentInput>;

export type CjaExpansion =
  | 'compatibility'
  | 'definition'
  | 'usedIn'
  | 'internal'
  | 'modified'
  | 'isDeleted'
  | 'definitionLastModified'
  | 'createdDate'
  | 'recentRecordedAccess'
  | 'performanceScore'
  | 'owner'
  | 'dataId'
  | 'ownerFullName'
  | 'dataName'
  | 'sharesFullName'
  | 'approved'
  | 'favorite'
  | 'shares'
  | 'tags'
  | 'usageSummary'
  | 'usageSummaryWithRelevancyScore';

export type CjaIncludeType = 'shared' | 'templates' | 'deleted' | 'internal';
export type CjaSortProperty = 'name' | 'modified_date' | 'performanceScore' | 'id';

export interface CjaListOptions {
  /** Page size (service default 10). */
  limit?: number;
  /** 0-based. */
  page?: number;
  /** Segments whose name contains this. */
  name?: string;
  tagNames?: string[];
  /** Data view ids. */
  dataIds?: string[];
  filterByIds?: string[];
  ownerId?: string;
  includeType?: CjaIncludeType[];
  expansion?: CjaExpansion[];
  sortProperty?: CjaSortProperty;
  sortDirection?: 'ASC' | 'DESC';
  locale?: string;
  /** false asks for every match at once, as a bare array (the service's `pagination=false`). */
  pagination?: boolean;
  signal?: AbortSignal;
}

export interface CjaValidationInput {
  definition: CjaSegmentDefinition;
  dataId?: string;
  name?: string;
  description?: string;
}

export interface CjaValidation {
  valid: boolean;
  message?: string;
  errors: string[];
  validatorVersion?: string;
  supportedProducts?: string[];
  supportedSchema?: string[];
  supportedFeatures?: string[];
}

export interface CjaRequestOptions {
  expansion?: CjaExpansion[];
  locale?: string;
  signal?: AbortSignal;
}
