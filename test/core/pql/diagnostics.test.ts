// Invalid expressions of every diagnostic kind, flagged at the marked range ([[...]] or ⟦...⟧).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CoreDiagnostic } from '../../../server/src/language/common/coreTypes';
import { marked, applyEdits } from '../../support/markers';
import { service, show } from './support';

function diagnose(text: string, expectBoolean = false): CoreDiagnostic[] {
  return service.validate(text, undefined, { expectBoolean });
}

/** The fixture's marked ranges are exactly the diagnostics with `code` (and the only errors unless `others`). */
function expectAt(source: string, code: string, opts: { severity?: CoreDiagnostic['severity']; expectBoolean?: boolean; message?: RegExp } = {}) {
  const { text, ranges } = marked(source);
  const all = diagnose(text, opts.expectBoolean);
  const found = all.filter((d) => d.code === code);
  assert.deepEqual(found.map((d) => d.range), ranges, `${code} in ${text}: ${show(all, text)}`);
  for (const d of found) {
    if (opts.severity) assert.equal(d.severity, opts.severity, d.message);
    if (opts.message) assert.match(d.message, opts.message);
  }
  const otherErrors = all.filter((d) => d.severity === 'error' && d.code !== code);
  assert.deepEqual(otherErrors, [], `unexpected other errors in ${text}: ${show(otherErrors, text)}`);
  return { text, found };
}

describe('PQL diagnostics', () => {
  describe('pql/syntax', () => {
    it('a missing operand, at the operator', () => void expectAt('homeAddress.countryCode [[=]]', 'pql/syntax', { message: /expression after =/ }));
    it('a doubled operator', () => void expectAt('homeAddress.countryCode = [[=]] "US"', 'pql/syntax'));
    it('two expressions without and/or', () => void expectAt('homeAddress.countryCode = "US" [[person]].gender = "x"', 'pql/syntax', { message: /expected and, or/ }));
    it('== with a fix', () => {
      const { text, found } = expectAt('homeAddress.countryCode [[==]] "US"', 'pql/syntax');
      assert.equal(applyEdits(text, found[0].fixes![0].edits), 'homeAddress.countryCode = "US"');
    });
    it('&& and || with fixes', () => {
      const { text, found } = expectAt('person.gender = "a" [[&&]] person.gender = "b" [[||||]] person.gender = "c"', 'pql/syntax');
      assert.equal(applyEdits(text, found.flatMap((d) => d.fixes![0].edits)), 'person.gender = "a" and person.gender = "b" or person.gender = "c"');
    });
    it('single-quoted strings, with a fix', () => {
      const { text, found } = expectAt("person.gender = [['female']]", 'pql/syntax', { message: /double quotes/ });
      assert.equal(applyEdits(text, found[0].fixes![0].edits), 'person.gender = "female"');
    });
    it('a comment', () => void expectAt('person.gender = "female" [[// women]]', 'pql/syntax', { message: /no comment/ }));
    it('a dot without a name', () => void expectAt('person.name[[.]]', 'pql/syntax'));
    it('occurs without a time', () => void expectAt('xEvent[timestamp ⟦occurs⟧].count() > 0', 'pql/syntax', { message: /Expected a time/ }));
    it('occurs with an amount but no comparison', () => void expectAt('xEvent[timestamp occurs [[3]] days before now].count() > 0', 'pql/syntax', { message: /comparison/ }));
    it('occurs with an amount but no unit', () => void expectAt('xEvent[timestamp occurs < 3 [[before]] now].count() > 0', 'pql/syntax', { message: /time unit/ }));
    it('between without and', () => void expectAt('xEvent[timestamp occurs between date(2020, 1, 1) [[date]](2020, 2, 1)].count() > 0', 'pql/syntax', { message: /Expected and/ }));
    it('exists without where', () => void expectAt('exists E from [[xEvent]]', 'pql/syntax', { message: /where/ }));
    it('exists without from', () => void expectAt('exists E [[xEvent]] where E.eventType = "x"', 'pql/syntax', { message: /from/ }));
    it('let without in', () => void expectAt('let S = xEvent.count() [[S]] > 1', 'pql/syntax'));
    it('a keyword where a field is expected', () => void expectAt('person.gender = [[from]]', 'pql/syntax', { message: /backticks/ }));
    it('a missing comma between arguments', () => void expectAt('person.name.firstName.startsWith("a" [[false]])', 'pql/syntax', { message: /,/ }));
    it('an unknown character', () => void expectAt('person.birthYear [[#]] 2', 'pql/syntax'));
    it('a statement separator', () => void expectAt('person.birthYear = 2[[;]]', 'pql/syntax'));
    it('chain without steps', () => void expectAt('chain(xEvent, timestamp, [[A]])', 'pql/syntax', { message: /steps|\[A: WHAT/ }));
    it('a chain step without a clause', () => void expectAt('chain(xEvent, timestamp, [A: [[eventType]] = "x"])', 'pql/syntax', { message: /WHAT/ }));
  });

  describe('pql/unbalanced', () => {
    it('an unclosed parenthesis, at the parenthesis', () => void expectAt('person.birthYear > 1 and [[(]]person.birthYear < 3', 'pql/unbalanced', { message: /not closed/ }));
    it('an unclosed call', () => void expectAt('inSegment[[(]]"e3be6d7f-1727-401f-a41e-c296b45f607a"', 'pql/unbalanced'));
    it('a stray closer', () => void expectAt('person.birthYear > 1[[)]] and person.birthYear < 3', 'pql/unbalanced', { message: /Unmatched/ }));
    it('a mismatched closer, one diagnostic', () => void expectAt('xEvent[eventType = "x"[[)]].count() > 0', 'pql/unbalanced', { message: /does not match/ }));
    it('an unclosed filter bracket inside a call', () => void expectAt('xEvent[eventType = "x"⟦)⟧.count() > 0', 'pql/unbalanced', { message: /does not match \[/ }));
    it('an unterminated string, from the quote to the end of the line', () => void expectAt('person.gender = [["female]]', 'pql/unbalanced', { message: /Unterminated string/ }));
    it('an unterminated string in a call: one diagnostic', () => void expectAt('person.name.firstName.startsWith([["Jo)]]', 'pql/unbalanced'));
    it('a string that lost its closing quote, with a fix', () => {
      const { text, found } = expectAt('inSegment([["e3be6d7f-1727-401f-a41e-c296b45f607a) or inSegment("]]9e1646bb-57ff-4309-ba59-17d6c5bab6a1")', 'pql/unbalanced');
      assert.equal(found.length, 1);
      assert.equal(applyEdits(text, found[0].fixes![0].edits), 'inSegment("e3be6d7f-1727-401f-a41e-c296b45f607a") or inSegment("9e1646bb-57ff-4309-ba59-17d6c5bab6a1")');
    });
    it('an unclosed backtick name', () => void expectAt('person.[[`name]]', 'pql/unbalanced'));
  });

  describe('pql/unknown-function', () => {
    it('an unknown function, suggesting the closest name', () => {
      const { text, found } = expectAt('[[inSegmnt]]("e3be6d7f-1727-401f-a41e-c296b45f607a")', 'pql/unknown-function', { message: /Did you mean "inSegment"/ });
      assert.equal(applyEdits(text, found[0].fixes![0].edits), 'inSegment("e3be6d7f-1727-401f-a41e-c296b45f607a")');
    });
    it('an unknown method, suggesting the closest name', () => void expectAt('person.name.firstName.[[startWith]]("Jo")', 'pql/unknown-function', { message: /startsWith/ }));
    it('a method called as a function', () => void expectAt('[[count]](xEvent) > 1', 'pql/unknown-function', { message: /is a method/ }));
    it('AJO helpers are not PQL', () => void expectAt('[[upperCase]](person.name.firstName) = "JO"', 'pql/unknown-function'));
    it('keyword functions are case-insensitive, methods are not', () => {
      assert.deepEqual(diagnose('IF(person.gender = "f", 1, 2) = 1 and CHAIN(xEvent, timestamp, [A: WHAT(eventType = "x")])').filter((d) => d.severity === 'error'), []);
      expectAt('person.name.firstName.[[StartsWith]]("Jo")', 'pql/unknown-function', { message: /startsWith/ });
    });
  });

  describe('pql/arity', () => {
    it('too few arguments: the call', () => void expectAt('[[date(2020, 1)]] < person.birthDate', 'pql/arity', { message: /3 arguments/ }));
    it('too many arguments: the extra ones', () => void expectAt('person.name.firstName.startsWith("a", false, [[true]])', 'pql/arity', { message: /1 to 2 arguments/ }));
    it('regexGroup without its group: the minority form of Adobe\'s format line, a warning', () => void expectAt('person.name.firstName.[[regexGroup("@(\\\\w+)")]] = "x"', 'pql/arity', { severity: 'warning', message: /format line/ }));
    it('regexGroup with no argument at all is an error', () => void expectAt('person.name.firstName.[[regexGroup()]] = "x"', 'pql/arity', { severity: 'error' }));
    it('optional parameters are optional', () => {
      for (const ok of ['person.name.firstName.equals("x")', 'person.name.firstName.equals("x", false)', 'xEvent.count() > 1', 'xEvent.sum(commerce.order.priceTotal) > 1', 'currentMonth() = 1']) {
        assert.deepEqual(diagnose(ok).filter((d) => d.code === 'pql/arity'), [], ok);
      }
    });
    it('if takes three arguments', () => void expectAt('[[if(person.gender = "f", 1)]] = 1', 'pql/arity'));
  });

  describe('pql/type', () => {
    it('a string method on a number', () => void expectAt('person.birthYear.[[startsWith]]("19")', 'pql/type', { message: /applies to strings.*integer/ }));
    it('occurs on a number', () => void expectAt('[[person.birthYear]] occurs last month', 'pql/type', { message: /timestamps/ }));
    it('occurs on a string field is a warning', () => void expectAt('[[person.gender]] occurs last month', 'pql/type', { severity: 'warning' }));
    it('a non-boolean filter condition', () => void expectAt('xEvent[⟦eventType⟧].count() > 0', 'pql/type', { message: /condition/ }));
    it('a non-boolean lambda body', () => void expectAt('xEvent.filter(e => [[e.eventType]]).count() > 0', 'pql/type'));
    it('a non-boolean where', () => void expectAt('select X from xEvent where [[X.eventType]]', 'pql/type'));
    it('a non-boolean operand of and', () => void expectAt('[[person.gender]] and person.birthYear > 1', 'pql/type', { message: /Compare it/ }));
    it('not over a comparison needs parentheses', () => void expectAt('not [[person.gender]] = "f"', 'pql/type', { message: /not \(a = b\)/ }));
    it('arithmetic on a string', () => void expectAt('person.birthYear + [["1"]] > 1', 'pql/type'));
    it('in with a scalar, with a fix', () => {
      const { text, found } = expectAt('homeAddress.countryCode in [["US"]]', 'pql/type');
      assert.equal(applyEdits(text, found[0].fixes![0].edits), 'homeAddress.countryCode in ["US"]');
    });
    it('the case flag must be Boolean', () => void expectAt('person.name.firstName.equals("x", [["false"]])', 'pql/type'));
    it('date takes whole numbers in range', () => void expectAt('person.birthDate < date(2020, [[13]], 1)', 'pql/type'));
    it('a fractional amount of time', () => void expectAt('xEvent[timestamp occurs < [[1.5]] days before now].count() > 0', 'pql/type'));
    it('like on a number', () => void expectAt('[[person.birthYear]] like "19%"', 'pql/type'));
    it('map methods on an array', () => void expectAt('xEvent.[[keys]]().count() > 0', 'pql/type'));
    it('from needs an array', () => void expectAt('exists X from [[person.gender]] where X = "f"', 'pql/type'));
    it('COUNT takes a whole number', () => void expectAt('chain(xEvent, timestamp, [A: WHAT(eventType = "x") COUNT([["5"]])])', 'pql/type'));
    it('unknown types give no false positives', () => {
      for (const ok of ['ca1 / ca2 > 1', 'user.age > 35 and user.state = "CA"', '_tenant.score.startsWith("a")', 'person.filter(age >= 21).count() > 0', 'xEvent.metrics.commerce.abandons.value > 0']) {
        assert.deepEqual(diagnose(ok).filter((d) => d.severity === 'error'), [], ok);
      }
    });
  });

  describe('pql/not-boolean (AEP segment expressions only)', () => {
    it('an integer-valued expression', () => void expectAt('[[if(person.gender = "f", 1, 2)]]', 'pql/not-boolean', { expectBoolean: true }));
    it('a count without comparison', () => void expectAt('[[xEvent[eventType = "x"].count()]]', 'pql/not-boolean', { expectBoolean: true, message: /> 0/ }));
    it('a string field', () => void expectAt('[[person.gender]]', 'pql/not-boolean', { expectBoolean: true }));
    it('off by default (.pql files hold computed attributes too)', () => {
      assert.deepEqual(diagnose('if(person.gender = "f", 1, 2)').filter((d) => d.code === 'pql/not-boolean'), []);
    });
    it('unknown, select and filter results pass', () => {
      for (const ok of ['ca1', 'select X from xEvent where X.eventType = "x"', 'xEvent[eventType = "x"]', 'person.gender = "f"', 'not(chain(xEvent, timestamp, [A: WHAT(eventType = "x")]))']) {
        assert.deepEqual(diagnose(ok, true).filter((d) => d.code === 'pql/not-boolean'), [], ok);
      }
    });
  });

  describe('pql/segment-id', () => {
    it('a malformed UUID is an error', () => void expectAt('inSegment([["e3be6d7f-1727-401f-a41e-c296b45f60"]])', 'pql/segment-id', { severity: 'error' }));
    it('a name is a warning', () => void expectAt('inSegment([["existing segment"]])', 'pql/segment-id', { severity: 'warning' }));
    it('a UUID passes', () => assert.deepEqual(diagnose('inSegment("E3BE6D7F-1727-401F-A41E-C296B45F607A")'), []));
  });

  describe('pql/unknown-field', () => {
    it('is a warning with the closest name as a fix', () => {
      const { text, found } = expectAt('person.[[gendr]] = "f"', 'pql/unknown-field', { severity: 'warning', message: /gender/ });
      assert.equal(applyEdits(text, found[0].fixes![0].edits), 'person.gender = "f"');
    });
    it('event fields resolve inside xEvent filters, selects and chains', () => {
      for (const ok of ['xEvent[commerce.order.priceTotal > 1].count() > 0', 'select X from xEvent where X.commerce.order.priceTotal > 1', 'chain(xEvent, timestamp, [A: WHAT(commerce.order.priceTotal > 1)])', 'xEvent[productListItems[SKU = "x"]].count() > 0']) {
        assert.deepEqual(diagnose(ok), [], ok);
      }
    });
    it('an event field at the profile level says how to reach it', () => void expectAt('[[eventType]] = "x"', 'pql/unknown-field', { severity: 'warning', message: /xEvent/ }));
    it('inside an event filter, a typo is checked against the event', () => void expectAt('xEvent[[[eventTyp]] = "x"].count() > 0'.replace('xEvent[[[eventTyp]]', 'xEvent[⟦eventTyp⟧'), 'pql/unknown-field', { message: /eventType/ }));
    it('tenant namespaces are never reported', () => {
      assert.deepEqual(diagnose('_acpstardust.points > 10 and xEvent[_acme.loyalty.tier = "gold"].count() > 0'), []);
    });
    it('fields of a scalar', () => void expectAt('person.birthYear.[[value]] > 1', 'pql/unknown-field', { severity: 'warning' }));
  });

  describe('other kinds', () => {
    it('pql/escape: an unknown escape is a warning with a fix', () => {
      const { text, found } = expectAt('person.name.firstName.matches("[[\\w]]+")', 'pql/escape', { severity: 'warning' });
      assert.equal(applyEdits(text, found[0].fixes![0].edits), 'person.name.firstName.matches("\\\\w+")');
    });
    it('pql/up: ^ beyond the outermost level', () => void expectAt('xEvent[[[^^]].person.gender = "f"].count() > 0'.replace('xEvent[[[^^]]', 'xEvent[⟦^^⟧'), 'pql/up'));
    it('pql/chain: a step without WHAT', () => void expectAt('chain(xEvent, timestamp, [[[A]]: WHEN(today)])'.replace('[[[A]]', '[⟦A⟧'), 'pql/chain'));
    it('pql/chain: a clause twice', () => void expectAt('chain(xEvent, timestamp, [A: WHAT(eventType = "a") [[WHAT]](eventType = "b")])', 'pql/chain'));
    it('pql/too-deep: bounded nesting', () => {
      const text = '('.repeat(1000) + 'person.gender = "f"' + ')'.repeat(1000);
      const ds = diagnose(text);
      assert.equal(ds.filter((d) => d.code === 'pql/too-deep').length, 1);
      assert.equal(ds.filter((d) => d.severity === 'error').length, 1, show(ds, text));
    });
  });

  it('recovers: one typo gives one diagnostic and the rest is still checked', () => {
    const text = 'person.gender = = "f" and person.birthYear.startsWith("19")';
    const ds = diagnose(text);
    assert.deepEqual(ds.map((d) => d.code).sort(), ['pql/syntax', 'pql/type'], show(ds, text));
  });
});
