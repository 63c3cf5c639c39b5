// What a CJA segment response contains. Without `expansion` the real API answers a slim object (no definition),
// and each expansion value adds fields. One table maps expansion values to the fields they add.
import { CJA_COMPANY_PREFIX } from '../credentials';
import { compatibilityOf, type CjaSegmentRecord } from './segmentRecord';

type Output = Record<string, unknown>;
type Expander = (record: CjaSegmentRecord, out: Output) => void;

/** Fields every response has. */
function baseFields(record: CjaSegmentRecord): Output {
  return {
    id: record.id,
    name: record.name,
    description: record.description,
    dataId: record.dataId,
    owner: { imsUserId: record.owner.imsUserId },
  };
}

function ownerObject(out: Output): Record<string, unknown> {
  return out.owner as Record<string, unknown>;
}

function usageSummary(record: CjaSegmentRecord): Record<string, unknown> {
  const last = record.usedIn.reduce<number | null>((max, usage) => (max === null || usage.lastRecordedAccess > max ? usage.lastRecordedAccess : max), null);
  return {
    count: record.usageCount,
    mostRecentTimestamp: last === null ? null : new Date(last).toISOString(),
    itemId: record.usedIn[0]?.componentId ?? null,
  };
}

/** expansion value -> what it adds. Values of the spec's enum; unknown values are ignored, as the service does. */
export const EXPANSIONS: Readonly<Record<string, Expander>> = {
  definition: (r, out) => { out.definition = structuredClone(r.definition); },
  compatibility: (r, out) => { out.compatibility = compatibilityOf(r.definition); },
  modified: (r, out) => { out.modified = r.modified; out.modifiedById = r.modifiedById; },
  definitionLastModified: (r, out) => { out.definitionLastModified = r.definitionLastModified; },
  createdDate: (r, out) => { out.createDate = r.created; },
  isDeleted: (r, out) => { out.isDeleted = r.isDeleted; },
  internal: (r, out) => { out.internal = r.internal; },
  recentRecordedAccess: (r, out) => { out.recentRecordedAccess = r.recentRecordedAccess; },
  performanceScore: (r, out) => { out.performanceScore = r.performanceScore; },
  owner: (r, out) => { Object.assign(ownerObject(out), { ownerId: `${CJA_COMPANY_PREFIX.slice(1)}@${r.owner.imsUserId}`, type: 'imsUser' }); },
  ownerFullName: (r, out) => { ownerObject(out).name = r.owner.name; },
  dataId: (r, out) => { out.dataId = r.dataId; },
  dataName: (r, out) => { out.dataName = r.dataName; },
  approved: (r, out) => { out.approved = r.approved; },
  favorite: (r, out) => { out.favorite = r.favorite; },
  tags: (r, out) => { out.tags = r.tags.map((tag) => ({ ...tag })); },
  shares: (r, out) => { out.shares = r.shares.map(({ shareId, shareToId, shareToType }) => ({ shareId, shareToId, shareToType })); },
  sharesFullName: (r, out) => { out.shares = r.shares.map((share) => ({ ...share })); },
  usedIn: (r, out) => { out.usedIn = r.usedIn.map((usage) => ({ ...usage })); },
  usageSummary: (r, out) => { out.usageSummary = usageSummary(r); },
  usageSummaryWithRelevancyScore: (r, out) => {
    out.usageSummary = { ...usageSummary(r), relevancyScore: Math.round(Math.min(1, r.usageCount / 50) * 100) / 100 };
  },
};

/** Extra fields answered by create and update, so a caller sees at once what it wrote and its new `modified`. */
export const WRITE_RESPONSE_EXPANSIONS = ['definition', 'modified', 'compatibility', 'definitionLastModified', 'createdDate'];

export function parseExpansion(value: string | null): string[] {
  if (!value) return [];
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

export function projectSegment(record: CjaSegmentRecord, expansions: Iterable<string>): Output {
  const out = baseFields(record);
  for (const expansion of expansions) EXPANSIONS[expansion]?.(record, out);
  return out;
}
