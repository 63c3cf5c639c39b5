// Walks a document along a schema made of discriminated unions (the CJA definition tree), reading the unions and
// their branches from the schema itself: which property of which branch holds which union, and which branch a tag
// value selects. Rules then look at each node with its branch and its chain of parents, never at a second copy of
// the func catalogue.
import type { Node } from 'jsonc-parser';
import { propertyValue, stringOf } from '../jsonNodes';

/** A JSON Schema object as plain data. */
export type SchemaObject = { readonly [key: string]: unknown };

export interface UnionTable {
  /** The discriminator property, e.g. `func`. */
  tagName: string;
  /** Tag value -> name of the branch definition. */
  branches: Map<string, string>;
}

/** Where a branch's property leads: to a union, either directly or through the items of an array. */
interface ChildLink {
  union: string;
  array: boolean;
}

export interface UnionSchemaTables {
  definitions: Record<string, SchemaObject>;
  unions: Map<string, UnionTable>;
  /** Branch name -> property name -> link. */
  links: Map<string, Map<string, ChildLink>>;
}

export interface FuncNodeVisit {
  /** The object node. */
  node: Node;
  /** Its tag (`func`) value and the string node holding it. */
  tag: string;
  tagNode: Node;
  /** The union at this position and the branch the tag selects in it. */
  unionName: string;
  branchName: string;
  branch: SchemaObject;
  /** The visit of the enclosing tagged node, if any. */
  parent: FuncNodeVisit | undefined;
  /** The parent's property this node stands in (e.g. `pred`, `preds`, `stream`) and its array index if any. */
  via: string | undefined;
  index: number | undefined;
  depth: number;
}

/** Bounds that keep a pathological document from costing more than a normal one could. */
const MAX_DEPTH = 2_000;
const MAX_VISITS = 200_000;

const tablesCache = new WeakMap<SchemaObject, UnionSchemaTables>();

function isSchema(value: unknown): value is SchemaObject {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** The definition name of a local `#/definitions/<name>` reference. */
export function refName(schema: unknown): string | undefined {
  if (!isSchema(schema) || typeof schema.$ref !== 'string') return undefined;
  const match = /^#\/(?:definitions|\$defs)\/(.+)$/.exec(schema.$ref);
  return match ? decodeURIComponent(match[1].replace(/~1/g, '/').replace(/~0/g, '~')) : undefined;
}

/** Builds (once per schema) the union and link tables of a schema's definitions. */
export function unionTables(root: SchemaObject): UnionSchemaTables {
  const cached = tablesCache.get(root);
  if (cached) return cached;
  const definitions = (isSchema(root.definitions) ? root.definitions : {}) as Record<string, SchemaObject>;
  const unions = new Map<string, UnionTable>();
  for (const [name, def] of Object.entries(definitions)) {
    const discriminator = def.discriminator;
    if (!isSchema(discriminator) || typeof discriminator.propertyName !== 'string' || !Array.isArray(def.oneOf)) continue;
    const tagName = discriminator.propertyName;
    const branches = new Map<string, string>();
    for (const member of def.oneOf) {
      const branchName = refName(member);
      const branch = branchName ? definitions[branchName] : undefined;
      const properties = branch && isSchema(branch.properties) ? branch.properties : undefined;
      const tagSchema = properties ? properties[tagName] : undefined;
      if (branchName && isSchema(tagSchema) && typeof tagSchema.const === 'string') branches.set(tagSchema.const, branchName);
    }
    unions.set(name, { tagName, branches });
  }
  const links = new Map<string, Map<string, ChildLink>>();
  for (const [name, def] of Object.entries(definitions)) {
    if (!isSchema(def.properties)) continue;
    const byProperty = new Map<string, ChildLink>();
    for (const [property, sub] of Object.entries(def.properties)) {
      const direct = refName(sub);
      if (direct && unions.has(direct)) {
        byProperty.set(property, { union: direct, array: false });
        continue;
      }
      const items = isSchema(sub) ? refName(sub.items) : undefined;
      if (items && unions.has(items)) byProperty.set(property, { union: items, array: true });
    }
    if (byProperty.size) links.set(name, byProperty);
  }
  const tables = { definitions, unions, links };
  tablesCache.set(root, tables);
  return tables;
}

/**
 * Visits, in document order, every object reachable from `start` through the schema's unions whose tag selects a
 * branch. A node whose tag is missing or unknown is not visited (schema validation reports it) and neither are its
 * children.
 */
export function walkUnionTree(tables: UnionSchemaTables, startUnion: string, start: Node, visit: (v: FuncNodeVisit) => void): void {
  interface Pending {
    node: Node;
    unionName: string;
    parent: FuncNodeVisit | undefined;
    via: string | undefined;
    index: number | undefined;
    depth: number;
  }
  const stack: Pending[] = [{ node: start, unionName: startUnion, parent: undefined, via: undefined, index: undefined, depth: 0 }];
  let visits = 0;
  while (stack.length && visits < MAX_VISITS) {
    const item = stack.pop() as Pending;
    const union = tables.unions.get(item.unionName);
    if (!union || item.node.type !== 'object') continue;
    const tagNode = propertyValue(item.node, union.tagName);
    const tag = stringOf(tagNode);
    const branchName = tag !== undefined ? union.branches.get(tag) : undefined;
    if (!tagNode || tag === undefined || !branchName) continue;
    const current: FuncNodeVisit = {
      node: item.node,
      tag,
      tagNode,
      unionName: item.unionName,
      branchName,
      branch: tables.definitions[branchName],
      parent: item.parent,
      via: item.via,
      index: item.index,
      depth: item.depth,
    };
    visits++;
    visit(current);
    if (item.depth >= MAX_DEPTH) continue;
    const links = tables.links.get(branchName);
    if (!links) continue;
    const children: Pending[] = [];
    // Only the properties that lead to unions matter: look them up rather than walking every property.
    for (const [key, link] of links) {
      const value = propertyValue(item.node, key);
      if (!value) continue;
      if (!link.array) {
        children.push({ node: value, unionName: link.union, parent: current, via: key, index: undefined, depth: item.depth + 1 });
      } else if (value.type === 'array') {
        const elements = value.children ?? [];
        for (let index = 0; index < elements.length; index++) {
          children.push({ node: elements[index], unionName: link.union, parent: current, via: key, index, depth: item.depth + 1 });
        }
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}
