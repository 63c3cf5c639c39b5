// Schema violations and semantic rules of the JSON kinds, located at the offending key or value.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse, service } from './helpers';

const CJA_EXAMPLES = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'cja-examples.json'), 'utf8')) as { title: string; definition: unknown }[];

describe('CJA validation', () => {
  for (const example of CJA_EXAMPLES) {
    it(`documented example has no error: ${example.title}`, () => {
      const text = JSON.stringify(example.definition, null, 2);
      const errors = service.validate({ path: 'x.cja.json', text, kind: 'cja' }).filter((d) => d.severity === 'error');
      assert.deepEqual(errors, []);
    });
  }

  it('reports an unknown func at its value with the funcs allowed there', () => {
    const t = analyse('cja', '{"func":"segment","version":[1,0,0],"container":{"func":"container","context":"hits","pred":{"func":[["streqq"]],"val":{"func":"attr","name":"variables/page"},"str":"x"}}}');
    const d = t.diagnostics();
    assert.equal(d.length, 1, JSON.stringify(d));
    assert.deepEqual(d[0].range, t.ranges[0]);
    assert.match(d[0].message, /streq/);
  });

  it('reports a missing required field once, at the key of the incomplete object', () => {
    const t = analyse('cja', '{"func":"segment","version":[1,0,0],"container":{"func":"container","context":"hits","pred":{"func":"streq","val":{"func":"attr","name":"variables/page"}}}}');
    const d = t.diagnostics();
    assert.equal(d.length, 1, JSON.stringify(d));
    assert.match(d[0].message, /`str`/);
    assert.equal(t.text.slice(d[0].range.start, d[0].range.end), '"pred"');
    assert.ok(d[0].fixes?.length, 'a fix inserts the missing field');
  });

  it('reports a wrong type at the value', () => {
    const t = analyse('cja', '{"func":"segment","version":[1,0,0],"container":{"func":"container","context":"hits","pred":{"func":"gt","val":{"func":"attr","name":"variables/visitnumber"},"num":[["three"]]}}}');
    const d = t.diagnostics();
    assert.equal(d.length, 1, JSON.stringify(d));
    assert.deepEqual(d[0].range, t.ranges[0]);
    assert.match(d[0].message, /number/);
  });

  it('flags a container wider than its parent', () => {
    const t = analyse('cja', '{"func":"segment","version":[1,0,0],"container":{"func":"container","context":"hits","pred":{"func":"and","preds":[{"func":"container","context":[["visitors"]],"pred":{"func":"exists","val":{"func":"attr","name":"variables/page"}}}]}}}');
    const d = t.diagnostics().filter((x) => x.code === 'cja/context-nesting');
    assert.equal(d.length, 1, JSON.stringify(t.diagnostics()));
    assert.deepEqual(d[0].range, t.ranges[0]);
  });

  it('validates deep and-nesting clean', () => {
    let pred = '{"func":"exists","val":{"func":"attr","name":"variables/page"}}';
    for (let i = 0; i < 150; i++) pred = `{"func":"and","preds":[${pred},{"func":"streq","val":{"func":"attr","name":"variables/page"},"str":"${i}"}]}`;
    const text = `{"func":"segment","version":[1,0,0],"container":{"func":"container","context":"hits","pred":${pred}}}`;
    // Speed is measured in bench/json-validation.ts; here: a deep, valid tree validates clean (no oneOf cascade).
    const d = service.validate({ path: 'x.cja.json', text, kind: 'cja' });
    assert.deepEqual(d.filter((x) => x.severity === 'error'), []);
  });
});

describe('Unleash validation', () => {
  it('a wrong-case operator gets one error with a certain fix', () => {
    const t = analyse('unleash', '{"name":"x","constraints":[{"contextName":"userId","operator":[["in"]],"values":["a"]}]}');
    const d = t.diagnostics();
    assert.equal(d.length, 1, JSON.stringify(d));
    assert.deepEqual(d[0].range, t.ranges[0]);
    const edit = d[0].fixes?.[0]?.edits[0];
    assert.ok(edit && edit.newText.includes('IN'), JSON.stringify(d[0]));
  });

  it('a JSON syntax error is located', () => {
    const t = analyse('unleash', '{"name":"x","constraints":[{"contextName":"userId" [[:]]');
    const d = t.diagnostics();
    assert.ok(d.some((x) => x.code === 'json/syntax'), JSON.stringify(d));
  });
});

describe('robustness', () => {
  it('a 100,000-deep document gets one diagnostic, no crash', () => {
    const text = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    const d = service.validate({ path: 'x.cja.json', text, kind: 'cja' });
    assert.equal(d.length, 1);
    assert.equal(d[0].code, 'json/too-deep');
    assert.deepEqual(service.complete({ path: 'x.cja.json', text, kind: 'cja' }, 10), []);
    assert.equal(service.hover({ path: 'x.cja.json', text, kind: 'cja' }, 10), null);
  });

  it('truncated documents at every cut point never throw', () => {
    const full = JSON.stringify(CJA_EXAMPLES[3].definition);
    for (let cut = 0; cut <= full.length; cut += 7) {
      const text = full.slice(0, cut);
      const doc = { path: 'x.cja.json', text, kind: 'cja' as const };
      service.validate(doc);
      service.complete(doc, text.length);
      service.hover(doc, Math.max(0, text.length - 3));
      service.symbols(doc);
    }
  });
});

describe('cancellation', () => {
  const doc = { path: 'x.cja.json', text: JSON.stringify(CJA_EXAMPLES[3].definition).replace('"visitors"', '"hits"'), kind: 'cja' as const };

  it('validation runs in stages that a caller can stop between', () => {
    const steps = service.validationSteps(doc);
    let pauses = 0;
    let step = steps.next();
    while (!step.done && pauses < 100) {
      pauses++;
      step = steps.next();
    }
    assert.ok(pauses >= 2, `only ${pauses} pauses`);
    assert.deepEqual(step.value, service.validate(doc));
  });

  it('a cancelled validation returns nothing, however far it got', () => {
    let calls = 0;
    assert.deepEqual(service.validate(doc, () => ++calls > 1), []);
    assert.ok(calls >= 2);
  });
});
