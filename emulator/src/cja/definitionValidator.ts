// A real structural check of a CJA/Analytics segment definition, driven by FUNC_CATALOG: unknown funcs, nodes in
// the wrong position, bad contexts, missing or mistyped fields. It does not know the data view's components, so a
// well-formed reference to a dimension that does not exist still passes (the real service would catch that).
import { CONTEXTS, FUNC_CATALOG, RESTRICTION_LIMITS, ROLE_NAMES, TIME_UNITS, type FieldKind, type FuncRole } from './funcCatalog';

export interface DefinitionCheck {
  valid: boolean;
  errors: string[];
  warnings: string[];
  /** Every func used, in order of first use. */
  funcs: string[];
}

const MAX_DEPTH = 64;
const MAX_NODES = 20_000;
const MAX_ERRORS = 50;

export function checkDefinition(definition: unknown): DefinitionCheck {
  const walker = new Walker();
  walker.node(definition, 'definition', new Set<FuncRole>(['root']), 0);
  return {
    valid: walker.errors.length === 0,
    errors: walker.errors,
    warnings: [...walker.warnings],
    funcs: [...walker.funcs],
  };
}

class Walker {
  readonly errors: string[] = [];
  readonly warnings = new Set<string>();
  readonly funcs = new Set<string>();
  private nodes = 0;
  private stopped = false;

  node(value: unknown, path: string, expected: ReadonlySet<FuncRole>, depth: number): void {
    if (this.stopped) return;
    if (++this.nodes > MAX_NODES) return this.stop(`${path}: definition has more than ${MAX_NODES} nodes`);
    if (depth > MAX_DEPTH) return this.stop(`${path}: definition is nested more than ${MAX_DEPTH} levels deep`);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return this.error(`${path}: expected an object with a 'func' field`);
    }
    const node = value as Record<string, unknown>;
    if (typeof node.func !== 'string') return this.error(`${path}: missing field 'func'`);

    let func = node.func;
    let spec = FUNC_CATALOG[func];
    if (!spec) return this.error(`${path}: unknown func '${func}'`);

    // The 2025 CJA guide writes containers as {"func":"segment","context":...,"pred":...}: accept it as a container.
    if (func === 'segment' && expected.has('container') && !expected.has('root')) {
      this.warnings.add("'segment' used as a container appears only in the 2025 CJA guide; the documented form is 'container'");
      func = 'container';
      spec = FUNC_CATALOG.container;
    }
    if (!expected.has(spec.role)) {
      const wanted = [...expected].map((role) => ROLE_NAMES[role]).join(' or ');
      return this.error(`${path}: '${node.func}' is a ${ROLE_NAMES[spec.role]} and cannot stand where a ${wanted} is expected`);
    }
    if (spec.minorityForm) this.warnings.add(spec.minorityForm);
    this.funcs.add(func);

    for (const [field, kind] of Object.entries(spec.required)) {
      if (!(field in node)) {
        this.error(`${path}: '${func}' is missing field '${field}'`);
        continue;
      }
      this.field(node[field], `${path}.${field}`, kind, depth);
    }
    for (const [field, kind] of Object.entries(spec.optional ?? {})) {
      if (field in node && node[field] !== undefined) this.field(node[field], `${path}.${field}`, kind, depth);
    }
  }

  private field(value: unknown, path: string, kind: FieldKind, depth: number): void {
    switch (kind) {
      case 'any':
        return;
      case 'string':
        if (typeof value !== 'string') this.error(`${path}: expected a string`);
        return;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) this.error(`${path}: expected a number`);
        return;
      case 'numberOrNull':
        if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) this.error(`${path}: expected a number or null`);
        return;
      case 'count':
        if (!(typeof value === 'number' && Number.isInteger(value) && value >= 0) && !(typeof value === 'string' && /^\d+$/.test(value))) {
          this.error(`${path}: expected a non-negative whole number`);
        }
        return;
      case 'stringList':
        if (!Array.isArray(value) || value.length === 0 || !value.every((item) => typeof item === 'string')) {
          this.error(`${path}: expected a non-empty list of strings`);
        }
        return;
      case 'numberList':
        if (!Array.isArray(value) || value.length === 0 || !value.every((item) => typeof item === 'number' && Number.isFinite(item))) {
          this.error(`${path}: expected a non-empty list of numbers`);
        }
        return;
      case 'context':
        return this.oneOf(value, path, CONTEXTS, 'context');
      case 'limit':
        return this.oneOf(value, path, RESTRICTION_LIMITS, 'limit');
      case 'unit':
        return this.oneOf(value, path, TIME_UNITS, 'unit');
      case 'version':
        if (!Array.isArray(value) || value.length !== 3 || !value.every((part) => Number.isInteger(part) && (part as number) >= 0)) {
          this.error(`${path}: expected three whole numbers such as [1, 0, 0]`);
        }
        return;
      case 'container':
        return this.node(value, path, new Set<FuncRole>(['container']), depth + 1);
      case 'pred':
        return this.node(value, path, new Set<FuncRole>(['predicate', 'container']), depth + 1);
      case 'value':
        return this.node(value, path, new Set<FuncRole>(['value']), depth + 1);
      case 'event':
        if (typeof value === 'object' && value !== null && (value as { func?: unknown }).func !== 'event') {
          return this.error(`${path}: expected an 'event' node`);
        }
        return this.node(value, path, new Set<FuncRole>(['value']), depth + 1);
      case 'preds':
        return this.list(value, path, new Set<FuncRole>(['predicate', 'container']), depth);
      case 'stream':
        return this.list(value, path, new Set<FuncRole>(['container', 'restriction']), depth);
      case 'checkpoints':
        return this.list(value, path, new Set<FuncRole>(['container']), depth);
    }
  }

  private list(value: unknown, path: string, expected: ReadonlySet<FuncRole>, depth: number): void {
    if (!Array.isArray(value) || value.length === 0) return this.error(`${path}: expected a non-empty list`);
    value.forEach((item, i) => this.node(item, `${path}[${i}]`, expected, depth + 1));
  }

  private oneOf(value: unknown, path: string, allowed: readonly string[], what: string): void {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      this.error(`${path}: ${JSON.stringify(value)} is not a valid ${what} (${allowed.join(', ')})`);
    }
  }

  private error(message: string): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push(message);
  }

  private stop(message: string): void {
    this.error(message);
    this.stopped = true;
  }
}
