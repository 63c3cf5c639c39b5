import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detectKind } from '../../../server/src/language/documentKind';

describe('document kinds', () => {
  it('by suffix', () => {
    assert.equal(detectKind('/a/b.cja.json', ''), 'cja');
    assert.equal(detectKind('/a/B.AEP.JSON', ''), 'aep');
    assert.equal(detectKind('/a/b.unleash.json', ''), 'unleash');
    assert.equal(detectKind('/a/b.pql', ''), 'pql');
  });
  it('by user glob', () => {
    assert.equal(detectKind('/repo/analytics/segments/x.json', '{}', { cja: ['**/analytics/segments/*.json'] }), 'cja');
    assert.equal(detectKind('/repo/other/x.json', '{}', { cja: ['**/analytics/segments/*.json'] }), undefined);
  });
  it('by content only when clear', () => {
    assert.equal(detectKind('/x.json', '{"definition":{"func":"segment"}}'), 'cja');
    assert.equal(detectKind('/x.json', '{"func":"segment","container":{}}'), 'cja');
    assert.equal(detectKind('/x.json', '{"name":"n","expression":{"type":"PQL","format":"pql/text","value":"a"}}'), 'aep');
    assert.equal(detectKind('/x.json', '{"name":"n","constraints":[{"contextName":"userId","operator":"IN"}]}'), 'unleash');
    assert.equal(detectKind('/package.json', '{"name":"x","version":"1.0.0"}'), undefined);
    assert.equal(detectKind('/x.json', '{"name":"x","constraints":["a"]}'), undefined);
    assert.equal(detectKind('/x.txt', '{"func":"segment"}'), undefined);
  });
});
