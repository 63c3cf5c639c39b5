// AEP segment-definition rules: create fields, expression type/format/value consistency, ttlInDays.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkAepDocument } from '../../../server/src/language/json/rules/aepRules';
import type { CoreDiagnostic } from '../../../server/src/language/common/coreTypes';
import { applyEdits, marked, tree, validatorOf, withCode, expectCodeAt } from './support';

const check = (text: string) => checkAepDocument(tree(text));

const expectAt = (source: string, code: string, severity?: CoreDiagnostic['severity']) => expectCodeAt(check, source, code, severity);

const PQL_JSON = JSON.stringify({
  nodeType: 'fnApply',
  fnName: '=',
  params: [
    { nodeType: 'fieldLookup', fieldName: 'country', object: { nodeType: 'fieldLookup', fieldName: 'workAddress', object: { nodeType: 'parameterReference', position: 1 } } },
    { nodeType: 'literal', literalType: 'String', value: 'US' },
  ],
});

const definition = (expression: string, extra = '') =>
  `{${extra}"name": "US", "schema": {"name": "_xdm.context.profile"}, "expression": ${expression}}`;
const expr = (type: string, format: string, value: string) => `{"type": ${type}, "format": ${format}, "value": ${value}}`;

function assertClean(text: string) {
  assert.deepEqual(check(text), []);
  const validate = validatorOf('aep');
  assert.ok(validate(JSON.parse(text)), JSON.stringify(validate.errors));
}

describe('aep rules', () => {
  it('accepts the documented create body and a fetched definition with pql/json', () => {
    assertClean(definition(expr('"PQL"', '"pql/text"', JSON.stringify('workAddress.country = "US"')), '"description": "d", "ttlInDays": 30, "evaluationInfo": {"batch": {"enabled": true}}, '));
    assertClean(definition(expr('"PQL"', '"pql/json"', JSON.stringify(PQL_JSON)), '"id": "54669488-03ab-4e0d-a694-37fe49e32be8", "imsOrgId": "o@AdobeOrg", "creationTime": 1, "updateEpoch": 2, '));
  });

  it('aep/missing-field: a create body (no id) without name, expression or schema, once per missing field', () => {
    const { text, ranges } = marked('[[{]]"description": "only"}');
    const found = withCode(check(text), 'aep/missing-field');
    assert.deepEqual(found.map((d) => d.range), [ranges[0], ranges[0], ranges[0]]);
    for (const d of found) assert.equal(d.severity, 'error');
    const all = withCode(check('{"description": "only"}'), 'aep/missing-field');
    assert.deepEqual(all.map((d) => /needs "(\w+)"/.exec(d.message)?.[1]), ['name', 'expression', 'schema']);
    assert.deepEqual(withCode(check('{"id": "x", "description": "only"}'), 'aep/missing-field'), []);
  });

  it('aep/json-expression: pql/json whose value is not JSON, at the value; PQL text under pql/json gets a format fix', () => {
    const { text, found } = expectAt(definition(expr('"PQL"', '"pql/json"', `[[${JSON.stringify('workAddress.country = "US"')}]]`)), 'aep/json-expression', 'error');
    assert.match(found[0].message, /pql\/text/);
    const repaired = applyEdits(text, found[0].fixes?.[0].edits ?? []);
    assert.equal(JSON.parse(repaired).expression.format, 'pql/text');
    assertClean(repaired);
    const truncated = expectAt(definition(expr('"PQL"', '"pql/json"', `[[${JSON.stringify('{"nodeType": "fnApply", ')}]]`)), 'aep/json-expression');
    assert.equal(truncated.found[0].fixes, undefined, 'broken JSON is not PQL text: no format fix');
  });

  it('aep/format-mismatch: a JSON tree under pql/text, fix to pql/json', () => {
    const { text, found } = expectAt(definition(expr('"PQL"', '[["pql/text"]]', JSON.stringify(PQL_JSON)), '"id": "x", '), 'aep/format-mismatch', 'warning');
    const repaired = applyEdits(text, found[0].fixes?.[0].edits ?? []);
    assertClean(repaired);
  });

  it('aep/json-format-on-create: pql/json in a body without id', () => {
    expectAt(definition(expr('"PQL"', '[["pql/json"]]', JSON.stringify(PQL_JSON))), 'aep/json-format-on-create', 'warning');
  });

  it('aep/arl-unsupported: ARL is in the enum but unsupported, fix to PQL', () => {
    const { text, found } = expectAt(definition(expr('[["ARL"]]', '"pql/text"', '"a = 1"')), 'aep/arl-unsupported', 'warning');
    assertClean(applyEdits(text, found[0].fixes?.[0].edits ?? []));
  });

  it('aep/ttl-long: more than a year is pointed out; the schema wants a positive integer', () => {
    expectAt(definition(expr('"PQL"', '"pql/text"', '"a = 1"'), '"ttlInDays": [[3650]], '), 'aep/ttl-long', 'information');
    assertClean(definition(expr('"PQL"', '"pql/text"', '"a = 1"'), '"ttlInDays": 365, '));
    const validate = validatorOf('aep');
    for (const bad of [0, -5, 1.5, '30']) {
      assert.equal(validate(JSON.parse(definition(expr('"PQL"', '"pql/text"', '"a = 1"'), `"ttlInDays": ${JSON.stringify(bad)}, `))), false, String(bad));
      assert.ok(validate.errors?.some((e) => e.instancePath === '/ttlInDays'));
    }
  });

  it('the schema rejects an unknown format, a missing value and an extra expression field at their paths', () => {
    const validate = validatorOf('aep');
    const cases: [string, string, string][] = [
      [definition(expr('"PQL"', '"text/pql"', '"a"')), '/expression/format', 'enum'],
      [definition('{"type": "PQL", "format": "pql/text"}'), '/expression', 'required'],
      [definition('{"type": "PQL", "format": "pql/text", "value": "a", "lang": "x"}'), '/expression', 'additionalProperties'],
      [definition(expr('"PQL"', '"pql/text"', '""')), '/expression/value', 'minLength'],
      ['{"name": "n", "expression": {"type": "PQL", "format": "pql/text", "value": "a"}, "schema": {}}', '/schema', 'anyOf'],
    ];
    for (const [text, path, keyword] of cases) {
      assert.equal(validate(JSON.parse(text)), false, text);
      assert.ok(validate.errors?.some((e) => e.instancePath === path && e.keyword === keyword), `${keyword} at ${path}: ${JSON.stringify(validate.errors)}`);
    }
  });

  it('stays quiet on other shapes', () => {
    for (const text of ['[]', '"x"', '{"id": "1", "expression": 3}', '{"id": "1", "expression": {"format": "pql/json", "value": 5}}', '{"id": "1", "ttlInDays": "900"}']) {
      assert.deepEqual(check(text), [], text);
    }
  });
});
