// Shared helpers of the schema and rule tests: the ajv set-up the engine uses, `[[`/`]]` range markers in fixture
// texts, and applying a fix's edits to a text.
import Ajv from 'ajv';
import { parseTree, type Node } from 'jsonc-parser';
import type { CoreDiagnostic, CoreEdit, OffsetRange } from '../../../server/src/language/common/coreTypes';
import { createAjv as createEngineAjv, SCHEMAS, type JsonSchema } from '../../../server/src/language/json/schemaRegistry';

export type Schema = JsonSchema;
export { SCHEMAS };

/** The engine's ajv (strict, discriminator, all errors, the annotation keywords), with the three schemas added. */
export function createAjv(): Ajv {
  const ajv = createEngineAjv();
  for (const schema of Object.values(SCHEMAS)) ajv.addSchema(schema);
  return ajv;
}

let shared: Ajv | undefined;
export function sharedAjv(): Ajv {
  shared ??= createAjv();
  return shared;
}

export function validatorOf(kind: keyof typeof SCHEMAS, pointer = '') {
  const validate = sharedAjv().getSchema(`${SCHEMAS[kind].$id}${pointer ? `#${pointer}` : ''}`);
  if (!validate) throw new Error(`no schema ${kind} ${pointer}`);
  return validate;
}

/**
 * Text with `[[` and `]]` markers around expected ranges -> the plain text and the ranges, in order. A `]]` closes a
 * marker only when the brackets of the marked text are balanced, so a marked array reads `[[[1, 2]]]` and a marked
 * last element `["a", [["b"]]]`.
 */
export function marked(source: string): { text: string; ranges: OffsetRange[] } {
  let text = '';
  const ranges: OffsetRange[] = [];
  const open: number[] = [];
  for (let i = 0; i < source.length; i++) {
    if (source.startsWith('[[', i)) {
      open.push(text.length);
      i++;
    } else if (source.startsWith(']]', i) && open.length && bracketBalance(text.slice(open[open.length - 1])) === 0) {
      const start = open.pop() as number;
      ranges.push({ start, end: text.length });
      i++;
    } else {
      text += source[i];
    }
  }
  if (open.length) throw new Error('unbalanced [[');
  ranges.sort((a, b) => a.start - b.start);
  return { text, ranges };
}

/** Open `[` minus `]` outside JSON strings. */
function bracketBalance(text: string): number {
  let balance = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[') balance++;
    else if (c === ']') balance--;
  }
  return balance;
}

export function tree(text: string): Node {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root) throw new Error('no JSON tree');
  return root;
}

export function applyEdits(text: string, edits: CoreEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].range.end > sorted[i - 1].range.start) throw new Error('overlapping edits');
  }
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.range.start) + edit.newText + out.slice(edit.range.end);
  return out;
}

/** The diagnostics of one code. */
export function withCode(diagnostics: CoreDiagnostic[], code: string): CoreDiagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

/** Expands a VS Code snippet string to its default text: `${1:x}` -> x, `${1|a,b|}` -> a, `$1` -> ''. */
export function expandSnippet(snippet: string): string {
  let out = snippet;
  for (let i = 0; i < 10 && /\$\{\d+[:|]/.test(out); i++) {
    out = out.replace(/\$\{\d+:([^{}]*)\}/g, '$1').replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1');
  }
  return out.replace(/\$\{\d+\}|\$\d+/g, '');
}

/** Text a defaultSnippets body inserts, as vscode-json-languageservice builds it (`^` = raw string), then expanded. */
export function snippetBodyText(body: unknown): string {
  const json = JSON.stringify(body, (_key, value: unknown) => value);
  // Raw strings (`"^..."`) lose their quotes and the caret; others stay JSON strings.
  const raw = json.replace(/"\^((?:[^"\\]|\\.)*)"/g, (_m, inner: string) => JSON.parse(`"${inner}"`) as string);
  return expandSnippet(raw);
}
