// Converts the language core's plain data (offset ranges) into LSP types (line/character positions).
import {
  CompletionItemKind, DiagnosticSeverity, InsertTextFormat, MarkupKind, SymbolKind as LspSymbolKind,
  type CodeAction, type CompletionItem, type Diagnostic, type DocumentSymbol, type Hover, type Range,
  type SignatureHelp, type TextEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CompletionKind, CoreCompletion, CoreDiagnostic, CoreEdit, CoreHover, CoreSignatureHelp, CoreSymbol, OffsetRange,
  Severity, SymbolKind,
} from './language/common/coreTypes';

export const DIAGNOSTIC_SOURCE = 'segment-workbench';

export function toRange(doc: TextDocument, range: OffsetRange): Range {
  return { start: doc.positionAt(range.start), end: doc.positionAt(range.end) };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Fixes travel in `data` so that code actions can be answered without re-validating. */
export interface DiagnosticData {
  fixes: { title: string; preferred?: boolean; edits: { range: Range; newText: string }[] }[];
}

export function toDiagnostic(doc: TextDocument, d: CoreDiagnostic): Diagnostic {
  const data: DiagnosticData | undefined = d.fixes?.length
    ? { fixes: d.fixes.map((f) => ({ title: f.title, preferred: f.preferred, edits: f.edits.map((e) => toTextEdit(doc, e)) })) }
    : undefined;
  return { range: toRange(doc, d.range), severity: SEVERITY[d.severity], message: d.message, code: d.code, source: DIAGNOSTIC_SOURCE, data };
}

export function toTextEdit(doc: TextDocument, e: CoreEdit): TextEdit {
  return { range: toRange(doc, e.range), newText: e.newText };
}

export function codeActionsFor(uri: string, diagnostics: Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const data = diagnostic.data as DiagnosticData | undefined;
    for (const fix of data?.fixes ?? []) {
      out.push({ title: fix.title, kind: 'quickfix', diagnostics: [diagnostic], isPreferred: fix.preferred, edit: { changes: { [uri]: fix.edits } } });
    }
  }
  return out;
}

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  keyword: CompletionItemKind.Keyword,
  function: CompletionItemKind.Function,
  method: CompletionItemKind.Method,
  field: CompletionItemKind.Field,
  variable: CompletionItemKind.Variable,
  snippet: CompletionItemKind.Snippet,
  operator: CompletionItemKind.Operator,
  constant: CompletionItemKind.Constant,
};

export function toCompletionItem(doc: TextDocument, c: CoreCompletion, fallbackRange: Range): CompletionItem {
  const range = c.replace ? toRange(doc, c.replace) : fallbackRange;
  return {
    label: c.label,
    kind: COMPLETION_KIND[c.kind],
    detail: c.detail,
    documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
    insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range, newText: c.insertText ?? c.label },
    additionalTextEdits: c.additionalEdits?.map((e) => toTextEdit(doc, e)),
    sortText: c.sortText,
    filterText: c.filterText,
  };
}

export function toHover(doc: TextDocument, h: CoreHover): Hover {
  return { range: toRange(doc, h.range), contents: { kind: MarkupKind.Markdown, value: h.markdown } };
}

export function toSignatureHelp(s: CoreSignatureHelp): SignatureHelp {
  return {
    activeSignature: s.activeSignature,
    activeParameter: s.activeParameter,
    signatures: s.signatures.map((sig) => ({
      label: sig.label,
      documentation: sig.documentation ? { kind: MarkupKind.Markdown, value: sig.documentation } : undefined,
      parameters: sig.parameters.map((p) => ({ label: p.label, documentation: p.documentation })),
    })),
  };
}

const SYMBOL_KIND: Record<SymbolKind, LspSymbolKind> = {
  object: LspSymbolKind.Object,
  array: LspSymbolKind.Array,
  function: LspSymbolKind.Function,
  field: LspSymbolKind.Field,
  constant: LspSymbolKind.Constant,
  namespace: LspSymbolKind.Namespace,
  event: LspSymbolKind.Event,
  operator: LspSymbolKind.Operator,
};

export function toDocumentSymbol(doc: TextDocument, s: CoreSymbol): DocumentSymbol {
  return {
    name: s.name || '(unnamed)',
    detail: s.detail,
    kind: SYMBOL_KIND[s.kind],
    range: toRange(doc, s.range),
    selectionRange: toRange(doc, s.selectionRange),
    children: s.children.map((c) => toDocumentSymbol(doc, c)),
  };
}
