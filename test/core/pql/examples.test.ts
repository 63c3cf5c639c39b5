// Every documented PQL expression marked VALID parses and checks without an error; the documented typo is flagged.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorsOf, loadExamples, service, show } from './support';

const examples = loadExamples();

describe('documented PQL examples (test/fixtures/pql-examples.txt)', () => {
  it('has the documented lines', () => {
    assert.ok(examples.length >= 90, `only ${examples.length} examples`);
    assert.ok(examples.some((e) => e.status.startsWith('DOC-TYPO')));
  });

  for (const ex of examples.filter((e) => e.status === 'VALID' || e.status.startsWith('VALID-'))) {
    it(`line ${ex.line} ${ex.status === 'VALID' ? '' : '(' + ex.status.split('(')[0] + ') '}${ex.expression}`, () => {
      const errors = errorsOf(ex.expression);
      assert.deepEqual(errors, [], show(errors, ex.expression));
    });
  }

  for (const ex of examples.filter((e) => e.status.startsWith('DOC-TYPO'))) {
    it(`line ${ex.line} is flagged (${ex.status})`, () => {
      const errors = errorsOf(ex.expression);
      assert.ok(errors.length >= 1, 'the documented typo must be reported');
      // One typo, one diagnostic: the string that lost its quote, with a fix that inserts it.
      assert.equal(errors.length, 1, show(errors, ex.expression));
      const d = errors[0];
      assert.equal(d.code, 'pql/unbalanced');
      assert.equal(ex.expression.slice(d.range.start, d.range.start + 10), '"7deb246a-');
      const fix = d.fixes?.[0]?.edits[0];
      assert.ok(fix);
      const fixed = ex.expression.slice(0, fix.range.start) + fix.newText + ex.expression.slice(fix.range.end);
      assert.deepEqual(errorsOf(fixed), [], show(errorsOf(fixed), fixed));
    });
  }

  it('boolean segment examples also pass with expectBoolean', () => {
    for (const ex of examples.filter((e) => e.status === 'VALID' && !/^(if|orders\.|identityMap\.|product1|totalProduct|emailAddress\.regex|xEvent\[.*\]\.(count|min|groupBy)|person\.filter|person1)/.test(e.expression))) {
      const errors = errorsOf(ex.expression, true);
      assert.deepEqual(errors, [], `${ex.expression}: ${show(errors, ex.expression)}`);
    }
  });

  it('formats every valid example idempotently without touching strings', () => {
    for (const ex of examples.filter((e) => e.status === 'VALID')) {
      const once = apply(ex.expression);
      assert.equal(apply(once), once, ex.expression);
      assert.deepEqual(strings(once), strings(ex.expression));
      assert.deepEqual(errorsOf(once), []);
    }
  });
});

function apply(text: string): string {
  const edits = service.format(text);
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start - a.range.start)) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

function strings(text: string): string[] {
  return text.match(/"(?:[^"\\]|\\.)*"/g) ?? [];
}
