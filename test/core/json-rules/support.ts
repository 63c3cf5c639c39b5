// Shared helpers of the schema and rule tests: the engine's ajv with the three schemas, parsing fixtures, and
// asserting where a rule reports (range markers and applying fixes come from test/support/markers.ts).
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { parseTree, type Node } from 'jsonc-parser';
import type { CoreDiagnostic } from '../../../server/src/language/common/coreTypes';
import { marked } from '../../support/markers';
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

export function tree(text: string): Node {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root) throw new Error('no JSON tree');
  return root;
}


export { applyEdits, marked } from '../../support/markers';

/**
 * Asserts that the marked ranges of `source` are exactly where `check` reports `code` (with `severity`, if given), and
 * returns the cleaned text and those diagnostics.
 */
export function expectCodeAt(check: (text: string) => CoreDiagnostic[], source: string, code: string, severity?: CoreDiagnostic['severity']): { text: string; found: CoreDiagnostic[] } {
  const { text, ranges } = marked(source);
  const all = check(text);
  const found = withCode(all, code);
  assert.deepEqual(found.map((d) => d.range), ranges, `${code}: ${JSON.stringify(all.map((d) => [d.code, d.message]))}`);
  if (severity) for (const d of found) assert.equal(d.severity, severity, d.message);
  return { text, found };
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
