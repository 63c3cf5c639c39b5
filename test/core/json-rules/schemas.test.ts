// The three schemas compile under the engine's strict ajv set-up, document every property, func, enum value and
// operator, and their snippets insert valid skeletons.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { SCHEMAS, createAjv, snippetBodyText, validatorOf, type Schema } from './support';

type Kind = keyof typeof SCHEMAS;
const KINDS = Object.keys(SCHEMAS) as Kind[];

/** Every schema object in a schema, with its JSON pointer (bounded by the schema's finite size). */
function* schemaObjects(node: unknown, pointer = ''): Generator<[string, Schema]> {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) yield* schemaObjects(node[i], `${pointer}/${i}`);
    return;
  }
  const schema = node as Schema;
  yield [pointer, schema];
  for (const [key, value] of Object.entries(schema)) {
    // Annotation payloads (snippet bodies, tables, examples) are data, not schemas.
    if (['defaultSnippets', 'x-operators', 'examples', 'enum', 'const', 'default', 'markdownEnumDescriptions'].includes(key)) continue;
    if (key === 'properties' || key === 'definitions') {
      for (const [name, sub] of Object.entries(value as Schema)) yield* schemaObjects(sub, `${pointer}/${key}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    } else {
      yield* schemaObjects(value, `${pointer}/${key}`);
    }
  }
}

function resolve(root: Schema, schema: Schema): Schema {
  let current = schema;
  for (let i = 0; i < 10 && typeof current.$ref === 'string'; i++) {
    const name = current.$ref.replace('#/definitions/', '');
    current = root.definitions[name];
  }
  return current;
}

describe('segment schemas', () => {
  it('compile with the engine configuration (strict, discriminator, only the registered annotations)', () => {
    const ajv = createAjv();
    for (const kind of KINDS) {
      const validate = ajv.getSchema(SCHEMAS[kind].$id);
      assert.ok(validate, `${kind} compiles`);
      assert.equal(SCHEMAS[kind].$schema, 'http://json-schema.org/draft-07/schema#');
      assert.match(SCHEMAS[kind].$id, /^https:\/\/segment-workbench\.dev\/schemas\/[a-z]+-segment\.schema\.json$/);
    }
  });

  it('are rejected by strict ajv when an unregistered keyword sneaks in (the set-up really is strict)', () => {
    const ajv = new Ajv({ strict: true });
    assert.throws(() => ajv.compile(SCHEMAS.unleash), /unknown keyword/);
  });

  for (const kind of KINDS) {
    it(`${kind}: every property has a markdownDescription (directly or on the definition it refers to)`, () => {
      const root = SCHEMAS[kind];
      const missing: string[] = [];
      for (const [pointer, schema] of schemaObjects(root)) {
        for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
          const described = typeof property.markdownDescription === 'string' || typeof resolve(root, property).markdownDescription === 'string';
          // `if` conditions only test presence; they are not documentation.
          if (!described && !pointer.endsWith('/if') && !/\/anyOf\/\d+$/.test(pointer)) missing.push(`${pointer}/properties/${name}`);
        }
      }
      assert.deepEqual(missing, []);
    });

    it(`${kind}: every enum value is described (markdownEnumDescriptions of the same length)`, () => {
      for (const [pointer, schema] of schemaObjects(SCHEMAS[kind])) {
        if (!Array.isArray(schema.enum)) continue;
        assert.ok(Array.isArray(schema.markdownEnumDescriptions), `${pointer} has markdownEnumDescriptions`);
        assert.equal(schema.markdownEnumDescriptions.length, schema.enum.length, `${pointer}: one description per value`);
        for (const text of schema.markdownEnumDescriptions) assert.ok(typeof text === 'string' && text.length > 10, `${pointer}: ${text}`);
      }
    });

    it(`${kind}: snippets are well-formed and insert a skeleton the schema accepts`, () => {
      let count = 0;
      for (const [pointer, schema] of schemaObjects(SCHEMAS[kind])) {
        if (!schema.defaultSnippets) continue;
        assert.ok(Array.isArray(schema.defaultSnippets), pointer);
        const validate = validatorOf(kind, pointer);
        for (const snippet of schema.defaultSnippets as Schema[]) {
          assert.equal(typeof snippet.label, 'string', `${pointer} label`);
          assert.equal(typeof snippet.description, 'string', `${pointer} description`);
          assert.ok('body' in snippet, `${pointer} body`);
          const text = snippetBodyText(snippet.body);
          const value: unknown = JSON.parse(text);
          assert.ok(validate(value), `${pointer} snippet "${snippet.label}" -> ${text}: ${JSON.stringify(validate.errors)}`);
          count++;
        }
      }
      assert.ok(count > 0);
    });
  }

  it('cja: every union is titled, discriminated on func, and lists distinct documented funcs', () => {
    const defs = SCHEMAS.cja.definitions as Record<string, Schema>;
    const unions = Object.entries(defs).filter(([, d]) => d.discriminator);
    assert.ok(unions.length >= 10);
    for (const [name, union] of unions) {
      assert.equal(typeof union.title, 'string', `${name} title`);
      assert.deepEqual(union.discriminator, { propertyName: 'func' });
      assert.deepEqual(union.required, ['func']);
      const tags = (union.oneOf as Schema[]).map((member) => {
        const branch = resolve(SCHEMAS.cja, member);
        assert.equal(typeof branch.properties.func.const, 'string', `${name}: member ${member.$ref} has a func const`);
        assert.equal(typeof branch.properties.func.markdownDescription, 'string', `${name}: ${branch.properties.func.const} is described`);
        return branch.properties.func.const as string;
      });
      assert.equal(new Set(tags).size, tags.length, `${name}: tags are distinct`);
    }
  });

  it('cja: the funcs of each position are the documented ones', () => {
    const tagsOf = (union: string) =>
      (SCHEMAS.cja.definitions[union].oneOf as Schema[])
        .map((m) => resolve(SCHEMAS.cja, m))
        .filter((b) => !b.doNotSuggest)
        .map((b) => b.properties.func.const as string)
        .sort();
    assert.deepEqual(tagsOf('definition'), ['segment', 'segment-def']);
    assert.deepEqual(tagsOf('segmentContainer'), ['container']);
    assert.deepEqual(tagsOf('checkpoint'), ['container']);
    assert.deepEqual(tagsOf('streamItem'), ['container', 'container-restriction', 'dimension-restriction', 'exclude-next-checkpoint', 'time-restriction']);
    assert.deepEqual(tagsOf('numericValue'), ['attr', 'total', 'total-distinct']);
    assert.deepEqual(tagsOf('eventValue'), ['event']);
    const predicates = tagsOf('predicate');
    const documented = [
      'container', 'and', 'or', 'without', 'sequence', 'sequence-prefix', 'sequence-suffix', 'sequence-and', 'sequence-or',
      'streq', 'not-streq', 'strlt', 'strgt', 'strle', 'strge', 'streq-in', 'not-streq-in', 'contains', 'not-contains',
      'contains-any-of', 'contains-all-of', 'not-contains-any-of', 'not-contains-all-of', 'starts-with', 'ends-with',
      'not-starts-with', 'not-ends-with', 'matches', 'not-matches', 'eq', 'not-eq', 'gt', 'lt', 'ge', 'le', 'eq-any-of',
      'not-eq-any-of', 'exists', 'not-exists', 'event-exists', 'not-event-exists',
    ];
    for (const func of documented) assert.ok(predicates.includes(func), `${func} allowed as a predicate`);
    for (const func of ['time-restriction', 'attr', 'event', 'total', 'segment']) assert.ok(!predicates.includes(func), `${func} not a predicate`);
  });

  it('cja: the community-only and CJA-guide-only funcs are marked with x-severity and explained', () => {
    const marked = Object.values(SCHEMAS.cja.definitions as Record<string, Schema>).filter((d) => d['x-severity'] === 'warning');
    const funcs = marked.map((d) => d.properties.func.const).sort();
    assert.deepEqual(funcs, ['allocation-dedupedInstance', 'allocation-instance', 'eq-in', 'not-eq-in', 'range', 'segment-def', 'segment-ref', 'total-distinct']);
    for (const def of marked) {
      assert.ok(typeof def.deprecationMessage === 'string' && def.deprecationMessage.length > 30);
      assert.ok((def.markdownDescription as string).includes(def.deprecationMessage), 'the explanation shows in hover');
    }
  });

  it('unleash: x-operators describes exactly the operator enum', () => {
    const operator = SCHEMAS.unleash.definitions.constraint.properties.operator;
    const table = operator['x-operators'] as Record<string, Schema>;
    assert.deepEqual(Object.keys(table).sort(), [...operator.enum].sort());
    assert.equal(operator.enum.length, 16);
    for (const [name, spec] of Object.entries(table)) {
      assert.ok(['single', 'multi'].includes(spec.arity), name);
      assert.ok(['string', 'number', 'date', 'semver', 'regex'].includes(spec.valueType), name);
      assert.equal(typeof spec.caseInsensitive, 'boolean', name);
    }
    assert.equal(table.IN.arity, 'multi');
    assert.equal(table.NUM_EQ.valueType, 'number');
    assert.equal(table.DATE_BEFORE.valueType, 'date');
    assert.equal(table.SEMVER_EQ.valueType, 'semver');
    assert.equal(table.REGEX.valueType, 'regex');
    const contextName = SCHEMAS.unleash.definitions.constraint.properties.contextName;
    assert.deepEqual(contextName.examples, ['appName', 'environment', 'userId', 'sessionId', 'remoteAddress', 'currentTime']);
    assert.equal(contextName.markdownEnumDescriptions.length, contextName.examples.length);
  });
});
