// Hover for the JSON kinds: the schema's documentation of the property, of the `func`/operator value, of an enum
// value, or of an analytics component id — the same texts completion shows.
import { findNodeAtOffset, getNodePath, getNodeValue, type Node } from 'jsonc-parser';
import type { CoreHover } from '../common/coreTypes';
import { SchemaNavigator, describe, isRecord } from './schemaNavigator';
import type { JsonSchema } from './schemaRegistry';
import { describeComponent, type ComponentCatalogue } from './components';
import { valueAt } from './jsonCompletion';

export function hoverJson(root: Node | undefined, rootValue: unknown, offset: number, navigator: SchemaNavigator, components: ComponentCatalogue): CoreHover | null {
  if (!root) return null;
  const node = findNodeAtOffset(root, offset);
  if (!node || (node.type !== 'string' && node.type !== 'number' && node.type !== 'boolean' && node.type !== 'null')) return null;
  const range = { start: node.offset, end: node.offset + node.length };
  const property = node.parent?.type === 'property' ? node.parent : undefined;
  const isKey = property?.children?.[0] === node;
  const valueNode = isKey ? property?.children?.[1] : node;
  if (!valueNode) return null;
  const path = getNodePath(valueNode);
  const key = path[path.length - 1];
  const parentPath = path.slice(0, -1);

  if (!isKey && typeof key === 'string') {
    const value = getNodeValue(valueNode);
    // The value of a discriminator: document the union member it selects.
    const union = navigator.declaredAt(parentPath, rootValue).map((s) => navigator.unionOf(s)).find((u) => u?.propertyName === key);
    const member = union?.members.find((m) => m.tag === value);
    if (member) {
      const text = describe([member.schema.properties?.[key] ?? {}, member.schema]);
      if (text) return { range, markdown: `**${key}: \`${String(value)}\`**${union?.title ? ` — ${union.title}` : ''}\n\n${text}` };
    }
    const parentValue = valueAt(rootValue, parentPath);
    if (key === 'name' && isRecord(parentValue) && (parentValue.func === 'attr' || parentValue.func === 'event') && typeof value === 'string') {
      const component = components.lookup(value);
      if (component) return { range, markdown: describeComponent(component) };
      return { range, markdown: `\`${value}\` is not a standard component id: it may be specific to your report suite or data view.` };
    }
    // An enum value: its own description.
    for (const schema of navigator.schemasAt(path, rootValue)) {
      const index = Array.isArray(schema.enum) ? schema.enum.indexOf(value) : -1;
      const text = index >= 0 ? schema.markdownEnumDescriptions?.[index] ?? schema.enumDescriptions?.[index] : undefined;
      if (text) return { range, markdown: `**${JSON.stringify(value)}**\n\n${text}` };
    }
  }
  if (!path.length) return null;
  const declared = navigator.declaredAt(path, rootValue);
  const text = describe(declared);
  if (!text) return null;
  const title = typeof key === 'string' ? `**${key}**${typeSuffix(declared)}\n\n` : '';
  return { range, markdown: title + text };
}

function typeSuffix(schemas: JsonSchema[]): string {
  const type = schemas.find((s) => s.type)?.type;
  if (!type) return '';
  return `: ${Array.isArray(type) ? type.join(' | ') : String(type)}`;
}
