// Semantic rules of AEP segment definitions (the resource around the query; the embedded PQL is checked elsewhere).
import { parse as parseJsonc, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { CoreDiagnostic } from '../../common/coreTypes';
import aepSchemaJson from '../../../../../schemas/aep-segment.schema.json';
import type { SchemaObject } from './funcTree';
import { propertyNode, propertyValue, rangeOf, replaceEdit, stringOf } from '../jsonNodes';

const schema = aepSchemaJson as unknown as SchemaObject;
const FIELD_DOCS = schema.properties as Record<string, SchemaObject>;

/** Fields a create (`POST /segment/definitions`, a body without `id`) must carry. */
const CREATE_FIELDS = ['name', 'expression', 'schema'] as const;
/**
 * Adobe documents no maximum for `ttlInDays`; its examples use 30, 60 and 90. Beyond a year the value is more likely
 * a unit mistake (hours, or a timestamp) than an intent, so it is pointed out, as information only.
 */
const LONG_TTL_DAYS = 365;

export function checkAepDocument(root: Node): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  if (root?.type !== 'object') return out;
  checkCreateFields(root, out);
  checkExpression(root, out);
  checkTtl(root, out);
  return out;
}

function checkCreateFields(root: Node, out: CoreDiagnostic[]): void {
  if (propertyNode(root, 'id')) return; // fetched from the server: an update or a local copy
  for (const field of CREATE_FIELDS) {
    if (propertyNode(root, field)) continue;
    const doc = typeof FIELD_DOCS[field]?.markdownDescription === 'string' ? String(FIELD_DOCS[field].markdownDescription) : '';
    out.push({
      range: { start: root.offset, end: root.offset + 1 },
      severity: 'error',
      code: 'aep/missing-field',
      message: `A new segment definition (no "id") needs "${field}": ${doc.split('\n')[0]}`,
    });
  }
}

function checkExpression(root: Node, out: CoreDiagnostic[]): void {
  const expression = propertyValue(root, 'expression');
  if (expression?.type !== 'object') return;
  const typeNode = propertyValue(expression, 'type');
  const formatNode = propertyValue(expression, 'format');
  const valueNode = propertyValue(expression, 'value');
  const format = stringOf(formatNode);
  const value = stringOf(valueNode);

  if (typeNode && stringOf(typeNode) === 'ARL') {
    out.push({
      range: rangeOf(typeNode),
      severity: 'warning',
      code: 'aep/arl-unsupported',
      message: '"ARL" is listed in the API\'s enum, but the segment-definitions guide says only "PQL" is supported.',
      fixes: [{ title: 'Use "PQL"', edits: [replaceEdit(typeNode, '"PQL"')] }],
    });
  }
  if (!formatNode || !valueNode || value === undefined) return;

  if (format === 'pql/json') {
    const errors: ParseError[] = [];
    const parsed: unknown = parseJsonc(value, errors, { disallowComments: true, allowTrailingComma: false });
    if (errors.length || !parsed || typeof parsed !== 'object') {
      const first = errors[0];
      out.push({
        range: rangeOf(valueNode),
        severity: 'error',
        code: 'aep/json-expression',
        message:
          '"format" is "pql/json", so "value" must be the PQL syntax tree as a JSON document serialised into a string' +
          (first ? ` (${printParseErrorCode(first.error)} at character ${first.offset + 1}).` : ' (it is not a JSON object or array).') +
          ' For PQL text use "format": "pql/text".',
        ...(looksLikePqlText(value) ? { fixes: [{ title: 'Set "format" to "pql/text"', edits: [replaceEdit(formatNode, '"pql/text"')], preferred: true }] } : {}),
      });
    } else if (!propertyNode(root, 'id')) {
      out.push({
        range: rangeOf(formatNode),
        severity: 'warning',
        code: 'aep/json-format-on-create',
        message:
          'The segment-definitions guide documents only "pql/text" for creating a definition ("pql/json" appears in answers). ' +
          'Convert the expression with POST /segment/conversion, or keep a copy fetched from the server (with its "id").',
      });
    }
  } else if (format === 'pql/text' && isJsonTree(value)) {
    out.push({
      range: rangeOf(formatNode),
      severity: 'warning',
      code: 'aep/format-mismatch',
      message: '"value" holds a PQL JSON syntax tree, but "format" says "pql/text": set "format" to "pql/json" (or write the query as PQL text).',
      fixes: [{ title: 'Set "format" to "pql/json"', edits: [replaceEdit(formatNode, '"pql/json"')], preferred: true }],
    });
  }
}

/** A JSON object with a `nodeType`: the pql/json form. */
function isJsonTree(value: string): boolean {
  if (!/^\s*\{/.test(value)) return false;
  const errors: ParseError[] = [];
  const parsed: unknown = parseJsonc(value, errors, { disallowComments: true });
  return !errors.length && !!parsed && typeof parsed === 'object' && 'nodeType' in (parsed as object);
}

/** Text that does not even start like JSON is PQL text put under the wrong format. */
function looksLikePqlText(value: string): boolean {
  return !/^\s*[[{"]/.test(value) && value.trim().length > 0;
}

function checkTtl(root: Node, out: CoreDiagnostic[]): void {
  const ttl = propertyValue(root, 'ttlInDays');
  if (ttl?.type !== 'number' || typeof ttl.value !== 'number' || !Number.isInteger(ttl.value) || ttl.value <= LONG_TTL_DAYS) return;
  out.push({
    range: rangeOf(ttl),
    severity: 'information',
    code: 'aep/ttl-long',
    message:
      `"ttlInDays" is ${ttl.value} days (over ${Math.floor(ttl.value / 365)} year${ttl.value >= 730 ? 's' : ''}). Adobe documents no maximum, but its examples use 30 to 90 days: check that the value is meant in days.`,
  });
}
