// Unleash constraint rules: every operator with valid and invalid values, arity fixes, case, duplicates and limits.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkUnleashDocument, UNLEASH_OPERATORS } from '../../../server/src/language/json/rules/unleashRules';
import type { CoreDiagnostic } from '../../../server/src/language/common/coreTypes';
import { SCHEMAS, applyEdits, tree, validatorOf, withCode, expectCodeAt } from './support';

const check = (text: string) => checkUnleashDocument(tree(text));
const segment = (...constraints: string[]) => `{"name": "beta", "constraints": [${constraints.join(', ')}]}`;

const expectAt = (source: string, code: string, severity?: CoreDiagnostic['severity']) => expectCodeAt(check, source, code, severity);

function applyFirstFix(text: string, diagnostic: CoreDiagnostic): string {
  assert.ok(diagnostic.fixes?.length, `${diagnostic.code} has a fix`);
  return applyEdits(text, diagnostic.fixes[0].edits);
}

function assertClean(text: string) {
  assert.deepEqual(check(text), []);
  const validate = validatorOf('unleash');
  assert.ok(validate(JSON.parse(text)), JSON.stringify(validate.errors));
}

/** Sample values per value type: ones the server accepts and ones it rejects (with the code that says why). */
const SAMPLES: Record<string, { valid: string[]; invalid: [string, string][] }> = {
  string: { valid: ['alice', 'a b', '1'], invalid: [] },
  number: { valid: ['18', '-1.5', '0.25', '1e3'], invalid: [['abc', 'unleash/invalid-number'], ['1,5', 'unleash/invalid-number'], ['12abc', 'unleash/invalid-number']] },
  date: {
    valid: ['2025-01-01T00:00:00.000Z', '2025-06-30T12:30:00+02:00', '2025-06-30T12:30Z'],
    invalid: [['yesterday', 'unleash/invalid-date'], ['2025-13-45T00:00:00Z', 'unleash/invalid-date']],
  },
  semver: { valid: ['1.2.3', '2.0.0-beta.1', '10.20.30+build.5'], invalid: [['1.2', 'unleash/invalid-semver'], ['one', 'unleash/invalid-semver']] },
  regex: { valid: ['^user-[0-9]+$', '.*', '(a|b)+'], invalid: [['(', 'unleash/invalid-regex'], ['[a-', 'unleash/invalid-regex'], ['*a', 'unleash/invalid-regex']] },
};

describe('unleash: every operator', () => {
  const operators = Object.entries(UNLEASH_OPERATORS);

  it('reads the 16 operators from the schema table', () => {
    assert.deepEqual(operators.map(([op]) => op).sort(), [...SCHEMAS.unleash.definitions.constraint.properties.operator.enum].sort());
  });

  for (const [operator, spec] of operators) {
    const samples = SAMPLES[spec.valueType];
    it(`${operator} (${spec.arity}, ${spec.valueType}): accepts valid values`, () => {
      for (const sample of samples.valid) {
        const constraint = spec.arity === 'single'
          ? `{"contextName": "ctx", "operator": "${operator}", "value": ${JSON.stringify(sample)}}`
          : `{"contextName": "ctx", "operator": "${operator}", "values": [${JSON.stringify(sample)}, "other"]}`;
        assertClean(segment(constraint));
      }
      if (spec.arity === 'single') {
        // The server's own answers carry an empty `values` on single-value constraints.
        assertClean(segment(`{"contextName": "ctx", "operator": "${operator}", "value": ${JSON.stringify(samples.valid[0])}, "values": []}`));
      }
    });

    it(`${operator}: rejects invalid values at the value`, () => {
      for (const [sample, code] of samples.invalid) {
        expectAt(segment(`{"contextName": "ctx", "operator": "${operator}", "value": [[${JSON.stringify(sample)}]]}`), code, 'error');
      }
      if (spec.arity === 'single') {
        expectAt(segment(`{"contextName": "ctx", "operator": [["${operator}"]]}`), 'unleash/value-arity', 'error');
        expectAt(segment(`{"contextName": "ctx", "operator": "${operator}", "value": [[""]]}`), 'unleash/value-arity', 'error');
      } else {
        expectAt(segment(`{"contextName": "ctx", "operator": "${operator}", "values": [[[]]]}`), 'unleash/value-arity', 'error');
        expectAt(segment(`{"contextName": "ctx", "operator": [["${operator}"]]}`), 'unleash/value-arity', 'error');
        expectAt(segment(`{"contextName": "ctx", "operator": "${operator}", "values": ["a", [[""]]]}`), 'unleash/empty-value', 'error');
      }
    });
  }
});

describe('unleash: value / values arity fixes', () => {
  it('single-value operator with a one-element values list: fix to value', () => {
    const { text, found } = expectAt(segment('{"contextName": "age", "operator": "NUM_GT", [["values"]]: ["17"]}'), 'unleash/value-arity', 'error');
    const repaired = applyFirstFix(text, found[0]);
    assert.deepEqual(JSON.parse(repaired).constraints[0], { contextName: 'age', operator: 'NUM_GT', value: '17' });
    assertClean(repaired);
  });

  it('single-value operator with an empty value and a one-element list: the fix fills value and drops values', () => {
    const { text, found } = expectAt(segment('{"contextName": "age", "operator": "NUM_GT", "value": "", [["values"]]: ["17"], "inverted": true}'), 'unleash/value-arity');
    const repaired = applyFirstFix(text, found[0]);
    assert.deepEqual(JSON.parse(repaired).constraints[0], { contextName: 'age', operator: 'NUM_GT', value: '17', inverted: true });
    assertClean(repaired);
  });

  it('single-value operator with several values: no fix (which one?)', () => {
    const { found } = expectAt(segment('{"contextName": "v", "operator": "SEMVER_GT", [["values"]]: ["1.0.0", "2.0.0"]}'), 'unleash/value-arity');
    assert.equal(found[0].fixes, undefined);
  });

  it('multi-value operator with a single value: fix to values', () => {
    const { text, found } = expectAt(segment('{"contextName": "userId", "operator": "IN", [["value"]]: "alice"}'), 'unleash/value-arity', 'error');
    const repaired = applyFirstFix(text, found[0]);
    assert.deepEqual(JSON.parse(repaired).constraints[0].values, ['alice']);
    assertClean(repaired);
  });

  it('multi-value operator with a value and an empty list: the fix fills the list and drops value', () => {
    const { text, found } = expectAt(segment('{"contextName": "userId", "operator": "STR_CONTAINS", "values": [], [["value"]]: "x"}'), 'unleash/value-arity');
    const repaired = applyFirstFix(text, found[0]);
    assert.deepEqual(JSON.parse(repaired).constraints[0], { contextName: 'userId', operator: 'STR_CONTAINS', values: ['x'] });
    assertClean(repaired);
  });

  it('warns on the field an operator ignores, and removes it', () => {
    const multi = expectAt(segment('{"contextName": "u", "operator": "IN", "values": ["a"], [["value"]]: "b"}'), 'unleash/ignored-value', 'warning');
    assertClean(applyFirstFix(multi.text, multi.found[0]));
    const single = expectAt(segment('{"contextName": "u", "operator": "NUM_EQ", "value": "1", [["values"]]: ["2"]}'), 'unleash/ignored-values', 'warning');
    assertClean(applyFirstFix(single.text, single.found[0]));
  });
});

describe('unleash: operator names, value types, lists', () => {
  it('wrong-case operator: error with a fix to the real name, then checked as that operator', () => {
    const { text, found } = expectAt(segment('{"contextName": "u", "operator": [["in"]], "values": ["a"]}'), 'unleash/operator-case', 'error');
    assertClean(applyFirstFix(text, found[0]));
    expectAt(segment('{"contextName": "n", "operator": "num_gt", "value": [["x"]]}'), 'unleash/invalid-number');
  });

  it('an operator that is no operator at all is left to the schema enum', () => {
    assert.deepEqual(check(segment('{"contextName": "u", "operator": "EQUALS", "value": "a"}')), []);
    const validate = validatorOf('unleash');
    assert.equal(validate(JSON.parse(segment('{"contextName": "u", "operator": "EQUALS", "value": "a"}'))), false);
  });

  it('a JSON number as value: warning with a fix to a string', () => {
    const { text, found } = expectAt(segment('{"contextName": "age", "operator": "NUM_GTE", "value": [[18]]}'), 'unleash/value-type', 'warning');
    const repaired = applyFirstFix(text, found[0]);
    assert.equal(JSON.parse(repaired).constraints[0].value, '18');
    assertClean(repaired);
  });

  it('a date the server reads but that is not ISO 8601: warning', () => {
    expectAt(segment('{"contextName": "currentTime", "operator": "DATE_AFTER", "value": [["March 7, 2025"]]}'), 'unleash/non-iso-date', 'warning');
    expectAt(segment('{"contextName": "currentTime", "operator": "DATE_AFTER", "value": [["2025-03-07"]]}'), 'unleash/non-iso-date', 'warning');
  });

  it('duplicate values: warning on each repeat, fix removes it', () => {
    const { text, found } = expectAt(segment('{"contextName": "u", "operator": "NOT_IN", "values": ["a", "b", [["a"]], [["b"]]]}'), 'unleash/duplicate-value', 'warning');
    const repaired = applyFirstFix(text, found[0]);
    assert.deepEqual(JSON.parse(repaired).constraints[0].values, ['a', 'b', 'b']);
    const again = applyFirstFix(repaired, withCode(check(repaired), 'unleash/duplicate-value')[0]);
    assertClean(again);
  });

  it('an empty string among values: error, fix removes it', () => {
    const { text, found } = expectAt(segment('{"contextName": "u", "operator": "IN", "values": [ [[""]], "a"]}'), 'unleash/empty-value', 'error');
    assertClean(applyFirstFix(text, found[0]));
  });

  it('at most 1000 values', () => {
    const values = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => `v${i}`));
    assertClean(segment(`{"contextName": "u", "operator": "IN", "values": ${values(1000)}}`));
    expectAt(segment(`{"contextName": "u", "operator": "IN", "values": [[${values(1001)}]]}`), 'unleash/too-many-values', 'error');
  });

  it('caseInsensitive on an operator it does not affect: information', () => {
    expectAt(segment('{"contextName": "u", "operator": "IN", "values": ["a"], "caseInsensitive": [[true]]}'), 'unleash/case-insensitive-ignored', 'information');
    assertClean(segment('{"contextName": "u", "operator": "STR_ENDS_WITH", "values": ["a"], "caseInsensitive": true}'));
    assertClean(segment('{"contextName": "u", "operator": "REGEX", "value": "^a", "caseInsensitive": true}'));
  });

  it('unknown top-level fields: warning with a fix that removes them', () => {
    const { text, found } = expectAt('{"name": "n", [["strategies"]]: [], "constraints": []}', 'unleash/unknown-property', 'warning');
    assertClean(applyFirstFix(text, found[0]));
    assertClean('{"id": 3, "name": "n", "description": null, "project": "default", "constraints": [], "createdAt": "2023-04-12T11:13:31.960Z", "createdBy": "admin", "usedInFeatures": 0, "usedInProjects": null}');
  });

  it('stays quiet on shapes the schema reports', () => {
    for (const text of ['[]', '{}', '{"constraints": 3}', '{"constraints": [1, null, {"operator": 5}]}', segment('{"contextName": "u", "operator": "IN", "values": "a"}')]) {
      assert.deepEqual(check(text), [], text);
    }
  });
});

describe('unleash schema', () => {
  it('rejects an extra property inside a constraint and a missing name, as the server does', () => {
    const validate = validatorOf('unleash');
    assert.equal(validate(JSON.parse(segment('{"contextName": "u", "operator": "IN", "values": ["a"], "extra": 1}'))), false);
    assert.ok(validate.errors?.some((e) => e.instancePath === '/constraints/0' && e.keyword === 'additionalProperties'));
    assert.equal(validate({ constraints: [] }), false);
    assert.ok(validate.errors?.some((e) => e.keyword === 'required' && (e.params as { missingProperty: string }).missingProperty === 'name'));
    assert.equal(validate({ name: '', constraints: [] }), false);
    assert.ok(validate.errors?.some((e) => e.instancePath === '/name' && e.keyword === 'minLength'));
  });
});
