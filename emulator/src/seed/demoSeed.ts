// The 'demo' seed: realistic samples from emulator/fixtures (definitions taken from Adobe's documented examples).
import cjaFixture from '../../fixtures/cja-segments.demo.json';
import aepDefinitionFixture from '../../fixtures/aep-definitions.demo.json';
import aepJobFixture from '../../fixtures/aep-jobs.demo.json';
import type { AepDefinitionRecord } from '../aep/definitionRecord';
import type { JobTimeline } from '../aep/jobLifecycle';
import type { AepJobRecord, JobError, JobSegment } from '../aep/jobRecord';
import type { CjaSegmentRecord } from '../cja/segmentRecord';
import { AEP_SANDBOX } from '../credentials';
import type { SeedContext, SeedData } from './seedData';

interface JobFixture {
  id: string;
  source: string;
  segmentIds: string[];
  outcome: 'SUCCEEDED' | 'FAILED';
  createdAt?: number;
  processingAt?: number;
  endAt?: number;
  cancelRequestedAt?: number;
  cancelledAt?: number;
  /** A job still running: it ends this many job steps (at least 10 s) after the emulator (re)loads the seed. */
  remainingSteps?: number;
  batchId: string;
  computeJobId: number;
  computeGatewayJobId: string;
  requestId: string;
  properties: Record<string, string>;
  errors?: JobError[];
}

/** A seeded running job stays visible as PROCESSING at least this long, however fast jobStepMs makes new jobs. */
const MIN_LIVE_JOB_MS = 10_000;

type DefinitionFixture = Omit<AepDefinitionRecord, 'imsOrgId' | 'sandbox'>;

export function demoSeed(context: SeedContext): SeedData {
  const cja = structuredClone(cjaFixture) as unknown as { dataViews: Record<string, string>; segments: CjaSegmentRecord[] };
  const definitionFixtures = structuredClone(aepDefinitionFixture.definitions) as unknown as DefinitionFixture[];
  const aepDefinitions: AepDefinitionRecord[] = definitionFixtures.map((fixture) => ({
    ...fixture,
    imsOrgId: context.orgId,
    sandbox: { ...AEP_SANDBOX },
  }));
  const byId = new Map(aepDefinitions.map((definition) => [definition.id, definition]));
  const jobFixtures = structuredClone(aepJobFixture.jobs) as unknown as JobFixture[];
  const aepJobs = jobFixtures.map((fixture) => jobFromFixture(fixture, byId, context));
  return { dataViews: cja.dataViews, cjaSegments: cja.segments, aepDefinitions, aepJobs };
}

function jobFromFixture(fixture: JobFixture, definitions: Map<string, AepDefinitionRecord>, context: SeedContext): AepJobRecord {
  const segments: JobSegment[] = fixture.segmentIds.map((segmentId) => {
    const definition = definitions.get(segmentId);
    if (!definition) throw new Error(`Job fixture ${fixture.id} refers to unknown definition ${segmentId}`);
    return {
      segmentId,
      segment: {
        id: segmentId,
        version: 1,
        expression: { ...definition.expression },
        mergePolicyId: definition.mergePolicyId,
        mergePolicy: { id: definition.mergePolicyId, version: 1 },
      },
    };
  });
  return {
    id: fixture.id,
    imsOrgId: context.orgId,
    source: fixture.source,
    batchId: fixture.batchId,
    computeJobId: fixture.computeJobId,
    computeGatewayJobId: fixture.computeGatewayJobId,
    requestId: fixture.requestId,
    segments,
    timeline: timelineOf(fixture, context),
    failure: fixture.errors,
    properties: fixture.properties,
  };
}

function timelineOf(fixture: JobFixture, context: SeedContext): JobTimeline {
  if (fixture.remainingSteps !== undefined) {
    const step = context.jobStepMs;
    return {
      createdAt: context.now - 3 * step - 60_000,
      queuedAt: context.now - 2 * step - 30_000,
      processingAt: context.now - step,
      endAt: context.now + Math.max(fixture.remainingSteps * step, MIN_LIVE_JOB_MS),
      outcome: fixture.outcome,
    };
  }
  if (fixture.createdAt === undefined || fixture.processingAt === undefined || fixture.endAt === undefined) {
    throw new Error(`Job fixture ${fixture.id} needs createdAt, processingAt and endAt (or remainingSteps)`);
  }
  return {
    createdAt: fixture.createdAt,
    queuedAt: fixture.createdAt + Math.round((fixture.processingAt - fixture.createdAt) / 2),
    processingAt: fixture.processingAt,
    endAt: fixture.endAt,
    outcome: fixture.outcome,
    cancelRequestedAt: fixture.cancelRequestedAt,
    cancelledAt: fixture.cancelledAt,
  };
}
