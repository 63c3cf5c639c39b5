// What a seed provides: the initial contents of the three stores.
import type { AepDefinitionRecord } from '../aep/definitionRecord';
import type { AepJobRecord } from '../aep/jobRecord';
import type { CjaSegmentRecord } from '../cja/segmentRecord';

export interface SeedData {
  dataViews: Record<string, string>;
  cjaSegments: CjaSegmentRecord[];
  aepDefinitions: AepDefinitionRecord[];
  aepJobs: AepJobRecord[];
}

export interface SeedContext {
  orgId: string;
  /** When the seed is loaded (start or reset): live seeded jobs are timed from here. */
  now: number;
  jobStepMs: number;
}
