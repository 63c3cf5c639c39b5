// Completion, hover and signature help at cursor markers (|); formatting; semantic tokens; caching.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PqlLanguageService, PQL_SEMANTIC_TOKEN_TYPES } from '../../../server/src/language/pql';
import { applyEdits, marked } from '../../support/markers';
import { service } from './support';

function completions(source: string) {
  const { text, cursor } = marked(source);
  return service.complete(text, cursor);
}
function labels(source: string): string[] {
  return completions(source).map((c) => c.label);
}
function hoverAt(source: string) {
  const { text, cursor, ranges } = marked(source);
  const h = service.hover(text, cursor);
  if (ranges.length) assert.deepEqual(h?.range, ranges[0], `hover range in ${text}`);
  return h;
}
function sigAt(source: string) {
  const { text, cursor } = marked(source);
  return service.signatureHelp(text, cursor);
}
function format(text: string): string {
  return applyEdits(text, service.format(text));
}

describe('PQL completion', () => {
  it('offers the next path segment of profile fields after a dot', () => {
    const ls = labels('person.|');
    for (const f of ['name', 'birthYear', 'gender', 'isNull']) assert.ok(ls.includes(f), `${f} in ${ls}`);
    assert.ok(!ls.includes('startsWith'), 'no string methods on an object');
    assert.ok(labels('person.name.|').includes('firstName'));
  });

  it('offers methods valid for the receiver type', () => {
    const str = labels('person.name.firstName.|');
    for (const m of ['startsWith', 'contains', 'equals', 'matches', 'regexGroup', 'isNull']) assert.ok(str.includes(m), m);
    assert.ok(!str.includes('count') && !str.includes('getMonth'));
    const arr = labels('xEvent.|');
    for (const m of ['count', 'filter', 'sum', 'exists', 'topN', 'map']) assert.ok(arr.includes(m), m);
    assert.ok(!arr.includes('startsWith'));
    const map = labels('identityMap.|');
    for (const m of ['get', 'keys', 'values']) assert.ok(map.includes(m), m);
    const date = labels('person.birthDate.|');
    assert.ok(date.includes('getMonth') && date.includes('getYear') && !date.includes('count'));
  });

  it('offers ExperienceEvent fields in event contexts', () => {
    for (const src of ['xEvent[|]', 'xEvent[eventType = "x" and |]', 'select X from xEvent where X.|', 'chain(xEvent, timestamp, [A: WHAT(|)])', 'xEvent.filter(|)', 'exists E from xEvent where E.commerce.|']) {
      const ls = labels(src);
      assert.ok(ls.includes(src.endsWith('commerce.|') ? 'order' : 'eventType') || ls.includes('order'), `${src}: ${ls.slice(0, 20)}`);
    }
    assert.ok(labels('xEvent[productListItems[|]]').includes('SKU'));
    assert.ok(!labels('|').includes('eventType'), 'profile context at the top');
  });

  it('offers variables in scope', () => {
    const items = completions('select X from xEvent where X.timestamp occurs today, I from X.productListItems where |');
    const x = items.find((c) => c.label === 'X');
    const i = items.find((c) => c.label === 'I');
    assert.equal(x?.kind, 'variable');
    assert.equal(i?.kind, 'variable');
    assert.equal(x?.detail, 'ExperienceEvent');
    assert.ok(labels('xEvent.groupBy(product).map((K, G) => mapEntry(K, |))').includes('G'));
  });

  it('offers keywords, functions and snippets at an expression start', () => {
    const items = completions('|');
    const ls = items.map((c) => c.label);
    for (const k of ['chain', 'select', 'exists', 'forall', 'let', 'not', 'inSegment', 'if', 'date', 'xEvent', 'homeAddress']) assert.ok(ls.includes(k), k);
    const chain = items.find((c) => c.label === 'chain')!;
    assert.equal(chain.snippet, true);
    assert.match(chain.insertText!, /^chain\(xEvent, timestamp, \[\$\{1:A\}: WHAT\(/);
  });

  it('offers operators after a complete operand', () => {
    const ls = labels('person.gender |');
    for (const k of ['and', 'or', 'in', 'notIn', 'like', 'occurs']) assert.ok(ls.includes(k), k);
  });

  it('offers relative-time phrases after occurs and in WHEN', () => {
    const first = labels('xEvent[timestamp occurs |]');
    for (const p of ['last month', 'before today', '< 7 days before now', 'between date(...) and date(...)']) assert.ok(first.includes(p), p);
    assert.deepEqual(labels('chain(xEvent, timestamp, [A: WHAT(eventType = "x") WHEN(|)])'), first);
    assert.ok(labels('timestamp occurs < 7 |').includes('days'));
    assert.ok(labels('timestamp occurs < 7 days |').includes('before'));
    assert.ok(labels('timestamp occurs < 7 days before |').includes('now'));
    assert.ok(labels('timestamp occurs last |').includes('month'));
  });

  it('offers chain clauses inside a chain step', () => {
    const ls = labels('chain(xEvent, timestamp, [A: WHAT(eventType = "x") |])');
    assert.deepEqual(ls.slice().sort(), ['COUNT', 'WHAT', 'WHEN', 'WHERE']);
  });

  it('replaces the word under the cursor and quotes awkward names', () => {
    const { text, cursor } = marked('person.na|m');
    const item = service.complete(text, cursor).find((c) => c.label === 'name')!;
    assert.deepEqual(item.replace, { start: 7, end: 10 });
    const odd = labels('xEvent.|');
    assert.ok(odd.includes('service-payment-details'));
    const it2 = completions('xEvent.|').find((c) => c.label === 'service-payment-details')!;
    assert.equal(it2.insertText, '`service-payment-details`');
  });

  it('offers nothing inside a string', () => {
    assert.deepEqual(completions('person.gender = "fe|male"'), []);
  });
});

describe('PQL hover', () => {
  it('shows a field with its type, title and description', () => {
    const h = hoverAt('person.[[na|me]].firstName = "x"')!;
    assert.match(h.markdown, /person\.name: object/);
    assert.match(h.markdown, /Full name/);
    const h2 = hoverAt('xEvent[[[commerce.order.price|Total]] > 1]'.replace('xEvent[[[commerce.order.price|Total]]', 'xEvent[commerce.order.⟦price|Total⟧'))!;
    assert.match(h2.markdown, /commerce\.order\.priceTotal: number/);
    assert.match(h2.markdown, /ExperienceEvent/);
  });

  it('shows function and method documentation with signature and example', () => {
    const h = hoverAt('person.name.firstName.[[starts|With]]("Jo")')!;
    assert.match(h.markdown, /String\.startsWith\(prefix: String, caseSensitive\?: Boolean\) → Boolean/);
    assert.match(h.markdown, /Example: `person\.name\.startsWith\("Joe"\)`/);
    assert.match(hoverAt('[[in|Segment]]("e3be6d7f-1727-401f-a41e-c296b45f607a")')!.markdown, /audience/);
    assert.match(hoverAt('[[CH|AIN]](xEvent, timestamp, [A: WHAT(eventType = "x")])')!.markdown, /Ordered event sequence/);
  });

  it('shows keyword meaning', () => {
    assert.match(hoverAt('a = 1 [[A|ND]] b = 2')!.markdown, /conjunction/);
    assert.match(hoverAt('timestamp [[occ|urs]] last month')!.markdown, /timestamp/);
    assert.match(hoverAt('chain(xEvent, timestamp, [A: [[WH|EN]](today) WHAT(eventType = "x")])'.replace('[A: [[WH|EN]]', '[A: ⟦WH|EN⟧'))!.markdown, /when the event happened/);
    assert.match(hoverAt('timestamp occurs < 7 [[da|ys]] before now')!.markdown, /time unit/);
  });

  it('shows variables with their type', () => {
    assert.match(hoverAt('select X from xEvent where [[|X]].eventType = "x"')!.markdown, /\(variable\) X: ExperienceEvent/);
    assert.match(hoverAt('xEvent.groupBy(product).map((K, G) => mapEntry(K, [[|G]].count()))')!.markdown, /\(parameter\) G: array<ExperienceEvent>/);
    assert.match(hoverAt('let S = xEvent.count() in [[|S]] > 1')!.markdown, /S: integer/);
  });

  it('returns null on whitespace and literals', () => {
    assert.equal(service.hover('a  = 1', 2), null);
  });
});

describe('PQL signature help', () => {
  it('shows the active parameter of functions and methods', () => {
    const s = sigAt('person.name.firstName.startsWith("a", |)')!;
    assert.match(s.signatures[0].label, /^startsWith\(prefix\?*: string, caseSensitive\?: boolean\)/);
    assert.equal(s.activeParameter, 1);
    assert.equal(sigAt('date(2020, |')!.activeParameter, 1);
    assert.equal(sigAt('if(person.gender = "f", 1, |)')!.activeParameter, 2);
    assert.equal(sigAt('emailAddress.regexGroup(|')!.activeParameter, 0);
  });
  it('knows nested calls and chain arguments', () => {
    assert.match(sigAt('if(person.name.firstName.equals(|), 1, 2)')!.signatures[0].label, /^equals/);
    assert.equal(sigAt('chain(xEvent, timestamp, [A: WHAT(eventType = "x"), |')!.activeParameter, 2);
    assert.match(sigAt('chain(xEvent, timestamp, [A: WHAT(|')!.signatures[0].label, /^WHAT/);
  });
  it('returns null outside calls', () => {
    assert.equal(sigAt('person.gender = |'), null);
  });
});

describe('PQL formatting', () => {
  it('writes the canonical layout', () => {
    assert.equal(format('timestamp occurs on date(2019,12,31)'), 'timestamp occurs on date(2019, 12, 31)');
    assert.equal(format('xEvent[productListItems[SKU="PS" OR ^^.person.gender="female"]]'), 'xEvent[productListItems[SKU = "PS" or ^^.person.gender = "female"]]');
    assert.equal(format('if (a = "CA", 1, 2)'), 'if(a = "CA", 1, 2)');
    assert.equal(format('CHAIN(xEvent,timestamp,[A:what(eventType="x")  when(<24 hours BEFORE now) count(5) ] )'), 'chain(xEvent, timestamp, [A: WHAT(eventType = "x") WHEN(< 24 hours before now) COUNT(5)])');
    assert.equal(format('not(a=1)and !(b=2)'), 'not (a = 1) and !(b = 2)');
    assert.equal(format('a notin [1,-2]'), 'a notIn [1, -2]');
    assert.equal(format('map((K,G)=>mapEntry(K,{"count":G.count()}))'), 'map((K, G) => mapEntry(K, {"count": G.count()}))');
    assert.equal(format('  some x FROM xEvent WHERE x.a>1  '), 'some x from xEvent where x.a > 1');
  });
  it('never changes strings, and is idempotent', () => {
    const text = 'person.name.firstName.matches("(?i)^J  O\\\\w+")and x="  A,B "';
    const once = format(text);
    assert.equal(once, 'person.name.firstName.matches("(?i)^J  O\\\\w+") and x = "  A,B "');
    assert.equal(format(once), once);
    assert.deepEqual(service.format(once), []);
  });
  it('breaks long expressions before top-level and/or', () => {
    const long = Array.from({ length: 6 }, (_, i) => `homeAddress.countryCode = "C${i}"`).join(' or ');
    const out = format(long);
    assert.equal(out.split('\n').length, 6);
    assert.match(out.split('\n')[1], /^ {2}or homeAddress/);
    assert.equal(format(out), out);
  });
  it('returns no edits on syntax errors', () => {
    assert.deepEqual(service.format('a = = b'), []);
  });
});

describe('PQL semantic tokens', () => {
  it('classifies every token', () => {
    const text = 'select X from xEvent where X.commerce.order.priceTotal > 10 and inSegment("e3be6d7f-1727-401f-a41e-c296b45f607a") and person.name.firstName.startsWith("J")';
    const toks = service.semanticTokens(text).map((t) => [text.slice(t.range.start, t.range.end), t.type]);
    const get = (s: string) => toks.find(([t]) => t === s)?.[1];
    assert.equal(get('select'), 'keyword');
    assert.equal(get('X'), 'variable');
    assert.equal(get('xEvent'), 'variable');
    assert.equal(get('priceTotal'), 'property');
    assert.equal(get('>'), 'operator');
    assert.equal(get('10'), 'number');
    assert.equal(get('inSegment'), 'function');
    assert.equal(get('startsWith'), 'method');
    assert.equal(get('person'), 'property');
    assert.ok(toks.every(([, t]) => (PQL_SEMANTIC_TOKEN_TYPES as readonly string[]).includes(t as string)));
  });
  it('labels chain steps and lambda parameters', () => {
    const text = 'chain(xEvent, timestamp, [C0: WHAT(eventType = "x")]) and xEvent.groupBy(product).map((K, G) => mapEntry(K, G.count())).count() > 0';
    const toks = service.semanticTokens(text).map((t) => [text.slice(t.range.start, t.range.end), t.type]);
    assert.deepEqual(toks.find(([t]) => t === 'C0'), ['C0', 'label']);
    assert.deepEqual(toks.find(([t]) => t === 'WHAT'), ['WHAT', 'keyword']);
    assert.deepEqual(toks.filter(([t]) => t === 'G').map(([, k]) => k), ['parameter', 'parameter']);
  });
});

describe('PQL service', () => {
  it('parses a text once for validate, complete and hover', () => {
    const s = new PqlLanguageService();
    const text = 'person.gender = "f"';
    const a = s.analysis(text);
    s.validate(text);
    s.complete(text, 3);
    s.hover(text, 3);
    assert.equal(s.analysis(text), a);
  });
  it('validate returns nothing when cancelled', () => {
    const s = new PqlLanguageService();
    const big = Array.from({ length: 5000 }, () => 'person.gender.startsWith(1)').join(' and ');
    assert.deepEqual(s.validate(big, () => true), []);
    assert.ok(s.validate(big).length > 0);
  });
  it('accepts a custom field catalogue', async () => {
    const { TableFieldCatalogue } = await import('../../../server/src/language/pql');
    const s = new PqlLanguageService({ fields: new TableFieldCatalogue([{ root: 'profile', path: '_acme.loyalty.points', type: 'integer', title: 'Points' }], 'sandbox union schema') });
    assert.deepEqual(s.validate('_acme.loyalty.points > 10'), []);
    assert.equal(s.validate('_acme.loyalty.points.startsWith("1")')[0].code, 'pql/type');
    assert.ok(s.complete('_acme.|', 6).some((c) => c.label === 'loyalty'));
  });
});
