// A jsonc-parser-compatible tree over a value from JSON.parse whose offsets are looked up only when asked for.
// Validating a clean 1 MB document then costs JSON.parse + ajv + the rules' walk; jsonc-parser's full tree (about
// ten times JSON.parse) is built only when a diagnostic needs a location. Nodes have jsonc-parser's `Node` shape, so
// the rules and the error mapper work on either tree; `lookup` and `rawValue` let hot paths skip building the
// property and key nodes they do not need (see rules/jsonNodes.ts).
import { parseTree, type Node, type NodeType } from 'jsonc-parser';

type Role = 'value' | 'property' | 'key';

/** Builds the real tree on first need and finds the real node for a lazy one. */
class Locator {
  private realRoot: Node | undefined;
  private built = false;

  constructor(private readonly text: string) {}

  root(): Node | undefined {
    if (!this.built) {
      this.realRoot = parseTree(this.text);
      this.built = true;
    }
    return this.realRoot;
  }
}

/** JSON.parse keeps the last of duplicate keys: so do we. */
function lastProperty(object: Node | undefined, key: string): Node | undefined {
  let found: Node | undefined;
  for (const p of object?.children ?? []) if (p.children?.[0]?.value === key) found = p;
  return found;
}

function typeOf(value: unknown): NodeType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'object': return 'object';
    case 'string': return 'string';
    case 'number': return 'number';
    case 'boolean': return 'boolean';
    default: return 'null';
  }
}

export class LazyJsonNode implements Node {
  readonly type: NodeType;
  private cachedChildren: Node[] | undefined;
  private cachedValues: Record<string, LazyJsonNode> | undefined;
  private cachedItems: LazyJsonNode[] | undefined;
  private cachedProperty: LazyJsonNode | undefined;
  private realNode: Node | undefined | null = null;

  constructor(
    private readonly locator: Locator,
    /** For value nodes: the JSON value; for property nodes: the property's value; for key nodes: the key. */
    readonly rawValue: unknown,
    /** The object or array holding this node (for property and key nodes: the object). */
    private readonly container: LazyJsonNode | undefined,
    private readonly role: Role,
    private readonly key?: string,
    private readonly index?: number,
  ) {
    this.type = role === 'property' ? 'property' : role === 'key' ? 'string' : typeOf(rawValue);
  }

  get value(): unknown {
    return this.type === 'object' || this.type === 'array' || this.type === 'property' ? undefined : this.rawValue;
  }

  get parent(): Node | undefined {
    if (this.role === 'key') return this.container?.propertyNode(this.key!);
    if (this.role === 'value' && this.key !== undefined) return this.container?.propertyNode(this.key);
    return this.container;
  }

  get children(): Node[] | undefined {
    if (this.cachedChildren) return this.cachedChildren;
    if (this.type === 'object') {
      this.cachedChildren = Object.keys(this.rawValue as object).map((key) => this.propertyNode(key));
    } else if (this.type === 'array') {
      this.cachedChildren = (this.rawValue as unknown[]).map((_, i) => this.item(i));
    } else if (this.type === 'property') {
      this.cachedChildren = [new LazyJsonNode(this.locator, this.key, this.container, 'key', this.key), this.container!.lookup(this.key!)!];
    }
    return this.cachedChildren;
  }

  /** The value node of an object's property, without building the object's other property nodes. */
  lookup(key: string): LazyJsonNode | undefined {
    if (this.type !== 'object' || !Object.prototype.hasOwnProperty.call(this.rawValue, key)) return undefined;
    // A plain object keyed by property name: segment objects share a few shapes, so V8 keeps these caches fast.
    // `__proto__` is the one key such an object cannot hold as data: that node is simply not cached. (No closure
    // here: this is the hottest function of a large validation.)
    const cache = key === '__proto__' ? undefined : (this.cachedValues ??= {});
    if (cache && Object.prototype.hasOwnProperty.call(cache, key)) return cache[key];
    const node = new LazyJsonNode(this.locator, (this.rawValue as Record<string, unknown>)[key], this, 'value', key);
    if (cache) cache[key] = node;
    return node;
  }

  /** The property node of `key` in an object node. */
  propertyNode(key: string): LazyJsonNode {
    const valueNode = this.lookup(key)!;
    return (valueNode.cachedProperty ??= new LazyJsonNode(this.locator, valueNode.rawValue, this, 'property', key));
  }

  item(index: number): LazyJsonNode {
    this.cachedItems ??= [];
    return (this.cachedItems[index] ??= new LazyJsonNode(this.locator, (this.rawValue as unknown[])[index], this, 'value', undefined, index));
  }

  get offset(): number {
    return this.real()?.offset ?? 0;
  }

  get length(): number {
    return this.real()?.length ?? 0;
  }

  get colonOffset(): number | undefined {
    return this.real()?.colonOffset;
  }

  private real(): Node | undefined {
    if (this.realNode !== null) return this.realNode;
    let found: Node | undefined;
    if (!this.container) {
      found = this.locator.root();
    } else {
      const container = this.container.real();
      if (this.index !== undefined) found = container?.children?.[this.index];
      else {
        const property = lastProperty(container, this.key!);
        found = this.role === 'property' ? property : property?.children?.[this.role === 'key' ? 0 : 1];
      }
    }
    this.realNode = found;
    return found;
  }
}

/** A lazily located tree over `value`, which must be `JSON.parse(text)`. */
export function lazyJsonTree(text: string, value: unknown): Node {
  return new LazyJsonNode(new Locator(text), value, undefined, 'value');
}
