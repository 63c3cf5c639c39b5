// The CJA segments of the emulated organisation. Deletion is soft, as the CJA guide describes: a deleted segment
// disappears from lists but can still be read by id.
import { randomBytes } from 'node:crypto';
import { CJA_COMPANY_PREFIX, OTHER_USER, TECHNICAL_ACCOUNT } from '../credentials';
import { isoTime, type Clock } from '../util/clock';
import type { CjaSegmentRecord } from './segmentRecord';

export interface NewSegment {
  name: string;
  description: string;
  dataId: string;
  definition: Record<string, unknown>;
}

export interface SegmentChanges {
  name?: string;
  description?: string;
  dataId?: string;
  definition?: Record<string, unknown>;
  owner?: { imsUserId: string; name?: string };
}

export class CjaSegmentStore {
  private segments = new Map<string, CjaSegmentRecord>();
  private dataViewNames = new Map<string, string>();

  constructor(private readonly clock: Clock) {}

  load(records: CjaSegmentRecord[], dataViewNames: Record<string, string>): void {
    this.segments = new Map(records.map((record) => [record.id, record]));
    this.dataViewNames = new Map(Object.entries(dataViewNames));
  }

  get(id: string): CjaSegmentRecord | undefined {
    return this.segments.get(id);
  }

  all(): IterableIterator<CjaSegmentRecord> {
    return this.segments.values();
  }

  get size(): number {
    return this.segments.size;
  }

  create(input: NewSegment): CjaSegmentRecord {
    const now = isoTime(this.clock.stamp());
    let id: string;
    do id = `${CJA_COMPANY_PREFIX}_${randomBytes(12).toString('hex')}`;
    while (this.segments.has(id));
    const record: CjaSegmentRecord = {
      id,
      name: input.name,
      description: input.description,
      dataId: input.dataId,
      dataName: this.dataViewNames.get(input.dataId) ?? `Data view ${input.dataId}`,
      owner: { ...TECHNICAL_ACCOUNT },
      definition: structuredClone(input.definition),
      tags: [],
      shares: [],
      usedIn: [],
      created: now,
      modified: now,
      definitionLastModified: now,
      modifiedById: TECHNICAL_ACCOUNT.imsUserId,
      isDeleted: false,
      internal: false,
      template: false,
      approved: false,
      favorite: false,
      performanceScore: '1.00',
      recentRecordedAccess: now,
      usageCount: 0,
    };
    this.segments.set(id, record);
    return record;
  }

  update(record: CjaSegmentRecord, changes: SegmentChanges, byUserId = TECHNICAL_ACCOUNT.imsUserId): CjaSegmentRecord {
    const now = isoTime(this.clock.stamp());
    if (changes.name !== undefined) record.name = changes.name;
    if (changes.description !== undefined) record.description = changes.description;
    if (changes.dataId !== undefined) {
      record.dataId = changes.dataId;
      record.dataName = this.dataViewNames.get(changes.dataId) ?? `Data view ${changes.dataId}`;
    }
    if (changes.owner !== undefined) record.owner = { imsUserId: changes.owner.imsUserId, name: changes.owner.name ?? changes.owner.imsUserId };
    if (changes.definition !== undefined) {
      record.definition = structuredClone(changes.definition);
      record.definitionLastModified = now;
    }
    record.modified = now;
    record.modifiedById = byUserId;
    return record;
  }

  softDelete(record: CjaSegmentRecord): void {
    record.isDeleted = true;
    record.modified = isoTime(this.clock.stamp());
  }

  /** An edit by "someone else" (admin mutate): any stored field may change; `modified` always moves on. */
  mutate(record: CjaSegmentRecord, patch: Record<string, unknown>): CjaSegmentRecord {
    const { id: _ignoredId, ...rest } = patch;
    Object.assign(record, structuredClone(rest));
    if ('definition' in patch) record.definitionLastModified = isoTime(this.clock.stamp());
    record.modified = isoTime(this.clock.stamp());
    record.modifiedById = OTHER_USER.imsUserId;
    return record;
  }

  hardDelete(id: string): boolean {
    return this.segments.delete(id);
  }
}
