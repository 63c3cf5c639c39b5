// Finds the subschemas that apply at a JSON path, following $ref, allOf, if/then/else and discriminated unions
// the way ajv would for the document's actual values. Completion and hover read descriptions, enums and snippets
// from the result, so they always agree with validation.
import type { ValidateFunction } from 'ajv';
import { resolveRef, sharedAjv, type JsonSchema } from './schemaRegistry';

const MAX_EXPANSION_DEPTH = 32;

/** The branches of a discriminated union, keyed by their tag value (e.g. `func` -> `streq`). */
export interface UnionMember {
  tag: string;
  schema: JsonSchema;
}

export interface DiscriminatedUnion {
  propertyName: string;
  title?: string;
  members: UnionMember[];
}

export type JsonPathSegment = string | number;

export class SchemaNavigator {
  private readonly conditionCache = new WeakMap<JsonSchema, ValidateFunction | null>();
  private readonly tagCache = new Map<string, Set<string>>();

  constructor(private readonly root: JsonSchema) {}

  get rootSchema(): JsonSchema {
    return this.root;
  }

  /** Follows `$ref` chains. */
  deref(schema: JsonSchema | undefined): JsonSchema | undefined {
    let current = schema;
    for (let i = 0; current && typeof current.$ref === 'string' && i < MAX_EXPANSION_DEPTH; i++) {
      current = resolveRef(this.root, current.$ref);
    }
    return current;
  }

  /**
   * The schemas that together describe `value`: the schema itself and every applicable allOf/then/else part and
   * union branch. An undecided union (no tag in the value yet) contributes all its branches.
   */
  expand(schema: JsonSchema | undefined, value: unknown, depth = 0): JsonSchema[] {
    const resolved = this.deref(schema);
    if (!resolved || depth > MAX_EXPANSION_DEPTH) return [];
    const out: JsonSchema[] = [resolved];
    for (const part of resolved.allOf ?? []) out.push(...this.expand(part, value, depth + 1));
    if (resolved.if) {
      const holds = this.conditionHolds(resolved.if, value);
      if (holds !== false && resolved.then) out.push(...this.expand(resolved.then, value, depth + 1));
      if (holds !== true && resolved.else) out.push(...this.expand(resolved.else, value, depth + 1));
    }
    const union = this.unionOf(resolved);
    if (union) {
      const tag = isRecord(value) ? value[union.propertyName] : undefined;
      const chosen = union.members.filter((m) => m.tag === tag);
      for (const member of chosen.length ? chosen : union.members) out.push(...this.expand(member.schema, value, depth + 1));
    } else {
      for (const branch of [...(resolved.oneOf ?? []), ...(resolved.anyOf ?? [])]) {
        out.push(...this.expand(branch, value, depth + 1));
      }
    }
    return out;
  }

  /** The discriminated union a schema declares, with each member's tag. */
  unionOf(schema: JsonSchema | undefined): DiscriminatedUnion | undefined {
    const resolved = this.deref(schema);
    const propertyName: unknown = resolved?.discriminator?.propertyName;
    if (!resolved || typeof propertyName !== 'string' || !Array.isArray(resolved.oneOf)) return undefined;
    const members: UnionMember[] = [];
    for (const branch of resolved.oneOf as JsonSchema[]) {
      const member = this.deref(branch);
      const tagSchema = member?.properties?.[propertyName];
      const tags: unknown[] = tagSchema?.const !== undefined ? [tagSchema.const] : tagSchema?.enum ?? [];
      for (const tag of tags) if (typeof tag === 'string' && member) members.push({ tag, schema: member });
    }
    return { propertyName, title: resolved.title, members };
  }

  /** Every tag value any discriminated union of the schema accepts for `propertyName` (e.g. every `func`). */
  allTags(propertyName: string): Set<string> {
    let tags = this.tagCache.get(propertyName);
    if (!tags) {
      tags = new Set();
      const definitions = { ...(this.root.definitions ?? {}), ...(this.root.$defs ?? {}) } as Record<string, JsonSchema>;
      for (const definition of Object.values(definitions)) {
        const union = this.unionOf(definition);
        if (union?.propertyName === propertyName) for (const member of union.members) tags.add(member.tag);
      }
      this.tagCache.set(propertyName, tags);
    }
    return tags;
  }

  /** The schemas of the value found by stepping from a parent value into `segment`. */
  child(schemas: JsonSchema[], segment: JsonPathSegment): JsonSchema[] {
    const out: JsonSchema[] = [];
    for (const schema of schemas) {
      if (typeof segment === 'string') {
        const property = schema.properties?.[segment];
        if (property) {
          out.push(property);
          continue;
        }
        let matched = false;
        for (const [pattern, sub] of Object.entries<JsonSchema>(schema.patternProperties ?? {})) {
          if (safeRegExp(pattern)?.test(segment)) {
            out.push(sub);
            matched = true;
          }
        }
        if (!matched && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
          out.push(schema.additionalProperties);
        }
      } else {
        if (Array.isArray(schema.items)) {
          const item = schema.items[segment] ?? schema.additionalItems;
          if (item && typeof item === 'object') out.push(item);
        } else if (schema.items && typeof schema.items === 'object') {
          out.push(schema.items);
        }
      }
    }
    return out;
  }

  /** Every schema that applies to the value at `path` of the document `rootValue`. */
  schemasAt(path: readonly JsonPathSegment[], rootValue: unknown): JsonSchema[] {
    let value: unknown = rootValue;
    let current = this.expand(this.root, value);
    for (const segment of path) {
      value = isRecord(value) || Array.isArray(value) ? (value as Record<string | number, unknown>)[segment] : undefined;
      const next = this.child(current, segment);
      current = next.flatMap((s) => this.expand(s, value));
      if (!current.length) break;
    }
    return current;
  }

  /** The raw (unexpanded) schemas declared for the value at `path`: the property's own schema, with its description. */
  declaredAt(path: readonly JsonPathSegment[], rootValue: unknown): JsonSchema[] {
    if (!path.length) return [this.root];
    const parents = this.schemasAt(path.slice(0, -1), rootValue);
    return this.child(parents, path[path.length - 1]).map((s) => ({ ...this.deref(s), ...withoutRef(s) }));
  }

  private conditionHolds(condition: JsonSchema, value: unknown): boolean | undefined {
    let validate = this.conditionCache.get(condition);
    if (validate === undefined) {
      try {
        validate = sharedAjv().compile(condition);
      } catch {
        validate = null; // a condition that refers to other definitions: treat as undecided
      }
      this.conditionCache.set(condition, validate);
    }
    return validate ? (validate(value) as boolean) : undefined;
  }
}

function withoutRef(schema: JsonSchema): JsonSchema {
  const { $ref: _ref, ...rest } = schema;
  return rest;
}

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** The first description a schema list offers, markdown preferred. */
export function describe(schemas: JsonSchema[]): string | undefined {
  for (const s of schemas) if (typeof s.markdownDescription === 'string') return s.markdownDescription;
  for (const s of schemas) if (typeof s.description === 'string') return s.description;
  return undefined;
}
