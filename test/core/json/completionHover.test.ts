// Completion and hover of the JSON kinds at cursor markers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyse } from './helpers';

const CJA_PREFIX = '{"func":"segment","version":[1,0,0],"container":{"func":"container","context":"hits","pred":';

describe('JSON completion', () => {
  it('offers property names valid at the cursor, required first', () => {
    const t = analyse('unleash', '{"name":"x","constraints":[{|}]}');
    const labels = t.labels();
    for (const key of ['contextName', 'operator', 'values', 'value', 'inverted', 'caseInsensitive']) assert.ok(labels.includes(key), `${key} missing: ${labels}`);
    assert.ok(!labels.includes('name'));
  });

  it('does not offer properties already present', () => {
    const t = analyse('unleash', '{"name":"x",|"constraints":[]}');
    assert.ok(!t.labels().includes('name'));
    assert.ok(t.labels().includes('description'));
  });

  it('offers the Unleash operators with documentation', () => {
    const t = analyse('unleash', '{"name":"x","constraints":[{"contextName":"userId","operator":|}]}');
    const items = t.completions();
    const labels = items.map((i) => i.label);
    for (const op of ['"IN"', '"NOT_IN"', '"NUM_GT"', '"DATE_AFTER"', '"SEMVER_EQ"', '"REGEX"']) assert.ok(labels.includes(op), `${op} missing: ${labels}`);
    assert.ok(items.every((i) => i.documentation), 'every operator is documented');
  });

  it('offers funcs valid in a value position and fills required fields', () => {
    const t = analyse('cja', CJA_PREFIX + '{"func":"streq","val":{"func":"|"},"str":"x"}}}');
    const items = t.completions();
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('attr'), labels.join());
    assert.ok(!labels.includes('streq'), 'a predicate is not a value');
    const attr = items.find((i) => i.label === 'attr')!;
    assert.ok(attr.additionalEdits?.some((e) => e.newText.includes('"name"')), JSON.stringify(attr));
  });

  it('offers snippets of the funcs in an empty predicate position', () => {
    const t = analyse('cja', CJA_PREFIX + '|}}');
    const snippets = t.completions().filter((c) => c.kind === 'snippet');
    assert.ok(snippets.length >= 5, JSON.stringify(snippets.map((s) => s.label)));
    assert.ok(snippets.every((s) => s.insertText && s.insertText.includes('func')));
  });

  it('offers dimension ids for attr and metric ids for event, with the numbered families as snippets', () => {
    const attr = analyse('cja', CJA_PREFIX + '{"func":"exists","val":{"func":"attr","name":"|"}}}}');
    const dimensions = attr.completions();
    assert.ok(dimensions.some((c) => c.label === 'variables/page'), 'variables/page');
    const evar = dimensions.find((c) => c.label.startsWith('variables/evar') && c.snippet);
    assert.ok(evar, 'the evar family as a snippet');
    assert.ok(!dimensions.some((c) => c.label === 'metrics/visits'));
    const event = analyse('cja', CJA_PREFIX + '{"func":"event-exists","evt":{"func":"event","name":"|"}}}}');
    assert.ok(event.labels().includes('metrics/visits'));
    assert.ok(!event.labels().includes('variables/page'));
  });

  it('offers the contexts as enum values', () => {
    const t = analyse('cja', '{"func":"segment","version":[1,0,0],"container":{"func":"container","context":|}}');
    const labels = t.labels();
    for (const c of ['"visitors"', '"visits"', '"hits"']) assert.ok(labels.includes(c), labels.join());
  });
});

describe('JSON hover', () => {
  it('documents a func value', () => {
    const h = analyse('cja', CJA_PREFIX + '{"func":"ex|ists","val":{"func":"attr","name":"variables/page"}}}}').hover();
    assert.ok(h && /exists/.test(h.markdown) && h.markdown.length > 40, JSON.stringify(h));
  });

  it('documents a property key', () => {
    const h = analyse('unleash', '{"name":"x","constraints":[{"contextName":"userId","oper|ator":"IN","values":["a"]}]}').hover();
    assert.ok(h && /operator/.test(h.markdown), JSON.stringify(h));
  });

  it('documents an enum value', () => {
    const h = analyse('unleash', '{"name":"x","constraints":[{"contextName":"userId","operator":"NUM_|GT","value":"3"}]}').hover();
    assert.ok(h && /NUM_GT/.test(h.markdown), JSON.stringify(h));
  });

  it('documents a component id', () => {
    const h = analyse('cja', CJA_PREFIX + '{"func":"exists","val":{"func":"attr","name":"variables/pa|ge"}}}}').hover();
    assert.ok(h && /variables\/page/.test(h.markdown), JSON.stringify(h));
  });
});
