// Generated bulk seeds ({cjaSegments: N, aepDefinitions: M}) for benchmarks and paging tests. Deterministic: the
// same counts always give the same ids, names, definitions and dates.
import type { AepDefinitionRecord } from '../aep/definitionRecord';
import type { CjaSegmentRecord } from '../cja/segmentRecord';
import { AEP_DEFAULT_MERGE_POLICY_ID, AEP_PROFILE_INSTANCE_ID, AEP_PROFILE_SCHEMA, AEP_SANDBOX, CJA_COMPANY_PREFIX, TECHNICAL_ACCOUNT } from '../credentials';
import { isoTime } from '../util/clock';
import { deterministicUuid, mulberry32, randomHex } from '../util/prng';
import type { SeedContext, SeedData } from './seedData';

/** Upper bound so that a typo in a benchmark cannot ask for a billion records. */
export const MAX_BULK_RECORDS = 200_000;

const DATA_VIEWS: Record<string, string> = {
  dv_6467c0b1a3f0f1c2d3e4f5a6: 'Web & App - Production',
  dv_64a1f2e3d4c5b6a7980e1f2a: 'Web - EU',
  dv_65b2c3d4e5f6a7b8c9d0e1f2: 'Call Center + Web',
};
const TAGS = [
  { id: 1001, name: 'Web' },
  { id: 1002, name: 'Acquisition' },
  { id: 1003, name: 'Funnel' },
  { id: 1004, name: 'Retention' },
  { id: 1005, name: 'Mobile' },
  { id: 1006, name: 'Commerce' },
];
const PAGES = ['Home', 'Main Landing Page', 'Product Search', 'Cart', 'Checkout', 'Order Confirmation', 'Support', 'Pricing'];
const CHANNELS = ['Email', 'Paid Search', 'Natural Search', 'Display', 'Social', 'Affiliate', 'Direct'];
const CONTEXTS = ['visitors', 'visits', 'hits'] as const;
const COUNTRIES = ['US', 'CA', 'GB', 'DE', 'FR', 'NL', 'ES', 'IT', 'JP', 'AU'];
const EVENT_TYPES = ['commerce.checkouts', 'commerce.productViews', 'directMarketing.emailClicked', 'web.webpagedetails.pageViews'];

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

function cjaDefinition(random: Random): { label: string; definition: Record<string, unknown> } {
  const context = pick(random, CONTEXTS);
  const wrap = (pred: Record<string, unknown>) => ({ func: 'segment', version: [1, 0, 0], container: { func: 'container', context, pred } });
  const page = pick(random, PAGES);
  const channel = pick(random, CHANNELS);
  switch (Math.floor(random() * 5)) {
    case 0:
      return { label: `${page} viewers`, definition: wrap({ func: 'streq', str: page, val: { func: 'attr', name: 'variables/page' }, description: 'Page' }) };
    case 1:
      return {
        label: `${channel} with orders`,
        definition: wrap({
          func: 'and',
          preds: [
            { func: 'streq', str: channel, val: { func: 'attr', name: 'variables/marketingchannel' } },
            { func: 'event-exists', evt: { func: 'event', name: 'metrics/orders' } },
          ],
        }),
      };
    case 2: {
      const visits = 2 + Math.floor(random() * 5);
      return { label: `${visits}+ sessions`, definition: wrap({ func: 'ge', num: visits, val: { func: 'total', evt: { func: 'event', name: 'metrics/visits' } } }) };
    }
    case 3:
      return {
        label: `${page} then ${pick(random, PAGES)}`,
        definition: wrap({
          func: 'sequence',
          stream: [
            { func: 'container', context: 'hits', pred: { func: 'streq', str: page, val: { func: 'attr', name: 'variables/page' } } },
            { func: 'time-restriction', limit: 'within', unit: pick(random, ['day', 'week', 'month'] as const), count: 1 },
            { func: 'container', context: 'hits', pred: { func: 'exists', val: { func: 'attr', name: 'variables/evar1' } } },
          ],
        }),
      };
    default:
      return {
        label: `Not from ${channel}`,
        definition: wrap({ func: 'without', pred: { func: 'contains', str: channel.toLowerCase(), val: { func: 'attr', name: 'variables/referrer' } } }),
      };
  }
}

function pqlExpression(random: Random): { label: string; value: string; streaming: boolean } {
  const country = pick(random, COUNTRIES);
  switch (Math.floor(random() * 4)) {
    case 0:
      return { label: `Works in ${country}`, value: `workAddress.country = "${country}"`, streaming: false };
    case 1: {
      const year = 1950 + Math.floor(random() * 55);
      return { label: `Born after ${year} in ${country}`, value: `homeAddress.countryCode = "${country}" and person.birthYear > ${year}`, streaming: false };
    }
    case 2: {
      const eventType = pick(random, EVENT_TYPES);
      return {
        label: `${eventType} today`,
        value: `CHAIN(xEvent, timestamp, [C0: WHAT(eventType.equals("${eventType}", false)) WHEN(today)])`,
        streaming: true,
      };
    }
    default: {
      const days = 1 + Math.floor(random() * 30);
      return { label: `Cart adds in ${days} days`, value: `xEvent[(timestamp occurs < ${days} days before now) and eventType = "commerce.productListAdds"].count() > 0`, streaming: false };
    }
  }
}

function count(value: number | undefined, what: string): number {
  const n = value ?? 0;
  if (!Number.isInteger(n) || n < 0 || n > MAX_BULK_RECORDS) throw new Error(`${what} must be a whole number from 0 to ${MAX_BULK_RECORDS}`);
  return n;
}

export function bulkSeed(counts: { cjaSegments?: number; aepDefinitions?: number }, context: SeedContext): SeedData {
  const cjaCount = count(counts.cjaSegments, 'seed.cjaSegments');
  const aepCount = count(counts.aepDefinitions, 'seed.aepDefinitions');
  const base = Date.UTC(2023, 0, 2, 9, 0, 0);
  const dataViewIds = Object.keys(DATA_VIEWS);

  const cjaRandom = mulberry32(0xc1a5e6);
  const cjaSegments: CjaSegmentRecord[] = [];
  for (let i = 1; i <= cjaCount; i++) {
    const { label, definition } = cjaDefinition(cjaRandom);
    const created = base + i * 3_600_000;
    const modified = created + Math.floor(cjaRandom() * 90) * 86_400_000;
    const dataId = pick(cjaRandom, dataViewIds);
    const number = String(i).padStart(5, '0');
    cjaSegments.push({
      id: `${CJA_COMPANY_PREFIX}_${number}${randomHex(cjaRandom, 19)}`,
      name: `Bulk ${number} - ${label}`,
      description: `Generated segment ${i} of ${cjaCount}`,
      dataId,
      dataName: DATA_VIEWS[dataId],
      owner: { ...TECHNICAL_ACCOUNT },
      definition,
      tags: [pick(cjaRandom, TAGS)],
      shares: [],
      usedIn: [],
      created: isoTime(created),
      modified: isoTime(modified),
      definitionLastModified: isoTime(modified),
      modifiedById: TECHNICAL_ACCOUNT.imsUserId,
      isDeleted: false,
      internal: false,
      template: false,
      approved: false,
      favorite: false,
      performanceScore: (0.3 + cjaRandom() * 3).toFixed(2),
      recentRecordedAccess: isoTime(modified),
      usageCount: Math.floor(cjaRandom() * 20),
    });
  }

  const aepRandom = mulberry32(0xae9de5);
  const aepDefinitions: AepDefinitionRecord[] = [];
  for (let i = 1; i <= aepCount; i++) {
    const { label, value, streaming } = pqlExpression(aepRandom);
    const created = base + i * 3_600_000;
    const updated = created + Math.floor(aepRandom() * 60) * 86_400_000;
    aepDefinitions.push({
      id: deterministicUuid(aepRandom),
      schema: { name: AEP_PROFILE_SCHEMA },
      profileInstanceId: AEP_PROFILE_INSTANCE_ID,
      imsOrgId: context.orgId,
      sandbox: { ...AEP_SANDBOX },
      name: `Bulk ${String(i).padStart(5, '0')} - ${label}`,
      description: `Generated definition ${i} of ${aepCount}`,
      expression: { type: 'PQL', format: 'pql/text', value },
      mergePolicyId: AEP_DEFAULT_MERGE_POLICY_ID,
      evaluationInfo: { batch: { enabled: !streaming }, continuous: { enabled: streaming }, synchronous: { enabled: false } },
      dataGovernancePolicy: { excludeOptOut: true },
      creationTime: created,
      updateEpoch: Math.floor(updated / 1000),
      updateTime: updated,
    });
  }
  return { dataViews: { ...DATA_VIEWS }, cjaSegments, aepDefinitions, aepJobs: [] };
}
