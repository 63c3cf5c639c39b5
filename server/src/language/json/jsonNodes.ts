// Small helpers over jsonc-parser's syntax tree shared by the semantic rules: finding properties, turning nodes into
// offset ranges, and building the text edits of quick fixes without re-serialising untouched text.
import { getNodeValue, type Node } from 'jsonc-parser';
import type { CoreEdit, OffsetRange } from '../common/coreTypes';

export function rangeOf(node: Node): OffsetRange {
  return { start: node.offset, end: node.offset + node.length };
}

/** A tree that can answer property look-ups without building every property node (json/lazyJsonTree.ts). */
interface FastLookup {
  lookup(key: string): Node | undefined;
  item(index: number): Node;
  rawValue: unknown;
}

function fast(node: Node | undefined): FastLookup | undefined {
  return node && typeof (node as Partial<FastLookup>).lookup === 'function' ? (node as unknown as FastLookup) : undefined;
}

/** The `property` node of `key` in an object node. The last one wins, as in JSON.parse (and so in ajv's view). */
export function propertyNode(object: Node | undefined, key: string): Node | undefined {
  if (object?.type !== 'object') return undefined;
  const lazy = fast(object);
  if (lazy) return lazy.lookup(key)?.parent;
  let found: Node | undefined;
  for (const property of object.children ?? []) {
    if (property.children?.[0]?.value === key) found = property;
  }
  return found;
}

/** The value node of `key` in an object node. */
export function propertyValue(object: Node | undefined, key: string): Node | undefined {
  const lazy = fast(object);
  if (lazy) return object?.type === 'object' ? lazy.lookup(key) : undefined;
  return propertyNode(object, key)?.children?.[1];
}

/** The property node (key + value) that holds `valueNode`, if it is a property value. */
export function propertyOf(valueNode: Node): Node | undefined {
  return valueNode.parent?.type === 'property' ? valueNode.parent : undefined;
}

/** The key node of a property. */
export function keyOf(property: Node): Node | undefined {
  return property.children?.[0];
}

/** The property nodes of an object node, in document order. */
export function propertiesOf(object: Node | undefined): Node[] {
  return object?.type === 'object' ? (object.children ?? []).filter((p) => p.type === 'property') : [];
}

export function stringOf(node: Node | undefined): string | undefined {
  return node?.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

/** The plain value of a node (object, array or scalar). */
export function valueOf(node: Node | undefined): unknown {
  const lazy = fast(node);
  if (lazy) return lazy.rawValue;
  return node ? getNodeValue(node) : undefined;
}

export function replaceEdit(node: Node, newText: string): CoreEdit {
  return { range: rangeOf(node), newText };
}

export function insertEdit(offset: number, newText: string): CoreEdit {
  return { range: { start: offset, end: offset }, newText };
}

/**
 * Removes one member (a property of an object or an element of an array) together with the comma that joins it to
 * its neighbour, so that the result stays valid JSON.
 */
export function removeMemberEdit(member: Node): CoreEdit {
  const siblings = member.parent?.children ?? [member];
  const index = siblings.indexOf(member);
  const next = siblings[index + 1];
  const previous = siblings[index - 1];
  if (next) return { range: { start: member.offset, end: next.offset }, newText: '' };
  if (previous) return { range: { start: previous.offset + previous.length, end: member.offset + member.length }, newText: '' };
  return { range: rangeOf(member), newText: '' };
}

/** JSON text of a node's value on one line: used when a fix moves a whole node (comments inside it are dropped). */
export function compactJson(node: Node): string {
  return JSON.stringify(getNodeValue(node));
}

/** An array's elements as raw values, with their nodes built only when asked for (a rule that flags one element). */
export interface ArrayView {
  readonly length: number;
  raw(index: number): unknown;
  node(index: number): Node;
}

export function arrayView(array: Node | undefined): ArrayView {
  if (array?.type !== 'array') return { length: 0, raw: () => undefined, node: () => { throw new RangeError('empty array view'); } };
  const lazy = fast(array);
  if (lazy) {
    const values = lazy.rawValue as unknown[];
    return { length: values.length, raw: (i) => values[i], node: (i) => lazy.item(i) };
  }
  const children = array.children ?? [];
  return { length: children.length, raw: (i) => (children[i].type === 'object' || children[i].type === 'array' ? getNodeValue(children[i]) : children[i].value), node: (i) => children[i] };
}
