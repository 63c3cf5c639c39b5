// Every `func` of the segment-definition language the emulator's validator accepts, as one table: its role (where
// it may appear) and its fields. Sources: the Analytics 2.0 definition reference (49 funcs), plus `segment-def` and
// `range` from the 2025 CJA guide, plus `total-distinct` seen in real exports (see cja-segment-definition.md).

/** Where a node may stand. */
export type FuncRole = 'root' | 'container' | 'predicate' | 'value' | 'restriction';

/** What a field must hold. */
export type FieldKind =
  | 'string'
  | 'number'
  | 'numberOrNull'
  | 'count' // number, or a numeric string as in the Analytics example 5
  | 'stringList'
  | 'numberList'
  | 'context'
  | 'limit'
  | 'unit'
  | 'version'
  | 'container' // a container node
  | 'pred' // a predicate or a container
  | 'preds' // a non-empty array of predicates or containers
  | 'stream' // a non-empty array of containers and restrictions
  | 'checkpoints' // a non-empty array of containers
  | 'value' // a value node (attr, event, total, ...)
  | 'event' // an event node
  | 'any';

export interface FuncSpec {
  role: FuncRole;
  required: Record<string, FieldKind>;
  optional?: Record<string, FieldKind>;
  /** Accepted but not the documented majority form; the validator mentions it in `message`. */
  minorityForm?: string;
}

const described = { description: 'string' } as const;
const stringComparison: FuncSpec = { role: 'predicate', required: { val: 'value', str: 'string' }, optional: described };
const stringListComparison: FuncSpec = { role: 'predicate', required: { val: 'value', list: 'stringList' }, optional: described };
const globComparison: FuncSpec = { role: 'predicate', required: { val: 'value', glob: 'string' }, optional: described };
const numberComparison: FuncSpec = { role: 'predicate', required: { val: 'value', num: 'number' }, optional: described };
const numberListComparison: FuncSpec = { role: 'predicate', required: { val: 'value', list: 'numberList' }, optional: described };
const restriction = (required: Record<string, FieldKind>): FuncSpec => ({
  role: 'restriction',
  required,
  optional: { container: 'string', unit: 'unit', description: 'string' },
});

export const FUNC_CATALOG: Readonly<Record<string, FuncSpec>> = {
  // Root and grouping
  segment: { role: 'root', required: { container: 'container', version: 'version' }, optional: described },
  'segment-def': {
    role: 'root',
    required: { container: 'container', version: 'version' },
    optional: described,
    minorityForm: "'segment-def' at the root appears only in the 2025 CJA guide; the documented form is 'segment'",
  },
  container: { role: 'container', required: { context: 'context', pred: 'pred' }, optional: described },
  and: { role: 'predicate', required: { preds: 'preds' }, optional: described },
  or: { role: 'predicate', required: { preds: 'preds' }, optional: described },
  without: { role: 'predicate', required: { pred: 'pred' }, optional: described },
  sequence: { role: 'predicate', required: { stream: 'stream' }, optional: described },
  'sequence-prefix': { role: 'predicate', required: { stream: 'stream' }, optional: { context: 'context', description: 'string' } },
  'sequence-suffix': { role: 'predicate', required: { stream: 'stream' }, optional: { context: 'context', description: 'string' } },
  'sequence-and': { role: 'predicate', required: { checkpoints: 'checkpoints' }, optional: described },
  'sequence-or': { role: 'predicate', required: { checkpoints: 'checkpoints' }, optional: described },

  // Sequence restrictions (only inside a stream)
  'time-restriction': restriction({ limit: 'limit', unit: 'unit', count: 'count' }),
  'container-restriction': restriction({ limit: 'limit', count: 'count' }),
  'dimension-restriction': restriction({ limit: 'limit', count: 'count' }),
  'exclude-next-checkpoint': { role: 'restriction', required: {}, optional: described },

  // Values
  attr: { role: 'value', required: { name: 'string' }, optional: { 'allocation-model': 'any', description: 'string' } },
  event: { role: 'value', required: { name: 'string' }, optional: described },
  total: { role: 'value', required: { evt: 'event' }, optional: described },
  'total-distinct': { role: 'value', required: { field: 'value' }, optional: described },

  // String comparisons
  streq: stringComparison,
  'not-streq': stringComparison,
  strlt: stringComparison,
  strgt: stringComparison,
  strle: stringComparison,
  strge: stringComparison,
  contains: stringComparison,
  'not-contains': stringComparison,
  'starts-with': stringComparison,
  'ends-with': stringComparison,
  'not-starts-with': stringComparison,
  'not-ends-with': stringComparison,
  'streq-in': stringListComparison,
  'not-streq-in': stringListComparison,
  'contains-any-of': stringListComparison,
  'contains-all-of': stringListComparison,
  'not-contains-any-of': stringListComparison,
  'not-contains-all-of': stringListComparison,
  matches: globComparison,
  'not-matches': globComparison,

  // Numeric comparisons
  eq: numberComparison,
  'not-eq': numberComparison,
  gt: numberComparison,
  lt: numberComparison,
  ge: numberComparison,
  le: numberComparison,
  'eq-any-of': numberListComparison,
  'not-eq-any-of': numberListComparison,
  range: { role: 'predicate', required: { val: 'value', low: 'numberOrNull', high: 'numberOrNull' }, optional: described },

  // Existence
  exists: { role: 'predicate', required: { val: 'value' }, optional: described },
  'not-exists': { role: 'predicate', required: { val: 'value' }, optional: described },
  'event-exists': { role: 'predicate', required: { evt: 'event' }, optional: described },
  'not-event-exists': { role: 'predicate', required: { evt: 'event' }, optional: described },
};

export const CONTEXTS: readonly string[] = ['visitors', 'visits', 'hits'];
export const RESTRICTION_LIMITS: readonly string[] = ['after', 'within'];
export const TIME_UNITS: readonly string[] = ['minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];

/** What each role may contain, for error messages. */
export const ROLE_NAMES: Readonly<Record<FuncRole, string>> = {
  root: 'segment root',
  container: 'container',
  predicate: 'predicate',
  value: 'value',
  restriction: 'sequence restriction',
};
