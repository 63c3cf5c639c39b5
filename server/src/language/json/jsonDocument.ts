// Parses a JSON/JSONC text once into a jsonc-parser tree and reports syntax errors as located diagnostics.
// jsonc-parser recurses once per nesting level, so a pre-scan measures the depth first: beyond MAX_JSON_DEPTH the
// tree is not built (a 100,000-deep document would overflow the stack) and one diagnostic says why.
import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { CoreDiagnostic } from '../common/coreTypes';
import { lazyJsonTree } from './lazyJsonTree';
import { propertyValue } from './jsonNodes';

export const MAX_JSON_DEPTH = 500;

export interface JsonDocument {
  text: string;
  /** Undefined when the text is empty or too deeply nested to analyse. */
  root: Node | undefined;
  syntaxErrors: CoreDiagnostic[];
}

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Invalid symbol: expected a JSON value, property name or punctuation.',
  InvalidNumberFormat: 'Invalid number format.',
  PropertyNameExpected: 'Expected a property name in double quotes.',
  ValueExpected: 'Expected a value (string, number, object, array, true, false or null).',
  ColonExpected: 'Expected `:` after the property name.',
  CommaExpected: 'Expected `,` between values.',
  CloseBraceExpected: 'Expected `}` to close the object.',
  CloseBracketExpected: 'Expected `]` to close the array.',
  EndOfFileExpected: 'Expected the end of the document: only one top-level value is allowed.',
  InvalidCommentToken: 'Invalid comment.',
  UnexpectedEndOfComment: 'Unterminated block comment: add `*/`.',
  UnexpectedEndOfString: 'Unterminated string: add the closing `"`.',
  UnexpectedEndOfNumber: 'Unterminated number.',
  InvalidUnicode: 'Invalid unicode escape: use `\\uXXXX` with four hex digits.',
  InvalidEscapeCharacter: 'Invalid escape character in string.',
  InvalidCharacter: 'Invalid character in string: control characters must be escaped.',
};

export function parseJsonDocument(text: string): JsonDocument {
  const tooDeep = findExcessiveNesting(text, MAX_JSON_DEPTH);
  if (tooDeep !== undefined) return tooDeepDocument(text, tooDeep);
  return parseChecked(text);
}

/**
 * For validation: a strict-JSON text (the common case) is parsed by JSON.parse into a lazily located tree, so that a
 * clean document never pays for jsonc-parser's full tree; JSONC or broken text takes the full path with its
 * syntax errors. `value` is the document's value for schema validation.
 */
export function parseJsonForValidation(text: string): JsonDocument & { value: unknown } {
  let value: unknown;
  try {
    // V8's JSON.parse does not recurse on the stack, so even a 100,000-deep text parses; the walkers after it do
    // recurse, hence the depth check on the value.
    value = JSON.parse(text);
  } catch {
    const document = parseJsonDocument(text);
    return { ...document, value: document.root ? getNodeValue(document.root) : undefined };
  }
  if (valueDepthExceeds(value, MAX_JSON_DEPTH)) {
    return { ...tooDeepDocument(text, findExcessiveNesting(text, MAX_JSON_DEPTH) ?? 0), value: undefined };
  }
  return { text, root: lazyJsonTree(text, value), syntaxErrors: [], value };
}

/** True when objects and arrays nest deeper than `limit`; iterative. */
function valueDepthExceeds(value: unknown, limit: number): boolean {
  // Two parallel stacks rather than one of pairs: no allocation per object on a large document.
  const values: unknown[] = [value];
  const depths: number[] = [1];
  while (values.length) {
    const current = values.pop();
    const depth = depths.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > limit) return true;
    if (Array.isArray(current)) {
      for (const child of current) if (child !== null && typeof child === 'object') { values.push(child); depths.push(depth + 1); }
    } else {
      for (const key in current) {
        const child = (current as Record<string, unknown>)[key];
        if (child !== null && typeof child === 'object') { values.push(child); depths.push(depth + 1); }
      }
    }
  }
  return false;
}

function tooDeepDocument(text: string, tooDeep: number): JsonDocument {
  return {
      text,
      root: undefined,
      syntaxErrors: [{
        range: { start: tooDeep, end: tooDeep + 1 },
        severity: 'error',
        message: `The document nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep here; it is not analysed further. Segment definitions are never this deep: check for a generated or corrupted file.`,
        code: 'json/too-deep',
      }],
  };
}

function parseChecked(text: string): JsonDocument {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  const syntaxErrors = errors.map((e): CoreDiagnostic => {
    const name = printParseErrorCode(e.error);
    return {
      range: { start: e.offset, end: e.offset + Math.max(1, e.length) },
      severity: 'error',
      message: SYNTAX_MESSAGES[name] ?? `JSON syntax error: ${name}.`,
      code: 'json/syntax',
    };
  });
  return { text, root, syntaxErrors };
}

/**
 * Returns the offset of the first bracket that opens nesting level `limit + 1`, skipping strings and comments,
 * or undefined when the text stays within the limit. Linear, no recursion.
 */
export function findExcessiveNesting(text: string, limit: number): number | undefined {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      for (i++; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c === 92 /* \ */) i++;
        else if (c === 34 || c === 10) break;
      }
    } else if (ch === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10) i++;
    } else if (ch === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 1;
    } else if (ch === 123 /* { */ || ch === 91 /* [ */) {
      depth++;
      if (depth > limit) return i;
    } else if (ch === 125 /* } */ || ch === 93 /* ] */) {
      if (depth > 0) depth--;
    }
  }
  return undefined;
}

/** The node a JSON path leads to, or undefined. Tolerates a partial tree. */
export function nodeAtPath(root: Node | undefined, path: readonly (string | number)[]): Node | undefined {
  let node = root;
  for (const segment of path) {
    if (!node) return undefined;
    if (node.type === 'object' && typeof segment === 'string') node = propertyValue(node, segment);
    else if (node.type === 'array' && typeof segment === 'number') node = node.children?.[segment];
    else return undefined;
  }
  return node;
}

/** Converts a JSON Pointer (`/a/0/b`) to path segments, numbers for array indexes when the tree says so. */
export function pointerToPath(pointer: string): string[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Walks a pointer through the tree, using each node's type to tell array indexes from keys. */
export function nodeAtPointer(root: Node | undefined, pointer: string): Node | undefined {
  let node = root;
  for (const segment of pointerToPath(pointer)) {
    if (!node) return undefined;
    node = nodeAtPath(node, [node.type === 'array' ? Number(segment) : segment]);
  }
  return node;
}
