// The outline: CJA containers and predicates as a tree, Unleash constraints, the AEP definition's parts.
// Recursion is bounded by the parser's depth limit (MAX_JSON_DEPTH).
import { getNodeValue, type Node } from 'jsonc-parser';
import type { CoreSymbol, SymbolKind } from '../common/coreTypes';
import { propertyValue } from './jsonNodes';
import type { JsonKind } from './schemaRegistry';

const CHILD_KEYS = ['definition', 'container', 'pred', 'preds', 'stream', 'checkpoints', 'val', 'evt', 'field'];

export function jsonSymbols(kind: JsonKind, root: Node | undefined): CoreSymbol[] {
  if (!root || root.type !== 'object') return [];
  switch (kind) {
    case 'cja': return cjaSymbols(root);
    case 'unleash': return unleashSymbols(root);
    case 'aep': return aepSymbols(root);
  }
}

function symbol(name: string, kind: SymbolKind, node: Node, selection: Node, children: CoreSymbol[] = [], detail?: string): CoreSymbol {
  return {
    name,
    detail,
    kind,
    range: { start: node.offset, end: node.offset + node.length },
    selectionRange: { start: selection.offset, end: selection.offset + selection.length },
    children,
  };
}

function cjaSymbols(root: Node): CoreSymbol[] {
  const definition = propertyValue(root, 'definition');
  const top: CoreSymbol[] = [];
  const name = propertyValue(root, 'name');
  if (name && typeof name.value === 'string') top.push(symbol(name.value, 'constant', name, name));
  const tree = funcSymbol(definition ?? root);
  if (tree) top.push(tree);
  return top;
}

function funcSymbol(node: Node): CoreSymbol | undefined {
  if (node.type !== 'object') return undefined;
  const funcNode = propertyValue(node, 'func');
  const func = typeof funcNode?.value === 'string' ? funcNode.value : undefined;
  const children: CoreSymbol[] = [];
  for (const key of CHILD_KEYS) {
    const child = propertyValue(node, key);
    if (!child) continue;
    if (child.type === 'array') {
      for (const item of child.children ?? []) {
        const s = funcSymbol(item);
        if (s) children.push(s);
      }
    } else {
      const s = funcSymbol(child);
      if (s) children.push(s);
    }
  }
  if (!func) return children.length ? symbol('(object)', 'object', node, node, children) : undefined;
  return symbol(labelOf(func, node), kindOf(func), node, funcNode ?? node, children, detailOf(node));
}

function labelOf(func: string, node: Node): string {
  const context = propertyValue(node, 'context')?.value;
  const name = propertyValue(node, 'name')?.value;
  if (typeof context === 'string') return `${func} (${context})`;
  if (typeof name === 'string') return `${func} ${name}`;
  return func;
}

function detailOf(node: Node): string | undefined {
  for (const key of ['str', 'num', 'glob', 'list', 'count', 'description']) {
    const v = propertyValue(node, key);
    if (v) {
      const text = JSON.stringify(getNodeValue(v));
      return text.length > 60 ? text.slice(0, 57) + '…' : text;
    }
  }
  return undefined;
}

function kindOf(func: string): SymbolKind {
  if (func === 'segment' || func === 'segment-def' || func === 'container') return 'namespace';
  if (func === 'attr') return 'field';
  if (func === 'event' || func === 'total' || func === 'total-distinct') return 'event';
  if (['and', 'or', 'without'].includes(func) || func.startsWith('sequence')) return 'operator';
  return 'function';
}

function unleashSymbols(root: Node): CoreSymbol[] {
  const out: CoreSymbol[] = [];
  const name = propertyValue(root, 'name');
  const constraints = propertyValue(root, 'constraints');
  const children = (constraints?.children ?? []).map((c, i) => {
    const context = propertyValue(c, 'contextName')?.value ?? '?';
    const operator = propertyValue(c, 'operator')?.value ?? '?';
    const values = propertyValue(c, 'values') ?? propertyValue(c, 'value');
    const detail = values ? JSON.stringify(getNodeValue(values)) : undefined;
    return symbol(`${String(context)} ${String(operator)}`, 'function', c, c, [], detail && detail.length > 60 ? detail.slice(0, 57) + '…' : detail ?? `constraint ${i + 1}`);
  });
  const label = typeof name?.value === 'string' ? name.value : 'segment';
  out.push(symbol(label, 'namespace', root, name ?? root, constraints ? [symbol('constraints', 'array', constraints, constraints, children)] : []));
  return out;
}

function aepSymbols(root: Node): CoreSymbol[] {
  const name = propertyValue(root, 'name');
  const children: CoreSymbol[] = [];
  for (const key of ['expression', 'schema', 'evaluationInfo', 'ttlInDays', 'mergePolicyId']) {
    const v = propertyValue(root, key);
    if (!v) continue;
    const expressionValue = key === 'expression' ? propertyValue(v, 'value')?.value : undefined;
    const detail = typeof expressionValue === 'string' ? (expressionValue.length > 60 ? expressionValue.slice(0, 57) + '…' : expressionValue) : undefined;
    children.push(symbol(key, key === 'expression' ? 'function' : 'field', v.parent ?? v, v.parent?.children?.[0] ?? v, [], detail));
  }
  const label = typeof name?.value === 'string' ? name.value : 'segment definition';
  return [symbol(label, 'namespace', root, name ?? root, children)];
}
