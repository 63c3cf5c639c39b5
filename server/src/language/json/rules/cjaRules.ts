// Semantic rules of CJA / Analytics segment definitions: what the schema cannot say. The func catalogue, the
// position of each func and the order of contexts are read from schemas/cja-segment.schema.json.
import type { Node } from 'jsonc-parser';
import type { CoreDiagnostic, CoreFix, Severity } from '../../common/coreTypes';
import cjaSchemaJson from '../../../../../schemas/cja-segment.schema.json';
import { refName, unionTables, walkUnionTree, type FuncNodeVisit, type SchemaObject } from './funcTree';
import {
  compactJson,
  insertEdit,
  keyOf,
  propertyNode,
  propertyValue,
  rangeOf,
  replaceEdit,
  stringOf,
  valueOf,
} from '../jsonNodes';

const schema = cjaSchemaJson as unknown as SchemaObject;
const tables = unionTables(schema);
const ROOT_UNION = refName(schema.then) ?? 'definition';
const RESOURCE = tables.definitions[refName(schema.else) ?? 'segmentResource'];
const RESOURCE_DEFINITION_UNION = refName((RESOURCE?.properties as SchemaObject | undefined)?.definition) ?? ROOT_UNION;
/** Widest first, as the schema's `context` enum lists them. */
const CONTEXT_ORDER = (tables.definitions.context?.enum as string[] | undefined) ?? ['visitors', 'visits', 'hits'];
const EXPECTED_VERSION = [1, 0, 0];

/** Branches whose `x-severity` gets a dedicated code and fix instead of the generic "unverified func" warning. */
const SPECIAL_BRANCHES: Record<string, { code: string; lead: string; fix?: (v: FuncNodeVisit) => CoreFix | undefined }> = {
  'segment-def': { code: 'cja/segment-def-form', lead: '"segment-def" is a minority form.', fix: segmentDefFix },
  eventNeedsTotal: { code: 'cja/event-needs-total', lead: 'An event is not a number.', fix: wrapInTotalFix },
  eventNeedsEventExists: { code: 'cja/exists-on-event', lead: '"exists" and "not-exists" test dimensions, not events.', fix: eventExistsFix },
};

export function checkCjaDocument(root: Node): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  if (root?.type !== 'object') return out;
  let start: Node | undefined;
  let union = ROOT_UNION;
  if (propertyNode(root, 'func')) {
    start = root;
  } else {
    start = propertyValue(root, 'definition');
    union = RESOURCE_DEFINITION_UNION;
    checkResource(root, out);
  }
  if (!start) return out;

  const visits: FuncNodeVisit[] = [];
  // The visits of each sequence's stream items, by index (only streams need to look at their items as a list).
  const streamItems = new Map<FuncNodeVisit, FuncNodeVisit[]>();
  walkUnionTree(tables, union, start, (v) => {
    visits.push(v);
    if (v.via === 'stream' && v.parent && v.index !== undefined) {
      let items = streamItems.get(v.parent);
      if (!items) streamItems.set(v.parent, (items = []));
      items[v.index] = v;
    }
  });
  for (const v of visits) {
    if (v.depth === 0) checkVersion(v, out);
    checkSeverityMark(v, out);
    checkContextNesting(v, out);
    checkCountString(v, out);
    checkComponentKind(v, out);
    const stream = propertyValue(v.node, 'stream');
    if (stream?.type === 'array') checkStream(stream, streamItems.get(v) ?? [], out);
  }
  return out;
}

// ---- resource ------------------------------------------------------------------------------------------------

function checkResource(root: Node, out: CoreDiagnostic[]): void {
  if (!propertyNode(root, 'definition')) return; // not recognisably a segment yet: the schema's required errors say enough
  if (propertyNode(root, 'dataId') || propertyNode(root, 'rsid') || propertyNode(root, 'id')) return;
  const anchor = keyOf(propertyNode(root, 'name') ?? propertyNode(root, 'definition') ?? root) ?? root;
  out.push({
    range: anchor === root ? { start: root.offset, end: root.offset + 1 } : rangeOf(anchor),
    severity: 'information',
    code: 'cja/missing-data-view',
    message:
      'This segment names no data view: creating it in CJA needs "dataId" (the data view id, e.g. "dv_...") — the CJA guide calls the same field "rsid".',
  });
}

// ---- version -------------------------------------------------------------------------------------------------

function checkVersion(v: FuncNodeVisit, out: CoreDiagnostic[]): void {
  const version = propertyValue(v.node, 'version');
  if (!version) {
    out.push({
      range: rangeOf(v.tagNode),
      severity: 'warning',
      code: 'cja/version',
      message: 'The definition has no "version": every Adobe example and export writes "version": [1, 0, 0].',
      fixes: [{ title: 'Add "version": [1, 0, 0]', edits: [insertEdit(v.tagNode.offset + v.tagNode.length, ', "version": [1, 0, 0]')], preferred: true }],
    });
    return;
  }
  const value = valueOf(version);
  if (!Array.isArray(value) || JSON.stringify(value) === JSON.stringify(EXPECTED_VERSION)) return;
  out.push({
    range: rangeOf(version),
    severity: 'warning',
    code: 'cja/version',
    message: `"version" is ${JSON.stringify(value)}; the only version Adobe documents is [1, 0, 0].`,
    fixes: [{ title: 'Use version [1, 0, 0]', edits: [replaceEdit(version, '[1, 0, 0]')], preferred: true }],
  });
}

// ---- funcs the schema marks with x-severity -----------------------------------------------------------------

function checkSeverityMark(v: FuncNodeVisit, out: CoreDiagnostic[]): void {
  const severity = v.branch['x-severity'];
  if (severity !== 'warning' && severity !== 'error' && severity !== 'information' && severity !== 'hint') return;
  const explanation = typeof v.branch.deprecationMessage === 'string' ? v.branch.deprecationMessage : '';
  const special = SPECIAL_BRANCHES[v.branchName];
  const fix = special?.fix?.(v);
  const onNode = v.branchName === 'eventNeedsTotal' || v.branchName === 'eventNeedsEventExists';
  out.push({
    range: rangeOf(onNode ? v.node : v.tagNode),
    severity: severity as Severity,
    code: special?.code ?? 'cja/unverified-func',
    message: `${special?.lead ?? `"${v.tag}" is not in Adobe's segment-definition reference.`} ${explanation}`,
    ...(fix ? { fixes: [fix] } : {}),
  });
}

function segmentDefFix(v: FuncNodeVisit): CoreFix {
  const edits = [replaceEdit(v.tagNode, '"segment"')];
  const container = propertyValue(v.node, 'container');
  const containerFunc = propertyValue(container, 'func');
  if (stringOf(containerFunc) === 'segment' && containerFunc) edits.push(replaceEdit(containerFunc, '"container"'));
  return { title: 'Use the documented form: "segment" at the root, "container" for the container', edits, preferred: true };
}

function wrapInTotalFix(v: FuncNodeVisit): CoreFix {
  return {
    title: 'Wrap the event in "total"',
    edits: [insertEdit(v.node.offset, '{"func": "total", "evt": '), insertEdit(v.node.offset + v.node.length, '}')],
    preferred: true,
  };
}

function eventExistsFix(v: FuncNodeVisit): CoreFix | undefined {
  const parent = v.parent;
  const valKey = v.node.parent ? keyOf(v.node.parent) : undefined;
  if (!parent || !valKey) return undefined;
  const replacement = parent.tag === 'not-exists' ? 'not-event-exists' : 'event-exists';
  return {
    title: `Use "${replacement}" with "evt"`,
    edits: [replaceEdit(parent.tagNode, `"${replacement}"`), replaceEdit(valKey, '"evt"')],
    preferred: true,
  };
}

// ---- context nesting -----------------------------------------------------------------------------------------

function isContainer(v: FuncNodeVisit): boolean {
  const properties = v.branch.properties as SchemaObject | undefined;
  return !!properties && 'context' in properties && 'pred' in properties;
}

/** Nodes that set a context for what they contain: containers, and sequences that carry their own `context`. */
function setsContext(v: FuncNodeVisit): boolean {
  const properties = v.branch.properties as SchemaObject | undefined;
  return !!properties && refName(properties.context) === 'context' && stringOf(propertyValue(v.node, 'context')) !== undefined;
}

function checkContextNesting(v: FuncNodeVisit, out: CoreDiagnostic[]): void {
  if (!isContainer(v)) return;
  let scope = v.parent;
  while (scope && !setsContext(scope)) scope = scope.parent;
  if (!scope) return;
  const contextNode = propertyValue(v.node, 'context');
  const inner = stringOf(contextNode);
  const outer = stringOf(propertyValue(scope.node, 'context'));
  if (!contextNode || inner === undefined || outer === undefined) return;
  const innerRank = CONTEXT_ORDER.indexOf(inner);
  const outerRank = CONTEXT_ORDER.indexOf(outer);
  if (innerRank < 0 || outerRank < 0 || innerRank >= outerRank) return;
  const parentLabel = isContainer(scope) ? `a "${outer}" container` : `a "${scope.tag}" of context "${outer}"`;
  out.push({
    range: rangeOf(contextNode),
    severity: 'warning',
    code: 'cja/context-nesting',
    message:
      `A "${inner}" container inside ${parentLabel} is wider than its parent (contexts nest ${CONTEXT_ORDER.join(' > ')}): ` +
      `it is tested on the whole ${singular(inner)} of each ${singular(outer)}, which the parent cannot narrow. ` +
      `Use "${outer}" or a narrower context here, or widen the parent.`,
  });
}

function singular(context: string): string {
  return context.replace(/s$/, '');
}

// ---- sequence streams ----------------------------------------------------------------------------------------

function isCheckpoint(v: FuncNodeVisit | undefined): boolean {
  return !!v && isContainer(v);
}

function hasLimit(v: FuncNodeVisit): boolean {
  const properties = v.branch.properties as SchemaObject | undefined;
  return !!properties && 'limit' in properties;
}

function checkStream(stream: Node, visited: FuncNodeVisit[], out: CoreDiagnostic[]): void {
  // One entry per stream element; undefined where the element was not visited (no valid func).
  const items: (FuncNodeVisit | undefined)[] = (stream.children ?? []).map((_, index) => visited[index]);
  items.forEach((item, index) => {
    if (!item || isCheckpoint(item)) return;
    if (index === 0 || index === items.length - 1) {
      out.push({
        range: rangeOf(item.tagNode),
        severity: 'warning',
        code: 'cja/restriction-position',
        message: `"${item.tag}" restricts what happens between two checkpoints, but it stands at the ${index === 0 ? 'start' : 'end'} of the stream: put it between two containers.`,
      });
    }
  });
  // Runs of restrictions between the same two checkpoints (community R client: at most two, "within" before "after").
  let run: FuncNodeVisit[] = [];
  const flush = () => {
    if (run.length > 2) {
      out.push({
        range: rangeOf(run[2].tagNode),
        severity: 'warning',
        code: 'cja/restriction-count',
        message: `${run.length} restrictions stand between the same two checkpoints; at most two can be combined (one "within" and one "after").`,
      });
    }
    for (let i = 0; i + 1 < run.length; i++) {
      const first = run[i];
      const second = run[i + 1];
      const firstLimit = stringOf(propertyValue(first.node, 'limit'));
      const secondLimitNode = propertyValue(second.node, 'limit');
      if (firstLimit === 'after' && stringOf(secondLimitNode) === 'within' && secondLimitNode) {
        out.push({
          range: rangeOf(secondLimitNode),
          severity: 'warning',
          code: 'cja/restriction-order',
          message: 'When two restrictions are combined, the "within" one comes before the "after" one.',
          fixes: [{
            title: 'Put the "within" restriction first',
            edits: [replaceEdit(first.node, compactJson(second.node)), replaceEdit(second.node, compactJson(first.node))],
            preferred: true,
          }],
        });
      }
    }
    run = [];
  };
  for (const item of items) {
    if (item && !isCheckpoint(item) && hasLimit(item)) run.push(item);
    else if (!item || isCheckpoint(item)) flush();
  }
  flush();
}

// ---- restriction counts written as strings ------------------------------------------------------------------

function checkCountString(v: FuncNodeVisit, out: CoreDiagnostic[]): void {
  if (!hasLimit(v)) return;
  const count = propertyValue(v.node, 'count');
  const text = stringOf(count);
  if (!count || text === undefined || !/^[0-9]+$/.test(text)) return;
  out.push({
    range: rangeOf(count),
    severity: 'information',
    code: 'cja/count-string',
    message: `"count" is the string "${text}" (as in Adobe's example 5); exports and the API clients write a number: ${Number(text)}.`,
    fixes: [{ title: `Write the count as the number ${Number(text)}`, edits: [replaceEdit(count, String(Number(text)))], preferred: true }],
  });
}

// ---- dimension vs metric ids --------------------------------------------------------------------------------

function checkComponentKind(v: FuncNodeVisit, out: CoreDiagnostic[]): void {
  const nameNode = propertyValue(v.node, 'name');
  const name = stringOf(nameNode);
  if (!nameNode || name === undefined) return;
  if (v.tag === 'attr' && name.startsWith('metrics/')) {
    out.push({
      range: rangeOf(nameNode),
      severity: 'warning',
      code: 'cja/component-kind',
      message:
        `"${name}" is a metric id, but "attr" names a dimension ("variables/..."). A metric is written {"func": "event", "name": "${name}"}, ` +
        'inside "total" for a numeric comparison or in "event-exists".',
    });
  } else if (v.tag === 'event' && name.startsWith('variables/')) {
    out.push({
      range: rangeOf(nameNode),
      severity: 'warning',
      code: 'cja/component-kind',
      message: `"${name}" is a dimension id, but "event" names a metric ("metrics/..."). A dimension is written {"func": "attr", "name": "${name}"}.`,
    });
  }
}
