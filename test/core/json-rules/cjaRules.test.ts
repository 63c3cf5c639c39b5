// The semantic rules of CJA definitions: exact ranges (marked with [[ ]] in the fixture texts), severities, and fixes
// that really repair the document.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCjaDocument } from '../../../server/src/language/json/rules/cjaRules';
import type { CoreDiagnostic } from '../../../server/src/language/common/coreTypes';
import { applyEdits, tree, validatorOf, expectCodeAt } from './support';

interface Example {
  title: string;
  definition: unknown;
}
const EXAMPLES = JSON.parse(readFileSync(join(__dirname, '../../fixtures/cja-examples.json'), 'utf8')) as Example[];

function check(text: string): CoreDiagnostic[] {
  return checkCjaDocument(tree(text));
}

/** Runs the rules on a marked text and asserts that `code` is reported exactly at the marked ranges. */
const expectAt = (source: string, code: string, severity?: CoreDiagnostic['severity']) => expectCodeAt(check, source, code, severity);

/** Applies the first fix of a diagnostic and returns the repaired text. */
function fixed(text: string, diagnostic: CoreDiagnostic): string {
  assert.ok(diagnostic.fixes?.length, `${diagnostic.code} offers a fix`);
  return applyEdits(text, diagnostic.fixes[0].edits);
}

const schemaValid = (text: string) => {
  const validate = validatorOf('cja');
  assert.ok(validate(JSON.parse(text)), JSON.stringify(validate.errors));
};

const seg = (pred: string, context = 'visits') =>
  `{"func": "segment", "version": [1, 0, 0], "container": {"func": "container", "context": "${context}", "pred": ${pred}}}`;
const page = '{"func": "attr", "name": "variables/page"}';
const hit = (pred = `{"func": "exists", "val": ${page}}`) => `{"func": "container", "context": "hits", "pred": ${pred}}`;

describe('cja rules on the reference examples', () => {
  // What each example is expected to produce: the majority forms nothing, the minority forms warnings only.
  const expected: Record<string, string[]> = {
    "CJA 'High Value Customers' (POST request)": ['cja/component-kind', 'cja/segment-def-form', 'cja/unverified-func'],
    'CJA validate request (range, low 100)': ['cja/component-kind', 'cja/segment-def-form', 'cja/unverified-func'],
    'AA Example 5: sequence with time-restriction within 1 month': ['cja/count-string'],
    'Community: Sequential Retained Visitors (without + sequence-prefix)': ['cja/context-nesting'],
  };
  for (const example of EXAMPLES) {
    it(`"${example.title}" gives no error${expected[example.title] ? `, only ${expected[example.title].join(', ')}` : ' and no warning'}`, () => {
      const text = JSON.stringify(example.definition, null, 2);
      const diagnostics = check(text);
      assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
      assert.deepEqual(diagnostics.map((d) => d.code).sort(), expected[example.title] ?? []);
      // Also inside a resource, with the data view named.
      const resource = check(JSON.stringify({ name: 'n', dataId: 'dv', definition: example.definition }, null, 2));
      assert.deepEqual(resource.map((d) => d.code).sort(), expected[example.title] ?? []);
    });
  }
});

describe('cja/context-nesting', () => {
  it('warns on a container wider than the container it stands in, at its context', () => {
    const { found } = expectAt(seg(`{"func": "and", "preds": [{"func": "container", "context": [["visitors"]], "pred": {"func": "exists", "val": ${page}}}, ${hit()}]}`), 'cja/context-nesting', 'warning');
    assert.match(found[0].message, /"visitors" container inside a "visits" container/);
    assert.match(found[0].message, /visitors > visits > hits/);
  });

  it('accepts equal and narrower nesting', () => {
    expectAt(seg(`{"func": "without", "pred": {"func": "container", "context": "visits", "pred": {"func": "and", "preds": [${hit()}]}}}`), 'cja/context-nesting');
  });

  it('looks through logical groups and sequences to the nearest context', () => {
    expectAt(
      seg(`{"func": "or", "preds": [{"func": "without", "pred": {"func": "container", "context": [["visits"]], "pred": {"func": "exists", "val": ${page}}}}]}`, 'hits'),
      'cja/context-nesting',
    );
    // A sequence with its own context is the scope of its checkpoints.
    expectAt(
      seg(`{"func": "sequence-prefix", "context": "visitors", "stream": [{"func": "container", "context": "visits", "pred": {"func": "exists", "val": ${page}}}, ${hit()}]}`, 'visitors'),
      'cja/context-nesting',
    );
  });
});

describe('cja/event-needs-total', () => {
  it('reports an event compared numerically, on the event node, with a fix that wraps it in total', () => {
    const { text, found } = expectAt(seg(`{"func": "gt", "val": [[{"func": "event", "name": "metrics/orders"}]], "num": 1}`), 'cja/event-needs-total', 'error');
    const repaired = fixed(text, found[0]);
    assert.equal(JSON.parse(repaired).container.pred.val.func, 'total');
    assert.deepEqual(JSON.parse(repaired).container.pred.val.evt, { func: 'event', name: 'metrics/orders' });
    assert.deepEqual(check(repaired), []);
    schemaValid(repaired);
  });

  it('is accepted by the schema so that the rule, not a generic union error, speaks', () => {
    const validate = validatorOf('cja');
    assert.ok(validate(JSON.parse(seg('{"func": "eq", "val": {"func": "event", "name": "metrics/orders"}, "num": 1}'))));
  });
});

describe('cja/exists-on-event', () => {
  it('reports exists on an event with a fix to event-exists / evt', () => {
    const { text, found } = expectAt(seg('{"func": "not-exists", "val": [[{"func": "event", "name": "metrics/orders"}]]}'), 'cja/exists-on-event', 'error');
    const repaired = fixed(text, found[0]);
    assert.deepEqual(JSON.parse(repaired).container.pred, { func: 'not-event-exists', evt: { func: 'event', name: 'metrics/orders' } });
    assert.deepEqual(check(repaired), []);
    schemaValid(repaired);
  });
});

describe('cja/segment-def-form and the marked funcs', () => {
  it('warns on the segment-def root and fixes both funcs', () => {
    const source = `{"func": [["segment-def"]], "version": [1, 0, 0], "container": {"func": "segment", "context": "visits", "pred": {"func": "exists", "val": ${page}}}}`;
    const { text, found } = expectAt(source, 'cja/segment-def-form', 'warning');
    const repaired = fixed(text, found[0]);
    assert.equal(JSON.parse(repaired).func, 'segment');
    assert.equal(JSON.parse(repaired).container.func, 'container');
    assert.deepEqual(check(repaired), []);
    schemaValid(repaired);
  });

  it('warns on every community-only func at its func value, quoting the schema\'s explanation', () => {
    const preds = [
      `{"func": [["eq-in"]], "val": {"func": "attr", "name": "variables/visitnumber"}, "list": [1]}`,
      `{"func": "gt", "val": {"func": [["total-distinct"]], "field": ${page}}, "num": 2}`,
      `{"func": [["segment-ref"]], "id": "s1"}`,
      `{"func": "exists", "val": {"func": "attr", "name": "variables/evar1", "allocation-model": {"func": [["allocation-instance"]]}}}`,
    ];
    const { found } = expectAt(seg(`{"func": "and", "preds": [${preds.join(', ')}]}`), 'cja/unverified-func', 'warning');
    assert.match(found[0].message, /adobeanalyticsr/);
  });
});

describe('cja/version', () => {
  it('adds a missing version', () => {
    const { text, found } = expectAt(`{"func": [["segment"]], "container": ${hit()}}`, 'cja/version', 'warning');
    const repaired = fixed(text, found[0]);
    assert.deepEqual(JSON.parse(repaired).version, [1, 0, 0]);
    assert.deepEqual(check(repaired), []);
  });

  it('replaces another version with [1, 0, 0]', () => {
    const { text, found } = expectAt(`{"func": "segment", "version": [[[2, 0, 0]]], "container": ${hit()}}`, 'cja/version');
    assert.equal(text.slice(found[0].range.start, found[0].range.end), '[2, 0, 0]');
    assert.deepEqual(JSON.parse(fixed(text, found[0])).version, [1, 0, 0]);
  });
});

describe('sequence restrictions', () => {
  const restriction = (limit: string, count: string | number = 1) =>
    `{"func": "time-restriction", "limit": "${limit}", "unit": "day", "count": ${typeof count === 'string' ? `"${count}"` : count}}`;

  it('cja/restriction-order: "within" must come before "after"; the fix swaps them', () => {
    const source = seg(`{"func": "sequence", "stream": [${hit()}, ${restriction('after', 2)}, {"func": "container-restriction", "limit": [["within"]], "count": 3}, ${hit()}]}`);
    const { text, found } = expectAt(source, 'cja/restriction-order', 'warning');
    const repaired = fixed(text, found[0]);
    const stream = JSON.parse(repaired).container.pred.stream;
    assert.deepEqual(stream.map((s: { func: string; limit?: string }) => s.limit ?? s.func), ['container', 'within', 'after', 'container']);
    assert.equal(stream[1].func, 'container-restriction');
    assert.deepEqual(check(repaired), []);
    schemaValid(repaired);
  });

  it('cja/restriction-count: at most two restrictions between two checkpoints', () => {
    const third = '{"func": [["dimension-restriction"]], "limit": "after", "count": 1}';
    expectAt(seg(`{"func": "sequence", "stream": [${hit()}, ${restriction('within')}, ${restriction('after')}, ${third}, ${hit()}]}`), 'cja/restriction-count');
  });

  it('cja/restriction-position: a restriction at either end of the stream', () => {
    const first = '{"func": [["exclude-next-checkpoint"]]}';
    const last = `{"func": [["time-restriction"]], "limit": "within", "unit": "day", "count": 1}`;
    expectAt(seg(`{"func": "sequence", "stream": [${first}, ${hit()}, ${last}]}`), 'cja/restriction-position');
  });

  it('cja/count-string: a numeric string count is information, with a fix to a number', () => {
    const source = seg(`{"func": "sequence", "stream": [${hit()}, {"func": "time-restriction", "limit": "within", "unit": "month", "count": [["12"]]}, ${hit()}]}`);
    const { text, found } = expectAt(source, 'cja/count-string', 'information');
    const repaired = fixed(text, found[0]);
    assert.equal(JSON.parse(repaired).container.pred.stream[1].count, 12);
    assert.deepEqual(check(repaired), []);
  });
});

describe('cja/component-kind and cja/missing-data-view', () => {
  it('warns on a metric id in attr and a dimension id in event', () => {
    expectAt(
      seg(`{"func": "and", "preds": [{"func": "exists", "val": {"func": "attr", "name": [["metrics/orders"]]}}, {"func": "event-exists", "evt": {"func": "event", "name": [["variables/page"]]}}]}`),
      'cja/component-kind',
      'warning',
    );
  });

  it('points out a resource that names no data view', () => {
    expectAt(`{[["name"]]: "n", "definition": ${seg(`{"func": "exists", "val": ${page}}`)}}`, 'cja/missing-data-view', 'information');
    expectAt(`{"name": "n", "rsid": "dv_1", "definition": ${seg(`{"func": "exists", "val": ${page}}`)}}`, 'cja/missing-data-view');
  });
});

describe('cja rules: robustness', () => {
  it('stays quiet on documents that are not definitions, and on unknown funcs', () => {
    for (const text of ['[]', '1', '{}', '{"definition": 3, "dataId": "dv"}', '{"func": "nope"}', seg('{"func": "nope", "preds": 1}'), seg('{"func": "and", "preds": 5}')]) {
      assert.deepEqual(check(text), [], text);
    }
  });

  it('checks a 200-deep nesting quickly and still finds the deep problem', () => {
    let pred = `{"func": "container", "context": "visitors", "pred": {"func": "exists", "val": ${page}}}`;
    for (let i = 0; i < 200; i++) pred = `{"func": "and", "preds": [${pred}]}`;
    const text = seg(pred, 'hits');
    const started = performance.now();
    const diagnostics = check(text);
    assert.ok(performance.now() - started < 500);
    assert.deepEqual(diagnostics.map((d) => d.code), ['cja/context-nesting']);
  });

  it('walks a 2500-deep document without recursion and within its depth bound', () => {
    // (jsonc-parser itself recurses, so the tree is built at a depth it can still parse.)
    let pred = `{"func": "exists", "val": ${page}}`;
    for (let i = 0; i < 2500; i++) pred = `{"func": "without", "pred": ${pred}}`;
    const root = tree(seg(pred));
    const started = performance.now();
    assert.deepEqual(checkCjaDocument(root), []);
    assert.ok(performance.now() - started < 500);
  });
});
