// Plain data returned by the language core. Every range is a pair of UTF-16 offsets into the text the core was
// given; the LSP server and the CLI turn offsets into line/column positions. Keeping offsets here lets embedded
// languages (PQL inside a JSON string) map their results through one offset table.

export interface OffsetRange {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface CoreEdit {
  range: OffsetRange;
  newText: string;
}

/** A quick fix: offered only where the fix is certain. */
export interface CoreFix {
  title: string;
  edits: CoreEdit[];
  preferred?: boolean;
}

export interface CoreDiagnostic {
  range: OffsetRange;
  severity: Severity;
  message: string;
  /** Stable identifier such as `cja/context-nesting` or `pql/unknown-function`; shown by the CLI in brackets. */
  code: string;
  fixes?: CoreFix[];
}

export type CompletionKind =
  | 'property'
  | 'value'
  | 'enum'
  | 'keyword'
  | 'function'
  | 'method'
  | 'field'
  | 'variable'
  | 'snippet'
  | 'operator'
  | 'constant';

export interface CoreCompletion {
  label: string;
  kind: CompletionKind;
  /** One line shown beside the label, e.g. a signature or a type. */
  detail?: string;
  /** Markdown documentation. */
  documentation?: string;
  /** Text to insert; a snippet when `snippet` is true (`${1:placeholder}` syntax). Defaults to `label`. */
  insertText?: string;
  snippet?: boolean;
  /** The range the insertion replaces; defaults to the word at the cursor. */
  replace?: OffsetRange;
  sortText?: string;
  filterText?: string;
  /** Further edits applied with the completion, e.g. the required fields of a chosen `func`. */
  additionalEdits?: CoreEdit[];
}

export interface CoreHover {
  range: OffsetRange;
  /** Markdown. */
  markdown: string;
}

export interface CoreSignatureHelp {
  signatures: { label: string; documentation?: string; parameters: { label: string; documentation?: string }[] }[];
  activeSignature: number;
  activeParameter: number;
}

export type SymbolKind = 'object' | 'array' | 'function' | 'field' | 'constant' | 'namespace' | 'event' | 'operator';

export interface CoreSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  range: OffsetRange;
  selectionRange: OffsetRange;
  children: CoreSymbol[];
}

/** A semantic token: `type` is one of the legend's names (see SEMANTIC_TOKEN_TYPES in the PQL module). */
export interface CoreSemanticToken {
  range: OffsetRange;
  type: string;
  modifiers?: string[];
}
