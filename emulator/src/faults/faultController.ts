// Injected faults: rules are checked in the order they were added; the first one that matches a request (and, for
// probabilistic rules, whose die says yes) is used and its budget (`times`) decreases.
import { mulberry32 } from '../util/prng';
import type { FaultController, FaultKind, FaultRule } from '../types';

export const FAULT_KINDS: readonly FaultKind[] = ['429', '500', '503', 'slow', 'reset', 'truncate'];
const MAX_DELAY_MS = 10 * 60_000;
const DEFAULT_PROBABILITY_SEED = 1;

export class FaultRuleError extends Error {}

interface ActiveRule {
  rule: FaultRule;
  /** undefined = unlimited (a probabilistic rule without `times`). */
  remaining: number | undefined;
  random?: () => number;
}

export interface FaultRequest {
  method: string;
  path: string;
  isTokenEndpoint: boolean;
}

export class FaultRules implements FaultController {
  private rules: ActiveRule[] = [];

  inject(rule: FaultRule): void {
    const checked = validateFaultRule(rule);
    const probabilistic = checked.probability !== undefined;
    this.rules.push({
      rule: checked,
      remaining: probabilistic ? checked.times : (checked.times ?? 1),
      random: probabilistic ? mulberry32(checked.seed ?? DEFAULT_PROBABILITY_SEED) : undefined,
    });
  }

  clear(): void {
    this.rules = [];
  }

  /** The rule to apply now, if any, among those of the given phase and kinds. */
  take(request: FaultRequest, phase: 'before' | 'after', kinds: ReadonlySet<FaultKind>): FaultRule | undefined {
    for (let i = 0; i < this.rules.length; i++) {
      const active = this.rules[i];
      const { rule } = active;
      if ((rule.when ?? 'before') !== phase || !kinds.has(rule.kind)) continue;
      if (!matches(rule, request)) continue;
      if (active.random && rule.probability !== undefined && active.random() >= rule.probability) continue;
      if (active.remaining !== undefined) {
        active.remaining -= 1;
        if (active.remaining <= 0) this.rules.splice(i, 1);
      }
      return rule;
    }
    return undefined;
  }

  get size(): number {
    return this.rules.length;
  }
}

function matches(rule: FaultRule, request: FaultRequest): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== request.method) return false;
  if (rule.pathPrefix === undefined) return !request.isTokenEndpoint;
  return request.path.startsWith(rule.pathPrefix);
}

/** Checks a rule from code or from the admin API (where it is untrusted JSON); returns a clean copy. */
export function validateFaultRule(input: unknown): FaultRule {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new FaultRuleError('A fault rule must be an object');
  const raw = input as Record<string, unknown>;
  if (!FAULT_KINDS.includes(raw.kind as FaultKind)) {
    throw new FaultRuleError(`kind must be one of ${FAULT_KINDS.join(', ')}`);
  }
  const rule: FaultRule = { kind: raw.kind as FaultKind };
  if (raw.method !== undefined) {
    if (typeof raw.method !== 'string' || !/^[A-Za-z]+$/.test(raw.method)) throw new FaultRuleError('method must be an HTTP method name');
    rule.method = raw.method;
  }
  if (raw.pathPrefix !== undefined) {
    if (typeof raw.pathPrefix !== 'string' || !raw.pathPrefix.startsWith('/')) throw new FaultRuleError('pathPrefix must be a string starting with /');
    rule.pathPrefix = raw.pathPrefix;
  }
  if (raw.retryAfterSeconds !== undefined) rule.retryAfterSeconds = number(raw.retryAfterSeconds, 'retryAfterSeconds', 0, 86_400, true);
  if (raw.delayMs !== undefined) rule.delayMs = number(raw.delayMs, 'delayMs', 0, MAX_DELAY_MS, false);
  if (raw.times !== undefined) rule.times = number(raw.times, 'times', 1, Number.MAX_SAFE_INTEGER, true);
  if (raw.probability !== undefined) rule.probability = number(raw.probability, 'probability', 0, 1, false);
  if (raw.seed !== undefined) rule.seed = number(raw.seed, 'seed', 0, 2 ** 32 - 1, true);
  if (raw.when !== undefined) {
    if (raw.when !== 'before' && raw.when !== 'after') throw new FaultRuleError("when must be 'before' or 'after'");
    rule.when = raw.when;
  }
  if (rule.kind === 'slow' && rule.delayMs === undefined) throw new FaultRuleError('a slow fault needs delayMs');
  return rule;
}

function number(value: unknown, name: string, min: number, max: number, integer: boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new FaultRuleError(`${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
  }
  return value;
}
