// Schema-driven completion for the JSON kinds: property names valid at the cursor, discriminator values (`func`,
// `operator`) valid at that position with their required fields, enum values, examples, snippets, and analytics
// component ids for the `name` of attr/event nodes.
import { getLocation, findNodeAtOffset, type Node } from 'jsonc-parser';
import type { CoreCompletion, CoreEdit, OffsetRange } from '../common/coreTypes';
import { nodeAtPath } from './jsonDocument';
import { propertyNode, propertyValue } from './jsonNodes';
import { SchemaNavigator, describe, isRecord, type JsonPathSegment } from './schemaNavigator';
import type { JsonSchema } from './schemaRegistry';
import { placeholderFor } from './schemaValidation';
import { describeComponent, type ComponentCatalogue } from './components';

export interface JsonCompletionContext {
  text: string;
  offset: number;
  root: Node | undefined;
  navigator: SchemaNavigator;
  components: ComponentCatalogue;
  /** The document's value (cached by the caller: computing it walks the whole tree). */
  rootValue: unknown;
}

export function completeJson(ctx: JsonCompletionContext): CoreCompletion[] {
  const { text, offset, root } = ctx;
  const location = getLocation(text, offset);
  const rootValue = ctx.rootValue;
  const nodeAtCursor = root ? findNodeAtOffset(root, offset, true) : undefined;
  if (location.isAtPropertyKey) {
    const objectPath = location.path.slice(0, -1);
    return completePropertyNames(ctx, objectPath, rootValue, keyReplaceRange(nodeAtCursor, offset));
  }
  const path = location.path;
  if (!path.length && root) return [];
  const replace = valueReplaceRange(nodeAtCursor, offset);
  return completeValues(ctx, path, rootValue, replace, text.slice(replace.start, offset));
}

function keyReplaceRange(node: Node | undefined, offset: number): OffsetRange {
  if (node && node.type === 'string' && node.parent?.type === 'property' && node.parent.children?.[0] === node) {
    return { start: node.offset, end: node.offset + node.length };
  }
  return { start: offset, end: offset };
}

function valueReplaceRange(node: Node | undefined, offset: number): OffsetRange {
  if (node && (node.type === 'string' || node.type === 'number' || node.type === 'boolean' || node.type === 'null')) {
    return { start: node.offset, end: node.offset + node.length };
  }
  return { start: offset, end: offset };
}

function completePropertyNames(ctx: JsonCompletionContext, objectPath: JsonPathSegment[], rootValue: unknown, replace: OffsetRange): CoreCompletion[] {
  const schemas = ctx.navigator.schemasAt(objectPath, rootValue);
  const objectValue = valueAt(rootValue, objectPath);
  const existing = new Set(isRecord(objectValue) ? Object.keys(objectValue) : []);
  const typedKey = ctx.text.slice(replace.start, replace.end).replace(/^"|"$/g, '');
  const out = new Map<string, CoreCompletion>();
  for (const schema of schemas) {
    const required = new Set<string>(Array.isArray(schema.required) ? schema.required : []);
    for (const [key, raw] of Object.entries<JsonSchema>(schema.properties ?? {})) {
      if ((existing.has(key) && key !== typedKey) || out.has(key)) continue;
      const property = { ...ctx.navigator.deref(raw), ...raw };
      if (property.doNotSuggest) continue;
      out.set(key, {
        label: key,
        kind: 'property',
        detail: typeLabel(property),
        documentation: describe([property]),
        insertText: `${JSON.stringify(key)}: ${valueSnippet(property, ctx.navigator)}`,
        snippet: true,
        replace,
        filterText: `"${key}"`,
        sortText: `${required.has(key) ? '0' : '1'}${key}`,
      });
    }
  }
  return [...out.values()];
}

/** The text inserted after `"key": ` for a property, as a snippet. */
function valueSnippet(schema: JsonSchema, navigator: SchemaNavigator): string {
  const resolved = navigator.deref(schema) ?? schema;
  if (resolved.const !== undefined) return JSON.stringify(resolved.const);
  if (Array.isArray(resolved.enum) && resolved.enum.every((e: unknown) => typeof e === 'string')) {
    return `"\${1|${(resolved.enum as string[]).map(escapeChoice).join(',')}|}"`;
  }
  const type = Array.isArray(resolved.type) ? resolved.type[0] : resolved.type;
  if (navigator.unionOf(resolved) || type === 'object') return '{$1}';
  switch (type) {
    case 'string': return '"$1"';
    case 'array': return '[$1]';
    case 'number':
    case 'integer': return '${1:0}';
    case 'boolean': return '${1|false,true|}';
    default: return '$1';
  }
}

function completeValues(ctx: JsonCompletionContext, path: JsonPathSegment[], rootValue: unknown, replace: OffsetRange, typed: string): CoreCompletion[] {
  const { navigator } = ctx;
  const out: CoreCompletion[] = [];
  const add = (item: CoreCompletion) => {
    if (!out.some((o) => o.label === item.label)) out.push(item);
  };
  const last = path[path.length - 1];
  const parentPath = path.slice(0, -1);
  const parentValue = valueAt(rootValue, parentPath);

  // A discriminator value (`"func": "|"`): the union members valid at the object's position, inserting their required fields.
  if (typeof last === 'string') {
    const union = navigator.declaredAt(parentPath, rootValue).map((s) => navigator.unionOf(s)).find((u) => u && u.propertyName === last);
    if (union) {
      const objectNode = ctx.root ? nodeAtPath(ctx.root, parentPath) : undefined;
      for (const member of union.members) {
        if (member.schema.doNotSuggest) continue;
        add({
          label: member.tag,
          kind: 'enum',
          detail: union.title,
          documentation: describe([member.schema.properties?.[last] ?? {}, member.schema]),
          insertText: JSON.stringify(member.tag),
          replace,
          filterText: JSON.stringify(member.tag),
          sortText: member.schema['x-severity'] ? `1${member.tag}` : `0${member.tag}`,
          additionalEdits: requiredFieldEdits(member.schema, objectNode, last, navigator),
        });
      }
      return out;
    }
  }

  // Analytics component ids for the `name` of attr (dimensions) and event (metrics) nodes.
  if (last === 'name' && isRecord(parentValue) && (parentValue.func === 'attr' || parentValue.func === 'event')) {
    const kind = parentValue.func === 'attr' ? 'dimension' : 'metric';
    for (const component of ctx.components.list(kind)) {
      const family = component.family;
      add({
        label: family ? `${family.prefix}${family.from}…${family.to}${family.suffix}` : component.id,
        kind: family ? 'snippet' : 'value',
        detail: component.name,
        documentation: describeComponent(component),
        insertText: family ? `"${family.prefix}\${1:${family.from}}${family.suffix}"` : JSON.stringify(component.id),
        snippet: !!family,
        replace,
        filterText: JSON.stringify(family ? family.prefix : component.id),
      });
    }
  }

  const schemas = navigator.schemasAt(path, valueAt(rootValue, path));
  for (const schema of schemas) {
    if (schema.const !== undefined && !navigator.unionOf(schema)) {
      add({ label: JSON.stringify(schema.const), kind: 'constant', documentation: describe([schema]), insertText: JSON.stringify(schema.const), replace });
    }
    if (Array.isArray(schema.enum)) {
      schema.enum.forEach((value: unknown, i: number) => add({
        label: JSON.stringify(value),
        kind: 'enum',
        documentation: schema.markdownEnumDescriptions?.[i] ?? schema.enumDescriptions?.[i] ?? describe([schema]),
        insertText: JSON.stringify(value),
        replace,
      }));
    }
    if (Array.isArray(schema.examples)) {
      schema.examples.forEach((value: unknown, i: number) => add({
        label: JSON.stringify(value),
        kind: 'value',
        documentation: schema.markdownEnumDescriptions?.[i] ?? describe([schema]),
        insertText: JSON.stringify(value),
        replace,
      }));
    }
    if (schema.type === 'boolean') {
      for (const b of ['true', 'false']) add({ label: b, kind: 'constant', insertText: b, replace });
    }
    for (const snippet of (schema.defaultSnippets ?? []) as { label?: string; description?: string; markdownDescription?: string; body?: unknown; bodyText?: string }[]) {
      if (typed.startsWith('"')) break; // inside a string only plain values fit
      const body = snippet.bodyText ?? snippetText(snippet.body, 0);
      add({
        label: snippet.label ?? body.replace(/\s+/g, ' ').slice(0, 40),
        kind: 'snippet',
        detail: snippet.description,
        documentation: snippet.markdownDescription ?? describe([schema]),
        insertText: body,
        snippet: true,
        replace,
      });
    }
  }
  return out;
}

/** Edits that add the required fields a newly chosen union member lacks, after the discriminator property. */
function requiredFieldEdits(member: JsonSchema, objectNode: Node | undefined, tagKey: string, navigator: SchemaNavigator): CoreEdit[] | undefined {
  if (!objectNode || objectNode.type !== 'object') return undefined;
  const required: string[] = Array.isArray(member.required) ? member.required : [];
  const missing = required.filter((key) => key !== tagKey && !propertyValue(objectNode, key));
  if (!missing.length) return undefined;
  const tagProperty = propertyNode(objectNode, tagKey);
  if (!tagProperty) return undefined;
  const at = tagProperty.offset + tagProperty.length;
  const text = missing.map((key) => `, ${JSON.stringify(key)}: ${placeholderFor(navigator.deref(member.properties?.[key]))}`).join('');
  return [{ range: { start: at, end: at }, newText: text }];
}

/** Renders a defaultSnippets body (VS Code convention: strings starting with `^` are inserted raw). */
export function snippetText(body: unknown, indent: number): string {
  const pad = (n: number) => '\t'.repeat(n);
  if (typeof body === 'string') {
    if (body.startsWith('^')) return body.slice(1);
    return `"${body.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  }
  if (Array.isArray(body)) {
    if (!body.length) return '[$1]';
    return `[\n${body.map((b) => pad(indent + 1) + snippetText(b, indent + 1)).join(',\n')}\n${pad(indent)}]`;
  }
  if (isRecord(body)) {
    const entries = Object.entries(body);
    if (!entries.length) return '{$1}';
    return `{\n${entries.map(([k, v]) => `${pad(indent + 1)}${JSON.stringify(k)}: ${snippetText(v, indent + 1)}`).join(',\n')}\n${pad(indent)}}`;
  }
  return JSON.stringify(body) ?? 'null';
}

function typeLabel(schema: JsonSchema): string | undefined {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((e: unknown) => JSON.stringify(e)).slice(0, 6).join(' | ');
  if (schema.title) return String(schema.title);
  return Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type;
}

function escapeChoice(value: string): string {
  return value.replace(/[,|\\$}]/g, (c) => `\\${c}`);
}

export function valueAt(rootValue: unknown, path: readonly JsonPathSegment[]): unknown {
  let value = rootValue;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}
