// How the emulator stores a CJA segment: every field it can answer with; what a response shows depends on the
// request's `expansion` (see projection.ts).
import { checkDefinition } from './definitionValidator';

export interface CjaOwner {
  imsUserId: string;
  name: string;
}

export interface CjaTag {
  id: number;
  name: string;
  description?: string;
}

export interface CjaShare {
  shareId: number;
  shareToId: string;
  shareToType: 'user' | 'group' | 'all';
  shareToDisplayName: string;
}

/** A component that uses the segment (the `usedIn` sample of the CJA segments guide). */
export interface CjaUsage {
  componentId: string;
  componentType: string;
  subType: string;
  internal: boolean;
  name: string;
  lastRecordedAccess: number;
}

export interface CjaSegmentRecord {
  id: string;
  name: string;
  description: string;
  dataId: string;
  dataName: string;
  owner: CjaOwner;
  definition: Record<string, unknown>;
  tags: CjaTag[];
  shares: CjaShare[];
  usedIn: CjaUsage[];
  created: string;
  modified: string;
  definitionLastModified: string;
  modifiedById: string;
  isDeleted: boolean;
  internal: boolean;
  template: boolean;
  approved: boolean;
  favorite: boolean;
  performanceScore: string;
  recentRecordedAccess: string;
  usageCount: number;
}

export const VALIDATOR_VERSION = '1.1.11';
export const SUPPORTED_PRODUCTS = ['data_warehouse', 'oberon', 'discover'];
export const SUPPORTED_SCHEMA = ['schema_data_warehouse', 'schema_oberon'];

/** The validate endpoint's answer for a definition (also what `compatibility` shows on a segment). */
export function compatibilityOf(definition: unknown): Record<string, unknown> {
  const check = checkDefinition(definition);
  if (!check.valid) {
    return {
      valid: false,
      message: check.errors.length === 1 ? check.errors[0] : `${check.errors.length} problems; first: ${check.errors[0]}`,
      validator_version: VALIDATOR_VERSION,
      supported_products: [],
      supported_schema: [],
      supported_features: [],
      errors: check.errors,
    };
  }
  // The root func is not listed, as in the documented sample (attr, container, streq).
  const features = check.funcs.filter((func) => func !== 'segment' && func !== 'segment-def').map((func) => `function_${func}`);
  const result: Record<string, unknown> = {
    valid: true,
    message: check.warnings.length > 0 ? `Valid. Note: ${check.warnings.join('; ')}` : 'Segment definition is valid',
    validator_version: VALIDATOR_VERSION,
    supported_products: [...SUPPORTED_PRODUCTS],
    supported_schema: [...SUPPORTED_SCHEMA],
    supported_features: [...new Set(features)].sort(),
  };
  return result;
}
