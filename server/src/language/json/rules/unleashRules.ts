// Semantic rules of Unleash segments: per-operator checks of `value` / `values` as the Unleash server applies them.
// Which operator takes one value or many, and of what type, is read from the `x-operators` table of
// schemas/unleash-segment.schema.json.
import type { Node } from 'jsonc-parser';
import semver from 'semver';
import type { CoreDiagnostic, CoreEdit } from '../../common/coreTypes';
import unleashSchemaJson from '../../../../../schemas/unleash-segment.schema.json';
import type { SchemaObject } from './funcTree';
import { arrayView, keyOf, propertiesOf, propertyNode, propertyValue, rangeOf, removeMemberEdit, replaceEdit, stringOf } from '../jsonNodes';

export interface OperatorSpec {
  arity: 'single' | 'multi';
  valueType: 'string' | 'number' | 'date' | 'semver' | 'regex';
  caseInsensitive: boolean;
}

const schema = unleashSchemaJson as unknown as SchemaObject;
const constraintSchema = (schema.definitions as Record<string, SchemaObject>).constraint;
const operatorSchema = (constraintSchema.properties as Record<string, SchemaObject>).operator;
/** The operator table of the schema (the one copy of it). */
export const UNLEASH_OPERATORS = operatorSchema['x-operators'] as Record<string, OperatorSpec>;
const TOP_LEVEL_KEYS = new Set(Object.keys(schema.properties as SchemaObject));

/** The server's default limit of values per constraint. */
const MAX_VALUES = 1000;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export function checkUnleashDocument(root: Node): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  if (root?.type !== 'object') return out;
  for (const property of propertiesOf(root)) {
    const key = keyOf(property);
    if (key && typeof key.value === 'string' && !TOP_LEVEL_KEYS.has(key.value)) {
      out.push({
        range: rangeOf(key),
        severity: 'warning',
        code: 'unleash/unknown-property',
        message: `"${key.value}" is not a segment field: the Unleash server ignores it. Segment fields: ${[...TOP_LEVEL_KEYS].join(', ')}.`,
        fixes: [{ title: `Remove "${key.value}"`, edits: [removeMemberEdit(property)] }],
      });
    }
  }
  const constraints = propertyValue(root, 'constraints');
  if (constraints?.type !== 'array') return out;
  for (const constraint of constraints.children ?? []) {
    if (constraint.type === 'object') checkConstraint(constraint, out);
  }
  return out;
}

function checkConstraint(constraint: Node, out: CoreDiagnostic[]): void {
  const operatorNode = propertyValue(constraint, 'operator');
  const operator = stringOf(operatorNode);
  if (!operatorNode || operator === undefined) return;
  let spec = UNLEASH_OPERATORS[operator];
  let name = operator;
  if (!spec) {
    const match = Object.keys(UNLEASH_OPERATORS).find((op) => op.toLowerCase() === operator.toLowerCase());
    if (!match) return; // not an operator at all: the schema's enum error lists the valid ones
    out.push({
      range: rangeOf(operatorNode),
      severity: 'error',
      code: 'unleash/operator-case',
      message: `Operator names are case-sensitive: write "${match}", not "${operator}".`,
      fixes: [{ title: `Change to "${match}"`, edits: [replaceEdit(operatorNode, JSON.stringify(match))], preferred: true }],
    });
    spec = UNLEASH_OPERATORS[match];
    name = match;
  }
  if (spec.arity === 'single') checkSingleValue(constraint, name, spec, out);
  else checkMultiValue(constraint, name, out);
  const caseInsensitive = propertyValue(constraint, 'caseInsensitive');
  if (caseInsensitive?.value === true && !spec.caseInsensitive) {
    out.push({
      range: rangeOf(caseInsensitive),
      severity: 'information',
      code: 'unleash/case-insensitive-ignored',
      message: `"caseInsensitive" has no effect on ${name}: it applies to the STR_* operators and REGEX only.`,
    });
  }
}

// ---- single-value operators (NUM_*, DATE_*, SEMVER_*, REGEX) --------------------------------------------------

function checkSingleValue(constraint: Node, operator: string, spec: OperatorSpec, out: CoreDiagnostic[]): void {
  const valueProperty = propertyNode(constraint, 'value');
  const value = valueProperty?.children?.[1];
  const valuesProperty = propertyNode(constraint, 'values');
  const values = valuesProperty?.children?.[1];
  const elements = values?.type === 'array' ? values.children ?? [] : [];
  const hasValue = !!value && !(value.type === 'string' && value.value === '');

  if (!hasValue) {
    const valuesKey = valuesProperty ? keyOf(valuesProperty) : undefined;
    const anchor = (elements.length ? valuesKey : undefined) ?? value ?? operatorValue(constraint);
    const single = elements.length === 1 && elements[0].type === 'string' ? elements[0] : undefined;
    const edits: CoreEdit[] = [];
    if (single && valuesProperty) {
      if (value) edits.push(replaceEdit(value, JSON.stringify(single.value)), removeMemberEdit(valuesProperty));
      else edits.push(replaceEdit(valuesProperty, `"value": ${JSON.stringify(single.value)}`));
    }
    out.push({
      range: rangeOf(anchor),
      severity: 'error',
      code: 'unleash/value-arity',
      message: single
        ? `${operator} takes one value in "value", not a "values" list: write "value": ${JSON.stringify(single.value)}.`
        : elements.length > 1
          ? `${operator} takes exactly one value in "value"; "values" holds ${elements.length}. Keep one and write it as "value".`
          : `${operator} needs a value: add "value" (${describeType(spec)}).`,
      ...(edits.length ? { fixes: [{ title: `Move the value to "value"`, edits, preferred: true }] } : {}),
    });
    return;
  }
  if (value && value.type === 'number') {
    out.push({
      range: rangeOf(value),
      severity: 'warning',
      code: 'unleash/value-type',
      message: `"value" is a JSON number; Unleash stores constraint values as strings (the server converts it): write "${String(value.value)}".`,
      fixes: [{ title: 'Write the value as a string', edits: [replaceEdit(value, JSON.stringify(String(value.value)))], preferred: true }],
    });
  } else if (value && value.type === 'string') {
    checkTypedValue(value, operator, spec, out);
  }
  if (elements.length && valuesProperty) {
    out.push({
      range: rangeOf(keyOf(valuesProperty) ?? valuesProperty),
      severity: 'warning',
      code: 'unleash/ignored-values',
      message: `${operator} reads only "value"; the "values" list is ignored.`,
      fixes: [{ title: 'Remove "values"', edits: [removeMemberEdit(valuesProperty)] }],
    });
  }
}

function operatorValue(constraint: Node): Node {
  return propertyValue(constraint, 'operator') ?? constraint;
}

function describeType(spec: OperatorSpec): string {
  switch (spec.valueType) {
    case 'number':
      return 'a number written as a string, e.g. "18"';
    case 'date':
      return 'an ISO 8601 date-time, e.g. "2025-01-01T00:00:00.000Z"';
    case 'semver':
      return 'a semantic version, e.g. "1.2.3"';
    case 'regex':
      return 'a regular expression, e.g. "^user-[0-9]+$"';
    default:
      return 'a string';
  }
}

function checkTypedValue(value: Node, operator: string, spec: OperatorSpec, out: CoreDiagnostic[]): void {
  const text = String(value.value);
  const error = (code: string, message: string) => out.push({ range: rangeOf(value), severity: 'error', code, message });
  switch (spec.valueType) {
    case 'number':
      if (!NUMBER.test(text) || !Number.isFinite(Number(text))) {
        error('unleash/invalid-number', `${operator} compares numbers, but "${text}" is not a number; write ${describeType(spec)}.`);
      }
      break;
    case 'date':
      if (Number.isNaN(Date.parse(text))) {
        error('unleash/invalid-date', `${operator} compares dates, but "${text}" is not a date; write ${describeType(spec)}.`);
      } else if (!ISO_DATE_TIME.test(text)) {
        out.push({
          range: rangeOf(value),
          severity: 'warning',
          code: 'unleash/non-iso-date',
          message:
            `"${text}" is not an ISO 8601 date-time with a time zone. The server accepts what JavaScript's Date can read, but SDKs may read it differently: ` +
            `write e.g. "${new Date(Date.parse(text)).toISOString()}".`,
        });
      }
      break;
    case 'semver':
      if (!semver.valid(text)) {
        error('unleash/invalid-semver', `${operator} compares semantic versions, but "${text}" is not a valid semver; write e.g. "1.2.3" or "2.0.0-beta.1".`);
      }
      break;
    case 'regex':
      try {
        new RegExp(text);
      } catch (e) {
        error('unleash/invalid-regex', `"${text}" is not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}.`);
      }
      break;
    default:
      break;
  }
}

// ---- multi-value operators (IN, NOT_IN, STR_*) ----------------------------------------------------------------

function checkMultiValue(constraint: Node, operator: string, out: CoreDiagnostic[]): void {
  const valueProperty = propertyNode(constraint, 'value');
  const value = valueProperty?.children?.[1];
  const valuesProperty = propertyNode(constraint, 'values');
  const values = valuesProperty?.children?.[1];
  // Element nodes are built only for the elements a diagnostic points at: a 1000-value list stays cheap.
  const view = arrayView(values);
  const valueIsSet = !!value && (value.type === 'number' || (value.type === 'string' && value.value !== ''));

  if (!view.length) {
    if (values && values.type !== 'array') return; // wrong type: the schema reports it
    const edits: CoreEdit[] = [];
    if (valueIsSet && value && valueProperty) {
      const asList = `[${JSON.stringify(String(value.value))}]`;
      if (values) edits.push(replaceEdit(values, asList), removeMemberEdit(valueProperty));
      else edits.push(replaceEdit(valueProperty, `"values": ${asList}`));
    }
    out.push({
      range: rangeOf(valueIsSet && valueProperty ? (keyOf(valueProperty) ?? valueProperty) : (values ?? operatorValue(constraint))),
      severity: 'error',
      code: 'unleash/value-arity',
      message: valueIsSet
        ? `${operator} takes a list in "values", not a single "value": write "values": [${JSON.stringify(String(value?.value))}].`
        : `${operator} needs at least one entry in "values".`,
      ...(edits.length ? { fixes: [{ title: 'Move the value into "values"', edits, preferred: true }] } : {}),
    });
    return;
  }
  if (valueIsSet && valueProperty) {
    out.push({
      range: rangeOf(keyOf(valueProperty) ?? valueProperty),
      severity: 'warning',
      code: 'unleash/ignored-value',
      message: `${operator} reads only "values"; "value" is ignored.`,
      fixes: [{ title: 'Remove "value"', edits: [removeMemberEdit(valueProperty)] }],
    });
  }
  if (view.length > MAX_VALUES && values) {
    out.push({
      range: rangeOf(values),
      severity: 'error',
      code: 'unleash/too-many-values',
      message: `"values" holds ${view.length} entries; the Unleash server accepts at most ${MAX_VALUES} per constraint by default. Split the list or use a different context field.`,
    });
  }
  const seen = new Set<string>();
  let nonEmpty = 0;
  for (let i = 0; i < view.length; i++) if (view.raw(i) !== '') nonEmpty++;
  for (let i = 0; i < view.length; i++) {
    const text = view.raw(i);
    if (typeof text !== 'string') continue; // the schema reports non-strings
    if (text === '') {
      const element = view.node(i);
      out.push({
        range: rangeOf(element),
        severity: 'error',
        code: 'unleash/empty-value',
        message: 'An empty string is not a valid constraint value (the server rejects it).',
        ...(nonEmpty > 0 ? { fixes: [{ title: 'Remove the empty value', edits: [removeMemberEdit(element)] }] } : {}),
      });
      continue;
    }
    if (seen.has(text)) {
      const element = view.node(i);
      out.push({
        range: rangeOf(element),
        severity: 'warning',
        code: 'unleash/duplicate-value',
        message: `"${text}" is already in "values".`,
        fixes: [{ title: 'Remove the duplicate', edits: [removeMemberEdit(element)], preferred: true }],
      });
    }
    seen.add(text);
  }
}
