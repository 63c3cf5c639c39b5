// The CJA schema accepts every documented definition and rejects mutated ones at the expected instance path,
// staying linear on deep nesting thanks to the func discriminator.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject } from 'ajv';
import { validatorOf } from './support';

interface Example {
  title: string;
  authority: string;
  definition: Record<string, unknown>;
}

const EXAMPLES = JSON.parse(readFileSync(join(__dirname, '../../fixtures/cja-examples.json'), 'utf8')) as Example[];
const validate = validatorOf('cja');

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const base = () =>
  clone({
    func: 'segment',
    version: [1, 0, 0],
    container: {
      func: 'container',
      context: 'visits',
      pred: { func: 'streq', val: { func: 'attr', name: 'variables/page' }, str: 'Home' },
    },
  }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function errorsOf(value: unknown): ErrorObject[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

/** The errors, without the wrapper errors of the document root's if/then/else. */
function innerErrors(value: unknown): ErrorObject[] {
  return errorsOf(value).filter((e) => e.keyword !== 'if');
}

describe('cja schema: documented definitions', () => {
  it('has the examples fixture', () => {
    assert.ok(EXAMPLES.length >= 13, 'test/fixtures/cja-examples.json holds the reference examples');
  });
  for (const example of EXAMPLES) {
    it(`accepts "${example.title}" as a bare definition and inside a segment resource`, () => {
      assert.deepEqual(errorsOf(example.definition), []);
      assert.deepEqual(errorsOf({ name: example.title, dataId: 'dv_1', definition: example.definition }), []);
    });
  }

  it('accepts every func family in its position, including the community-only ones', () => {
    const doc = base();
    doc.container.pred = {
      func: 'and',
      preds: [
        { func: 'streq-in', val: { func: 'attr', name: 'variables/page' }, list: ['a', 'b'] },
        { func: 'matches', val: { func: 'attr', name: 'variables/page' }, glob: '*x*' },
        { func: 'eq-any-of', val: { func: 'attr', name: 'variables/visitnumber' }, list: [1, 2] },
        { func: 'eq-in', val: { func: 'attr', name: 'variables/visitnumber' }, list: [1] },
        { func: 'gt', val: { func: 'total-distinct', field: { func: 'attr', name: 'variables/page' } }, num: 3 },
        { func: 'range', val: { func: 'total', evt: { func: 'event', name: 'metrics/revenue' } }, low: 1, high: 5 },
        { func: 'not-event-exists', evt: { func: 'event', name: 'metrics/orders' } },
        { func: 'segment-ref', id: 's300_1' },
        {
          func: 'exists',
          val: { func: 'attr', name: 'variables/evar1', 'allocation-model': { func: 'allocation-dedupedInstance', context: 'sessions' } },
        },
        {
          func: 'sequence-prefix',
          context: 'visitors',
          stream: [
            { func: 'container', context: 'hits', pred: { func: 'exists', val: { func: 'attr', name: 'variables/page' } } },
            { func: 'time-restriction', limit: 'within', unit: 'day', count: 1, container: 'hits' },
            { func: 'container-restriction', limit: 'after', count: '2', container: 'visits' },
            { func: 'exclude-next-checkpoint' },
            { func: 'dimension-restriction', limit: 'within', count: 1, dimension: 'variables/page' },
            { func: 'container', context: 'hits', pred: { func: 'exists', val: { func: 'attr', name: 'variables/page' } } },
          ],
        },
        { func: 'sequence-and', checkpoints: [{ func: 'container', context: 'hits', pred: { func: 'exists', val: { func: 'attr', name: 'variables/page' } } }] },
      ],
    };
    assert.deepEqual(errorsOf(doc), []);
  });
});

describe('cja schema: invalid variants', () => {
  const cases: { name: string; mutate: (d: Record<string, any>) => unknown; path: string; keyword: string; params?: Record<string, unknown> }[] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
    {
      name: 'a restriction in a predicate position',
      mutate: (d) => { d.container.pred = { func: 'time-restriction', limit: 'within', unit: 'day', count: 1 }; return d; },
      path: '/container/pred', keyword: 'discriminator', params: { error: 'mapping', tag: 'func', tagValue: 'time-restriction' },
    },
    {
      name: 'a comparison as a sequence stream item',
      mutate: (d) => { d.container.pred = { func: 'sequence', stream: [d.container.pred] }; return d; },
      path: '/container/pred/stream/0', keyword: 'discriminator', params: { error: 'mapping', tag: 'func', tagValue: 'streq' },
    },
    {
      name: 'a bare predicate as a sequence-and checkpoint',
      mutate: (d) => { d.container.pred = { func: 'sequence-and', checkpoints: [d.container.pred] }; return d; },
      path: '/container/pred/checkpoints/0', keyword: 'discriminator',
    },
    {
      name: 'the C-IDX container form under a "segment" root',
      mutate: (d) => { d.container.func = 'segment'; return d; },
      path: '/container', keyword: 'discriminator', params: { error: 'mapping', tag: 'func', tagValue: 'segment' },
    },
    {
      name: 'an unknown func',
      mutate: (d) => { d.container.pred.func = 'equals'; return d; },
      path: '/container/pred', keyword: 'discriminator',
    },
    {
      name: 'a func that is not a string',
      mutate: (d) => { d.container.pred.func = 7; return d; },
      path: '/container/pred', keyword: 'discriminator', params: { error: 'tag', tag: 'func', tagValue: 7 },
    },
    {
      name: 'a missing operand',
      mutate: (d) => { delete d.container.pred.str; return d; },
      path: '/container/pred', keyword: 'required', params: { missingProperty: 'str' },
    },
    {
      name: 'a missing container context',
      mutate: (d) => { delete d.container.context; return d; },
      path: '/container', keyword: 'required', params: { missingProperty: 'context' },
    },
    {
      name: 'a number where a string is expected',
      mutate: (d) => { d.container.pred.str = 5; return d; },
      path: '/container/pred/str', keyword: 'type',
    },
    {
      name: 'a string where a number is expected',
      mutate: (d) => { d.container.pred = { func: 'gt', val: { func: 'attr', name: 'variables/visitnumber' }, num: '5' }; return d; },
      path: '/container/pred/num', keyword: 'type',
    },
    {
      name: 'an unknown context',
      mutate: (d) => { d.container.context = 'sessions'; return d; },
      path: '/container/context', keyword: 'enum',
    },
    {
      name: 'a misspelt operand (unknown property)',
      mutate: (d) => { d.container.pred.strr = d.container.pred.str; delete d.container.pred.str; return d; },
      path: '/container/pred', keyword: 'additionalProperties', params: { additionalProperty: 'strr' },
    },
    {
      name: 'an empty and',
      mutate: (d) => { d.container.pred = { func: 'and', preds: [] }; return d; },
      path: '/container/pred/preds', keyword: 'minItems',
    },
    {
      name: 'a version with two numbers',
      mutate: (d) => { d.version = [1, 0]; return d; },
      path: '/version', keyword: 'minItems',
    },
    {
      name: 'a time unit that does not exist',
      mutate: (d) => {
        d.container.pred = { func: 'sequence', stream: [{ func: 'container', context: 'hits', pred: d.container.pred }, { func: 'time-restriction', limit: 'within', unit: 'days', count: 1 }] };
        return d;
      },
      path: '/container/pred/stream/1/unit', keyword: 'enum',
    },
    {
      name: 'a segment resource without a definition',
      mutate: () => ({ name: 'x', dataId: 'dv' }),
      path: '', keyword: 'required', params: { missingProperty: 'definition' },
    },
    {
      name: 'a wrong func inside a resource definition',
      mutate: (d) => ({ name: 'x', definition: { ...d, func: 'container' } }),
      path: '/definition', keyword: 'discriminator',
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.name} at ${c.path || '(root)'}`, () => {
      const errors = innerErrors(c.mutate(base()));
      assert.ok(errors.length > 0, 'rejected');
      const hit = errors.find((e) => e.instancePath === c.path && e.keyword === c.keyword);
      assert.ok(hit, `expected ${c.keyword} at "${c.path}", got ${JSON.stringify(errors.map((e) => [e.instancePath, e.keyword]))}`);
      if (c.params) for (const [k, v] of Object.entries(c.params)) assert.deepEqual((hit.params as Record<string, unknown>)[k], v, k);
      // The discriminator evaluates one branch: no error comes from the other members of the union.
      assert.ok(errors.every((e) => !e.schemaPath.includes('/oneOf/')), JSON.stringify(errors.map((e) => e.schemaPath)));
    });
  }
});

describe('cja schema: depth', () => {
  function nestedAnd(depth: number, leaf: unknown): unknown {
    let pred = leaf;
    for (let i = 0; i < depth; i++) pred = { func: 'and', preds: [pred] };
    return { func: 'segment', version: [1, 0, 0], container: { func: 'container', context: 'hits', pred } };
  }
  const leaf = { func: 'streq', val: { func: 'attr', name: 'variables/page' }, str: 'x' };

  it('validates an and nested 200 deep in well under a second', () => {
    const doc = nestedAnd(200, leaf);
    const started = performance.now();
    for (let i = 0; i < 5; i++) assert.deepEqual(errorsOf(doc), []);
    const perRun = (performance.now() - started) / 5;
    assert.ok(perRun < 200, `one validation took ${perRun.toFixed(1)} ms`);
  });

  it('reports a bad leaf 200 levels down once, at its path', () => {
    const doc = nestedAnd(200, { ...leaf, str: 1 });
    const errors = innerErrors(doc);
    assert.equal(errors.length, 1, JSON.stringify(errors.map((e) => e.instancePath)));
    assert.equal(errors[0].instancePath, `/container/pred${'/preds/0'.repeat(200)}/str`);
  });
});
