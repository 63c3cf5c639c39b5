// PQL inside an AEP segment definition: the string value of `expression.value` when `expression.format` is
// `pql/text` (or absent). Results of the PQL service are mapped through the JSON string's escapes.
import type { Node } from 'jsonc-parser';
import { propertyValue } from './jsonNodes';
import { decodeJsonString, type DecodedString } from './jsonStringMap';

export interface EmbeddedPql {
  /** The string node holding the expression (quotes included). */
  node: Node;
  decoded: DecodedString;
}

export function findEmbeddedPql(root: Node | undefined, documentText: string): EmbeddedPql | undefined {
  const expression = propertyValue(root, 'expression');
  const value = propertyValue(expression, 'value');
  if (!value || value.type !== 'string') return undefined;
  const format = propertyValue(expression, 'format')?.value;
  if (format !== undefined && format !== 'pql/text') return undefined;
  return { node: value, decoded: decodeJsonString(documentText, value.offset, value.length) };
}

/** True when `offset` lies between the quotes of the embedded expression. */
export function containsOffset(embedded: EmbeddedPql, offset: number): boolean {
  return offset > embedded.node.offset && offset < embedded.node.offset + embedded.node.length + (isTerminated(embedded) ? 0 : 1);
}

function isTerminated(embedded: EmbeddedPql): boolean {
  return embedded.node.length >= 2;
}
