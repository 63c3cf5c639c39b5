// The language server: a thin LSP layer over SegmentLanguageService. It tracks open documents, decides each one's
// kind, validates after a short pause in typing (stale results are dropped when a newer version arrives), and answers
// completion, hover, signature help, symbols, formatting, quick fixes and semantic tokens.
// Started as `node dist/server.js --stdio` (CLI tools, tests) or over IPC by the VS Code client.
import {
  createConnection, ProposedFeatures, SemanticTokensBuilder, TextDocuments, TextDocumentSyncKind,
  type Connection, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SegmentLanguageService, type SegmentDocument } from './language/segmentLanguageService';
import { detectKind, kindFromPath, type DocumentKind } from './language/documentKind';
import { PQL_SEMANTIC_TOKEN_TYPES } from './language/pql';
import { DEFAULT_SERVER_SETTINGS, Protocol, type ServerSettings } from './protocol';
import {
  codeActionsFor, toCompletionItem, toDiagnostic, toDocumentSymbol, toHover, toRange, toSignatureHelp, toTextEdit,
} from './lspConvert';
import { componentFromRow } from './language/json/components';
import type { CoreDiagnostic } from './language/common/coreTypes';

const VALIDATION_DELAY_MS = 150;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const service = new SegmentLanguageService();
  let settings: ServerSettings = DEFAULT_SERVER_SETTINGS;
  const pendingValidation = new Map<string, NodeJS.Timeout>();

  /** Runs a handler, logging instead of crashing on any unexpected error. */
  function guarded<T>(what: string, fallback: T, run: () => T): T {
    try {
      return run();
    } catch (error) {
      connection.console.error(`${what} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return fallback;
    }
  }

  // Content detection parses the document: remember its answer per version, so requests do not repeat it.
  const kinds = new Map<string, { version: number; kind: DocumentKind | undefined }>();

  function kindOf(doc: TextDocument): DocumentKind | undefined {
    const cached = kinds.get(doc.uri);
    if (cached && cached.version === doc.version) return cached.kind;
    const path = pathOf(doc.uri);
    const kind = doc.languageId === 'pql'
      ? 'pql'
      : settings.detectByContent
        ? detectKind(path, doc.getText(), settings.fileAssociations)
        : kindFromPath(path, settings.fileAssociations);
    kinds.set(doc.uri, { version: doc.version, kind });
    return kind;
  }

  function segmentDocument(doc: TextDocument): SegmentDocument | undefined {
    const kind = kindOf(doc);
    return kind ? { path: pathOf(doc.uri), text: doc.getText(), kind } : undefined;
  }

  function scheduleValidation(doc: TextDocument): void {
    clearTimeout(pendingValidation.get(doc.uri));
    pendingValidation.set(doc.uri, setTimeout(() => {
      pendingValidation.delete(doc.uri);
      void validate(doc.uri, doc.version);
    }, VALIDATION_DELAY_MS));
  }

  async function validate(uri: string, version: number): Promise<void> {
    const doc = documents.get(uri);
    if (!doc || doc.version !== version) return;
    const isStale = () => documents.get(uri)?.version !== version;
    const target = settings.validationEnabled ? segmentDocument(doc) : undefined;
    let diagnostics: CoreDiagnostic[] = [];
    if (target) {
      // Between stages the event loop runs, so a newer version (or any other request) is seen; stale work stops.
      const steps = service.validationSteps(target);
      try {
        let step = steps.next();
        while (!step.done) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          if (isStale()) return;
          step = steps.next();
        }
        diagnostics = step.value;
      } catch (error) {
        connection.console.error(`validation failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        diagnostics = [];
      }
    }
    if (isStale()) return;
    void connection.sendDiagnostics({ uri, version, diagnostics: diagnostics.map((d) => toDiagnostic(doc, d)) });
  }

  connection.onInitialize((params): InitializeResult => {
    settings = { ...DEFAULT_SERVER_SETTINGS, ...(params.initializationOptions?.settings as Partial<ServerSettings> | undefined) };
    service.pqlRequireBoolean = settings.pqlRequireBoolean;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['"', ':', '.', ' ', '/', '['], resolveProvider: false },
        hoverProvider: true,
        signatureHelpProvider: { triggerCharacters: ['(', ','] },
        documentSymbolProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        semanticTokensProvider: { legend: { tokenTypes: [...PQL_SEMANTIC_TOKEN_TYPES], tokenModifiers: [] }, full: true },
      },
      serverInfo: { name: 'segment-workbench-language-server' },
    };
  });

  connection.onNotification(Protocol.didChangeSettings, (next: Partial<ServerSettings>) => {
    settings = { ...DEFAULT_SERVER_SETTINGS, ...next };
    service.pqlRequireBoolean = settings.pqlRequireBoolean;
    kinds.clear();
    for (const doc of documents.all()) scheduleValidation(doc);
  });

  connection.onNotification(Protocol.addComponents, (params: { label: string; components: Parameters<typeof componentFromRow>[0][] }) => {
    // The same checks as the bundled catalogue: rows without a kind or an id are dropped, families recognised.
    const components = (params.components ?? []).map(componentFromRow).filter((c) => c !== undefined);
    service.components.addSource({ label: params.label, components: () => components });
  });

  documents.onDidChangeContent((e) => scheduleValidation(e.document));
  documents.onDidClose((e) => {
    kinds.delete(e.document.uri);
    clearTimeout(pendingValidation.get(e.document.uri));
    pendingValidation.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCompletion((params) => guarded('completion', [], () => {
    const doc = documents.get(params.textDocument.uri);
    const target = doc && segmentDocument(doc);
    if (!doc || !target) return [];
    const offset = doc.offsetAt(params.position);
    const cursor = { start: params.position, end: params.position };
    return service.complete(target, offset).map((c) => toCompletionItem(doc, c, cursor));
  }));

  connection.onHover((params) => guarded('hover', null, () => {
    const doc = documents.get(params.textDocument.uri);
    const target = doc && segmentDocument(doc);
    if (!doc || !target) return null;
    const hover = service.hover(target, doc.offsetAt(params.position));
    return hover ? toHover(doc, hover) : null;
  }));

  connection.onSignatureHelp((params) => guarded('signature help', null, () => {
    const doc = documents.get(params.textDocument.uri);
    const target = doc && segmentDocument(doc);
    if (!doc || !target) return null;
    const help = service.signatureHelp(target, doc.offsetAt(params.position));
    return help ? toSignatureHelp(help) : null;
  }));

  connection.onDocumentSymbol((params) => guarded('document symbols', [], () => {
    const doc = documents.get(params.textDocument.uri);
    const target = doc && segmentDocument(doc);
    return doc && target ? service.symbols(target).map((s) => toDocumentSymbol(doc, s)) : [];
  }));

  connection.onDocumentFormatting((params) => guarded('formatting', [], () => {
    const doc = documents.get(params.textDocument.uri);
    const target = doc && segmentDocument(doc);
    if (!doc || !target) return [];
    return service.format(target, params.options).map((e) => toTextEdit(doc, e));
  }));

  connection.onDocumentRangeFormatting((params) => guarded('range formatting', [], () => {
    const doc = documents.get(params.textDocument.uri);
    const target = doc && segmentDocument(doc);
    if (!doc || !target) return [];
    const range = { start: doc.offsetAt(params.range.start), end: doc.offsetAt(params.range.end) };
    return service.format(target, params.options, range).map((e) => toTextEdit(doc, e));
  }));

  connection.onCodeAction((params) => guarded('code actions', [], () => codeActionsFor(params.textDocument.uri, params.context.diagnostics)));

  connection.languages.semanticTokens.on((params) => guarded('semantic tokens', { data: [] }, () => {
    const doc = documents.get(params.textDocument.uri);
    const target = doc && segmentDocument(doc);
    if (!doc || !target) return { data: [] };
    const builder = new SemanticTokensBuilder();
    const types = PQL_SEMANTIC_TOKEN_TYPES as readonly string[];
    const tokens = service.semanticTokens(target).slice().sort((a, b) => a.range.start - b.range.start);
    for (const token of tokens) {
      const typeIndex = types.indexOf(token.type);
      if (typeIndex < 0) continue;
      const range = toRange(doc, token.range);
      if (range.start.line !== range.end.line) continue; // LSP tokens cannot span lines
      builder.push(range.start.line, range.start.character, range.end.character - range.start.character, typeIndex, 0);
    }
    return builder.build();
  }));

  documents.listen(connection);
  connection.listen();
}

function pathOf(uri: string): string {
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

// Entry point: vscode-languageserver picks the transport from argv (--stdio, --node-ipc, --socket=N).
if (require.main === module) {
  const connection = createConnection(ProposedFeatures.all);
  process.on('uncaughtException', (error) => connection.console.error(`Uncaught: ${error.stack ?? error.message}`));
  startServer(connection);
}
