// Parser shape: precedence, case rules, ranges, recovery, and the special forms.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/language/pql/parser';
import type { Expr } from '../../../server/src/language/pql/ast';
import { errorsOf } from './support';

function shape(e: Expr): unknown {
  switch (e.kind) {
    case 'binary': return [e.ops.join(','), ...e.operands.map(shape)];
    case 'unary': return [e.op, shape(e.operand)];
    case 'paren': return ['()', shape(e.inner)];
    case 'name': return e.name;
    case 'number': return e.value;
    case 'string': return JSON.stringify(e.value);
    case 'bool': return e.value;
    case 'path': return [shape(e.base), ...e.steps.map((s) => (s.kind === 'member' ? '.' + s.name : s.kind === 'method' ? `.${s.name}()` : '[]'))];
    case 'occurs': return ['occurs', shape(e.subject), e.time.kind];
    default: return e.kind;
  }
}
const tree = (text: string) => shape(parse(text).root);

describe('PQL parser', () => {
  it('follows the documented precedence (grammarChoices.ts)', () => {
    assert.deepEqual(tree('a or b and c'), ['or', 'a', ['and', 'b', 'c']]);
    assert.deepEqual(tree('a = 1 and b < 2 + 3 * 4'), ['and', ['=', 'a', 1], ['<', 'b', ['+', 2, ['*', 3, 4]]]]);
    assert.deepEqual(tree('not a = b'), ['=', ['not', 'a'], 'b']);
    assert.deepEqual(tree('-a.b * 2'), ['*', ['-', ['a', '.b']], 2]);
    assert.deepEqual(tree('a - b - c'), ['-,-', 'a', 'b', 'c']);
    assert.deepEqual(tree('x occurs last month and y = 1'), ['and', ['occurs', 'x', 'time-at'], ['=', 'y', 1]]);
    assert.deepEqual(tree('x occurs between date(1, 1, 1) and date(2, 2, 2) or z'), ['or', ['occurs', 'x', 'time-between'], 'z']);
  });

  it('reads keywords in any case, names case-sensitively', () => {
    assert.deepEqual(tree('a AND b Or c'), ['or', ['and', 'a', 'b'], 'c']);
    assert.deepEqual(tree('person.Name'), ['person', '.Name']);
    assert.equal(parse('SOME x FROM xEvent WHERE x.a = 1').root.kind, 'quant');
    assert.equal(parse('Chain(xEvent, timestamp, [A: what(a = 1)])').root.kind, 'chain');
    assert.equal(parse('a NOTIN [1]').root.kind, 'binary');
  });

  it('keeps n-ary chains flat (no deep trees on megabyte inputs)', () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `a${i} = ${i}`).join(' or ');
    const root = parse(text).root;
    assert.equal(root.kind, 'binary');
    if (root.kind === 'binary') assert.equal(root.operands.length, 50_000);
    const path = parse('a' + '.b'.repeat(50_000)).root;
    assert.equal(path.kind === 'path' && path.steps.length, 50_000);
  });

  it('gives exact ranges', () => {
    const text = '  person.name.firstName.startsWith("Jo")  ';
    const root = parse(text).root;
    assert.deepEqual([root.start, root.end], [2, 40]);
    assert.equal(root.kind, 'path');
    if (root.kind === 'path') {
      const m = root.steps[2];
      assert.equal(m.kind, 'method');
      if (m.kind === 'method') { assert.deepEqual([m.nameStart, m.nameEnd], [24, 34]); assert.deepEqual([m.args[0].start, m.args[0].end], [35, 39]); }
    }
  });

  it('parses every special form', () => {
    const forms: [string, string][] = [
      ['let S = xEvent.count() in S > 1 and S < 10', 'let'],
      ['(Profile) => Profile.homeAddress.stateProvince = "CA"', 'lambda'],
      ['X => X.a', 'lambda'],
      ['sum X.commerce.order.priceTotal over X from xEvent where X.eventType = "x"', 'aggregate'],
      ['exists E from xEvent : E.eventType = "x"', 'quant'],
      ['{"count": 1, "sum": 2}', 'object'],
      ['[1, 2, 3]', 'array'],
      ['$1', 'param'],
      ['`select`.x', 'path'],
      ['^^.person.gender', 'path'],
    ];
    for (const [text, kind] of forms) {
      assert.equal(parse(text).root.kind, kind, text);
      assert.deepEqual(parse(text).diagnostics.filter((d) => d.severity === 'error'), [], text);
    }
    assert.deepEqual(errorsOf('let S = 1, T = 2 in S < T'), []);
  });

  it('recovers after errors so the rest still parses', () => {
    const r = parse('person.gender = = "f" and xEvent[eventType = "x"].count( > 1');
    assert.ok(r.hasSyntaxErrors);
    assert.ok(r.tokens.length > 10);
    const names = JSON.stringify(r.root);
    assert.match(names, /eventType/);
  });

  it('handles `in` after let and as membership', () => {
    assert.equal(parse('let S = a in [1] in S').root.kind, 'let');
    assert.deepEqual(errorsOf('let S = (person.birthYear in [1, 2]) in S'), []);
  });
});
