// Deterministic generators of large, valid segment documents for the benchmarks.
import { mulberry32 } from '../../emulator/src/util/prng';

/** A seeded PRNG (mulberry32, shared with the emulator) so that every run, and every failure, repeats. */
export const prng = mulberry32;

const DIMENSIONS = ['variables/page', 'variables/evar1', 'variables/evar12', 'variables/campaign', 'variables/browser', 'variables/prop3'];

function predicate(random: () => number, i: number): unknown {
  const attr = { func: 'attr', name: DIMENSIONS[Math.floor(random() * DIMENSIONS.length)] };
  switch (i % 5) {
    case 0: return { func: 'streq', val: attr, str: `Page ${i}` };
    case 1: return { func: 'contains', val: attr, str: `term-${i}` };
    case 2: return { func: 'gt', val: { func: 'total', evt: { func: 'event', name: 'metrics/pageviews' } }, num: i % 17 };
    case 3: return { func: 'streq-in', val: attr, list: [`a${i}`, `b${i}`, `c${i}`] };
    default: return { func: 'exists', val: attr };
  }
}

/** A CJA segment resource whose definition serialises (pretty-printed) to at least `targetBytes`. */
export function generateCjaSegment(targetBytes: number, seed = 1): string {
  const random = prng(seed);
  const groups: unknown[] = [];
  let i = 0;
  let text = '';
  for (let round = 0; round < 1_000_000; round++) {
    const preds = Array.from({ length: 8 }, () => predicate(random, i++));
    groups.push({ func: 'container', context: 'hits', pred: { func: round % 2 ? 'or' : 'and', preds } });
    if (round % 50 === 49) {
      text = render(groups);
      if (text.length >= targetBytes) return text;
    }
  }
  return render(groups);
}

function render(groups: unknown[]): string {
  return JSON.stringify({
    name: 'Generated benchmark segment',
    dataId: 'dv_benchmark',
    definition: { func: 'segment', version: [1, 0, 0], container: { func: 'container', context: 'visitors', pred: { func: 'or', preds: [{ func: 'container', context: 'visits', pred: { func: 'and', preds: groups } }] } } },
  }, null, 2);
}

/** An Unleash segment with many constraints of up to 1000 values each. */
export function generateUnleashSegment(constraints: number, valuesEach: number, seed = 2): string {
  const random = prng(seed);
  const operators = ['IN', 'NOT_IN', 'STR_CONTAINS', 'NUM_GT', 'SEMVER_GT', 'DATE_AFTER'];
  return JSON.stringify({
    name: 'large-segment',
    description: 'Generated for the benchmark',
    constraints: Array.from({ length: constraints }, (_, i) => {
      const operator = operators[i % operators.length];
      if (operator === 'NUM_GT') return { contextName: 'age', operator, value: String(Math.floor(random() * 99)) };
      if (operator === 'SEMVER_GT') return { contextName: 'appVersion', operator, value: `${i % 9}.${i % 7}.${i % 5}` };
      if (operator === 'DATE_AFTER') return { contextName: 'currentTime', operator, value: '2026-01-01T00:00:00.000Z' };
      return { contextName: 'userId', operator, values: Array.from({ length: valuesEach }, (_, j) => `user-${i}-${j}-${Math.floor(random() * 1e6)}`) };
    }),
  }, null, 2);
}
