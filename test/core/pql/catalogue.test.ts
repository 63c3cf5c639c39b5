// The one function table covers every row of the reference and is consistent.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGUE, arity, functionNamed, methodsNamed, signatureOf } from '../../../server/src/language/pql/catalogue';
import { errorsOf } from './support';

describe('PQL function catalogue', () => {
  it('has an entry for each of the 74 rows of the reference tables', () => {
    const refs = new Set(CATALOGUE.map((e) => e.ref).filter((r) => r > 0));
    for (let r = 1; r <= 74; r++) assert.ok(refs.has(r), `row ${r} missing`);
  });

  it('names every row as the reference does (checked against a copy of the reference table)', () => {
    // Row number -> the name in the reference (backticked first word of the Name column).
    const expected: Record<number, string> = {
      1: 'and', 2: 'or', 3: 'not', 4: 'if', 11: 'in', 12: 'notIn', 13: 'intersects', 19: 'groupBy', 22: 'topN', 25: 'get', 28: 'like',
      35: 'equals', 38: 'regexGroup', 46: 'count', 51: 'currentMonth', 57: 'occurs', 60: '[]', 61: '^', 62: 'exists', 64: 'let',
      65: 'date', 66: 'select', 67: 'chain', 68: 'inSegment', 69: 'exists', 70: 'mapEntry', 71: '=>', 72: 'over', 73: 'some', 74: '$1',
    };
    for (const [row, name] of Object.entries(expected)) {
      assert.ok(CATALOGUE.some((e) => e.ref === Number(row) && e.name === name), `row ${row} is ${name}`);
    }
  });

  it('every entry has a description, an example and a source', () => {
    for (const e of CATALOGUE) {
      assert.ok(e.description.length > 5, e.name);
      assert.ok(e.example.length > 0, e.name);
      assert.match(e.source, /^S-/, e.name);
      if (e.form === 'method') assert.ok(e.receiver, `${e.name} needs a receiver`);
      assert.ok(signatureOf(e).length > 0);
    }
  });

  it('encodes the documented optional parameters', () => {
    const eq = methodsNamed('equals')[0];
    assert.deepEqual(arity(eq), { min: 1, max: 2 });
    assert.deepEqual(arity(methodsNamed('regexGroup')[0]), { min: 2, max: 2 });
    assert.deepEqual(arity(methodsNamed('sum')[0]), { min: 0, max: 1 });
    assert.deepEqual(arity(functionNamed('if')!), { min: 3, max: 3 });
    assert.deepEqual(arity(functionNamed('date')!), { min: 3, max: 3 });
    assert.deepEqual(arity(functionNamed('inSegment')!), { min: 1, max: 1 });
    assert.ok(functionNamed('CHAIN'), 'chain is case-insensitive');
    assert.equal(functionNamed('CURRENTMONTH'), undefined, 'other functions are case-sensitive');
  });

  it('every method and function example in the catalogue checks without error', () => {
    for (const e of CATALOGUE.filter((x) => x.form === 'method' || x.form === 'function')) {
      const text = e.name === 'mapEntry' ? `xEvent.${e.example}` : e.example;
      assert.deepEqual(errorsOf(text), [], `${e.name}: ${text} ${JSON.stringify(errorsOf(text))}`);
    }
  });

  it('every documented keyword of the reference (section 2.5) is known', () => {
    const ref = readFileSync(join(__dirname, '..', '..', 'fixtures', 'pql-examples.txt'), 'utf8');
    assert.ok(ref.length > 0);
    for (const k of ['and', 'or', 'not', 'if', 'in', 'notIn', 'like', 'exists', 'forall', 'from', 'where', 'select', 'let', 'over', 'occurs', 'between', 'on', 'before', 'after', 'now', 'today', 'yesterday', 'tomorrow', 'this', 'last', 'next', 'true', 'false', 'xEvent', 'date', 'chain', 'WHAT', 'WHEN', 'COUNT', 'WHERE', 'inSegment', 'some', '$1']) {
      assert.ok(CATALOGUE.some((e) => e.name === k || e.aliases?.includes(k)), k);
    }
  });
});
