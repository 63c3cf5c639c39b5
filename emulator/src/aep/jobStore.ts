// Segment jobs of the emulated sandbox. A job snapshots its definitions' expressions when it is created; it FAILS
// when one of them is not well-formed PQL (possible when someone else edited a definition behind the API's back).
import { randomUUID } from 'node:crypto';
import type { Clock } from '../util/clock';
import type { AepDefinitionRecord } from './definitionRecord';
import { ACTIVE_STATUSES, requestCancel, stateAt, timelineFrom } from './jobLifecycle';
import type { AepJobRecord, JobError, JobSegment } from './jobRecord';
import { expressionProblem } from './pqlCheck';

export class AepJobStore {
  private jobs = new Map<string, AepJobRecord>();
  private nextComputeJobId = 40_000;

  constructor(
    private readonly clock: Clock,
    private readonly orgId: string,
    private readonly stepMs: () => number,
  ) {}

  load(records: AepJobRecord[]): void {
    this.jobs = new Map(records.map((record) => [record.id, record]));
    this.nextComputeJobId = 40_000 + records.length;
  }

  get(id: string): AepJobRecord | undefined {
    return this.jobs.get(id);
  }

  all(): IterableIterator<AepJobRecord> {
    return this.jobs.values();
  }

  activeCount(now: number): number {
    let count = 0;
    for (const job of this.jobs.values()) if (ACTIVE_STATUSES.has(stateAt(job.timeline, now).status)) count++;
    return count;
  }

  /** `definitions` empty with `allSegments` = the "*" form of the guide. */
  create(definitions: AepDefinitionRecord[], allSegments: boolean, requestId: string): AepJobRecord {
    const now = this.clock.now();
    const failure: JobError[] = [];
    for (const definition of definitions) {
      const problem = expressionProblem(definition.expression.format, definition.expression.value);
      if (problem) {
        failure.push({
          code: '0100000003',
          msg: `Failed to evaluate segment definition '${definition.id}': ${problem}`,
          callStack: 'com.adobe.platform.ups.segmentation.PqlCompilationException',
        });
      }
    }
    const segments: JobSegment[] = allSegments
      ? [{ segmentId: '*' }]
      : definitions.map((definition) => ({
          segmentId: definition.id,
          segment: {
            id: definition.id,
            version: 1,
            expression: { ...definition.expression },
            mergePolicyId: definition.mergePolicyId,
            mergePolicy: { id: definition.mergePolicyId, version: 1 },
          },
        }));
    const job: AepJobRecord = {
      id: randomUUID(),
      imsOrgId: this.orgId,
      source: 'api',
      batchId: randomUUID(),
      computeJobId: this.nextComputeJobId++,
      computeGatewayJobId: randomUUID(),
      requestId,
      segments,
      timeline: timelineFrom(now, this.stepMs(), failure.length > 0 ? 'FAILED' : 'SUCCEEDED'),
      failure: failure.length > 0 ? failure : undefined,
      properties: {},
    };
    this.jobs.set(job.id, job);
    return job;
  }

  /** Returns false when the job had already ended (it is then left as it is). */
  cancel(job: AepJobRecord): boolean {
    return requestCancel(job.timeline, this.clock.now(), this.stepMs());
  }
}
