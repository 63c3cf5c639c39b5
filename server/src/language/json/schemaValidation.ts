// Runs a kind's compiled ajv validator on the parsed value and turns ajv's errors into one clear, located
// diagnostic per real problem. Discriminated unions already keep ajv to the branch the `func` (or operator) names;
// what remains of combinator noise (oneOf/anyOf/if) is folded into one message per value here.
import type { ErrorObject } from 'ajv';
import { getNodeValue, type Node } from 'jsonc-parser';
import type { CoreDiagnostic, CoreFix, OffsetRange } from '../common/coreTypes';
import { nodeAtPointer } from './jsonDocument';
import { propertyNode, propertyOf, propertyValue } from './jsonNodes';
import { SchemaNavigator, isRecord } from './schemaNavigator';
import { SCHEMAS, validatorFor, type JsonKind, type JsonSchema } from './schemaRegistry';
import { closestMatch } from '../common/closestMatch';

export function validateAgainstSchema(kind: JsonKind, root: Node, value: unknown = getNodeValue(root)): CoreDiagnostic[] {
  const validate = validatorFor(kind);
  if (validate(value)) return [];
  const navigator = new SchemaNavigator(SCHEMAS[kind]);
  const errors = foldCombinatorNoise(validate.errors ?? []);
  const out: CoreDiagnostic[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const diagnostic = toDiagnostic(error, root, navigator);
    if (!diagnostic) continue;
    const key = `${diagnostic.range.start}:${diagnostic.range.end}:${diagnostic.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(diagnostic);
  }
  return out;
}

/**
 * Keeps one error per failing oneOf/anyOf value (the combinator error itself, with the branches' errors dropped) and
 * drops `if` bookkeeping errors, whose `then`/`else` errors already say what is wrong.
 */
function foldCombinatorNoise(errors: ErrorObject[]): ErrorObject[] {
  const combinators = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  return errors.filter((e) => {
    if (e.keyword === 'if') return false;
    return !combinators.some((c) => c !== e && e.schemaPath.startsWith(c.schemaPath + '/') && e.instancePath.startsWith(c.instancePath));
  });
}

function rangeOf(node: Node): OffsetRange {
  return { start: node.offset, end: node.offset + node.length };
}

/** The key of the property holding `node`, or the node itself when it is not a property value. */
function keyRangeOf(node: Node): OffsetRange {
  const key = propertyOf(node)?.children?.[0];
  return key ? rangeOf(key) : { start: node.offset, end: node.offset + 1 };
}

function toDiagnostic(error: ErrorObject, root: Node, navigator: SchemaNavigator): CoreDiagnostic | undefined {
  const node = nodeAtPointer(root, error.instancePath) ?? root;
  const at = describeLocation(node);
  const base = { severity: 'error' as const, code: `schema/${error.keyword}` };
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const propertySchema = navigator.deref((error.parentSchema as JsonSchema | undefined)?.properties?.[missing]);
      return {
        ...base,
        range: keyRangeOf(node),
        message: `Missing required property \`${missing}\`${at}.${hintFor(propertySchema)}`,
        fixes: insertPropertyFix(node, missing, propertySchema),
      };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const property = propertyNode(node, extra);
      const allowed = Object.keys((error.parentSchema as JsonSchema | undefined)?.properties ?? {});
      const suggestion = closestMatch(extra, allowed);
      return {
        ...base,
        range: property?.children?.[0] ? rangeOf(property.children[0]) : keyRangeOf(node),
        message: `Property \`${extra}\` is not allowed${at}.` +
          (suggestion ? ` Did you mean \`${suggestion}\`?` : allowed.length ? ` Allowed: ${formatList(allowed)}.` : ''),
        fixes: suggestion && property?.children?.[0]
          ? [{ title: `Rename to "${suggestion}"`, edits: [{ range: rangeOf(property.children[0]), newText: JSON.stringify(suggestion) }], preferred: true }]
          : undefined,
      };
    }
    case 'type': {
      const expected = Array.isArray(params.type) ? (params.type as string[]).join(' or ') : String(params.type);
      return { ...base, range: rangeOf(node), message: `Expected ${article(expected)}${at}, found ${jsonTypeOf(getNodeValue(node))}.` };
    }
    case 'enum':
    case 'const': {
      const allowed: unknown[] = error.keyword === 'enum' ? (params.allowedValues as unknown[]) : [params.allowedValue];
      const actual = getNodeValue(node);
      const sameIgnoringCase = typeof actual === 'string'
        ? allowed.find((a) => typeof a === 'string' && a.toLowerCase() === actual.toLowerCase())
        : undefined;
      const fixes: CoreFix[] | undefined = sameIgnoringCase !== undefined
        ? [{ title: `Change to ${JSON.stringify(sameIgnoringCase)}`, edits: [{ range: rangeOf(node), newText: JSON.stringify(sameIgnoringCase) }], preferred: true }]
        : undefined;
      return {
        ...base,
        range: rangeOf(node),
        message: `${JSON.stringify(actual)} is not a valid value${at}. ` +
          (sameIgnoringCase !== undefined ? `Values are case-sensitive: use ${JSON.stringify(sameIgnoringCase)}.` : `Expected ${formatList(allowed.map((a) => JSON.stringify(a)), 'one of ')}.`),
        fixes,
      };
    }
    case 'discriminator': {
      const union = navigator.unionOf(error.parentSchema as JsonSchema);
      const tags = union?.members.map((m) => m.tag) ?? [];
      const tagName = String(params.tag);
      const where = union?.title ? ` in ${union.title}` : at;
      if (params.error === 'mapping') {
        const tagNode = propertyValue(node, tagName) ?? node;
        const actual = String(params.tagValue);
        const suggestion = closestMatch(actual, tags);
        // A tag valid elsewhere is misplaced; one valid nowhere is unknown (most often a typo).
        const known = navigator.allTags(tagName).has(actual);
        return {
          ...base,
          range: rangeOf(tagNode),
          message: (known ? `\`${tagName}: "${actual}"\` is not allowed here${where}. ` : `Unknown ${tagName} "${actual}". `) +
            (suggestion ? `Did you mean \`${suggestion}\`? ` : '') + `Allowed here: ${formatList(tags.map((t) => `\`${t}\``))}.`,
          fixes: suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ range: rangeOf(tagNode), newText: JSON.stringify(suggestion) }] }] : undefined,
        };
      }
      return {
        ...base,
        range: isRecord(getNodeValue(node)) ? keyRangeOf(node) : rangeOf(node),
        message: `Expected an object with a string \`${tagName}\`${where}: one of ${formatList(tags.map((t) => `\`${t}\``))}.`,
      };
    }
    case 'oneOf':
    case 'anyOf': {
      const branches = ((error.schema as JsonSchema[]) ?? []).map((b) => navigator.deref(b)).filter((b): b is JsonSchema => !!b);
      const described = branches.map(describeBranch).filter(Boolean);
      return { ...base, range: rangeOf(node), message: `Invalid value${at}: expected ${formatList(described, '', ' or ')}.` };
    }
    case 'minItems':
      return { ...base, range: rangeOf(node), message: `Expected at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}${at}.` };
    case 'maxItems':
      return { ...base, range: rangeOf(node), message: `Expected at most ${String(params.limit)} items${at}.` };
    case 'minLength':
      return { ...base, range: rangeOf(node), message: params.limit === 1 ? `Must not be empty${at}.` : `Must be at least ${String(params.limit)} characters long${at}.` };
    case 'maxLength':
      return { ...base, range: rangeOf(node), message: `Must be at most ${String(params.limit)} characters long${at}.` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { ...base, range: rangeOf(node), message: `Must be ${String(params.comparison)} ${String(params.limit)}${at}.` };
    case 'pattern':
      return { ...base, range: rangeOf(node), message: `Does not have the expected form${at}${patternHint(error.parentSchema as JsonSchema)}.` };
    case 'format':
      return { ...base, range: rangeOf(node), message: `Expected a valid ${String(params.format)}${at}.` };
    case 'uniqueItems':
      return { ...base, severity: 'warning', range: rangeOf(node), message: `Items must be unique${at}: items ${String(params.j)} and ${String(params.i)} are equal.` };
    case 'not':
      return { ...base, range: rangeOf(node), message: `This value is not allowed${at}.` };
    default:
      return { ...base, range: rangeOf(node), message: `${error.message ?? 'Invalid value'}${at}.` };
  }
}

/** " in `streq`" style context for messages: the func of the enclosing object, else the property name. */
function describeLocation(node: Node): string {
  let objectNode: Node | undefined = node.type === 'object' ? node : node.parent?.type === 'property' ? node.parent.parent : node.parent;
  for (let i = 0; objectNode && objectNode.type !== 'object' && i < 3; i++) objectNode = objectNode.parent;
  const func = propertyValue(objectNode, 'func')?.value;
  const key = propertyOf(node)?.children?.[0]?.value;
  if (node.type === 'object' && typeof func === 'string') return ` in \`${func}\``;
  if (typeof key === 'string' && typeof func === 'string') return ` for \`${key}\` of \`${func}\``;
  if (typeof key === 'string') return ` for \`${key}\``;
  return '';
}

function hintFor(schema: JsonSchema | undefined): string {
  if (!schema) return '';
  if (schema.type) return ` It takes ${article(Array.isArray(schema.type) ? schema.type.join(' or ') : String(schema.type))}.`;
  return '';
}

function patternHint(schema: JsonSchema | undefined): string {
  if (!schema) return '';
  if (Array.isArray(schema.examples) && schema.examples.length) return `, e.g. ${JSON.stringify(schema.examples[0])}`;
  return typeof schema.pattern === 'string' ? ` (${schema.pattern})` : '';
}

function describeBranch(schema: JsonSchema): string {
  if (schema.title) return String(schema.title);
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((e: unknown) => JSON.stringify(e)).join(', ');
  if (schema.type === 'string' && schema.pattern) return `a string matching ${schema.pattern}`;
  if (schema.type) return article(Array.isArray(schema.type) ? schema.type.join(' or ') : String(schema.type));
  return '';
}

/** A minimal value of a schema, for quick fixes that insert a missing property. */
export function placeholderFor(schema: JsonSchema | undefined): string {
  if (!schema) return 'null';
  if (schema.default !== undefined) return JSON.stringify(schema.default);
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length) return JSON.stringify(schema.enum[0]);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string': return '""';
    case 'number':
    case 'integer': return '0';
    case 'boolean': return 'false';
    case 'array': return '[]';
    case 'object': return '{}';
    default: return '{}';
  }
}

function insertPropertyFix(objectNode: Node, key: string, schema: JsonSchema | undefined): CoreFix[] | undefined {
  if (objectNode.type !== 'object') return undefined;
  const properties = objectNode.children ?? [];
  const text = `${JSON.stringify(key)}: ${placeholderFor(schema)}`;
  const last = properties[properties.length - 1];
  const edit = last
    ? { range: { start: last.offset + last.length, end: last.offset + last.length }, newText: `, ${text}` }
    : { range: { start: objectNode.offset + 1, end: objectNode.offset + 1 }, newText: text };
  return [{ title: `Add missing property "${key}"`, edits: [edit] }];
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return `a number (${value})`;
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)})`;
  return `${article(typeof value)} (${String(value)})`;
}

function article(noun: string): string {
  const n = noun === 'integer' ? 'integer' : noun;
  return /^[aeiou]/.test(n) ? `an ${n}` : `a ${n}`;
}

export function formatList(items: readonly string[], prefix = '', last = ' or '): string {
  if (items.length === 0) return 'nothing';
  const shown = items.length > 12 ? [...items.slice(0, 12), `… (${items.length - 12} more)`] : [...items];
  if (shown.length === 1) return prefix + shown[0];
  return prefix + shown.slice(0, -1).join(', ') + last + shown[shown.length - 1];
}
