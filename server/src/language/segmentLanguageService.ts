// The language core's front door: given a document (path, text, kind) it returns diagnostics, completions, hovers,
// symbols, formatting edits and semantic tokens as plain data. The LSP server and the CLI are thin layers over it.
import { getNodeValue } from 'jsonc-parser';
import type {
  CoreCompletion, CoreDiagnostic, CoreEdit, CoreHover, CoreSemanticToken, CoreSignatureHelp, CoreSymbol, OffsetRange,
} from './common/coreTypes';
import type { DocumentKind } from './documentKind';
import { parseJsonDocument, parseJsonForValidation, type JsonDocument } from './json/jsonDocument';
import { validateAgainstSchema } from './json/schemaValidation';
import { SCHEMAS, type JsonKind } from './json/schemaRegistry';
import { SchemaNavigator } from './json/schemaNavigator';
import { completeJson } from './json/jsonCompletion';
import { hoverJson } from './json/jsonHover';
import { jsonSymbols } from './json/jsonSymbols';
import { formatJson, type JsonFormatOptions } from './json/jsonFormatting';
import { ComponentCatalogue } from './json/components';
import { containsOffset, findEmbeddedPql, type EmbeddedPql } from './json/embeddedPql';
import { escapeForJsonString, toDecodedOffset, toDocumentRange } from './json/jsonStringMap';
import { checkCjaDocument } from './json/rules/cjaRules';
import { checkUnleashDocument } from './json/rules/unleashRules';
import { checkAepDocument } from './json/rules/aepRules';
import { PqlLanguageService } from './pql';

export interface SegmentDocument {
  /** File path or URI path: used for messages only. */
  path: string;
  text: string;
  kind: DocumentKind;
}

export type IsCancelled = () => boolean;

const RULES: Record<JsonKind, (root: NonNullable<JsonDocument['root']>) => CoreDiagnostic[]> = {
  cja: checkCjaDocument,
  unleash: checkUnleashDocument,
  aep: checkAepDocument,
};

export class SegmentLanguageService {
  readonly pql: PqlLanguageService;
  readonly components: ComponentCatalogue;
  private readonly navigators = new Map<JsonKind, SchemaNavigator>();
  private lastParse: JsonDocument | undefined;
  private lastValue: { value: unknown } | undefined;
  /** Whether the PQL of an AEP definition must be a boolean expression (a segment predicate). */
  pqlRequireBoolean = true;

  constructor(options: { pql?: PqlLanguageService; components?: ComponentCatalogue } = {}) {
    this.pql = options.pql ?? new PqlLanguageService();
    this.components = options.components ?? new ComponentCatalogue();
  }

  validate(doc: SegmentDocument, isCancelled: IsCancelled = () => false): CoreDiagnostic[] {
    const steps = this.validationSteps(doc);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return step.value;
      if (isCancelled()) return [];
    }
  }

  /**
   * Validation in stages (parse, rules, schema, embedded PQL), pausing between them: a caller that yields to its event
   * loop at each pause (the language server) can abandon the work as soon as a newer version of the document arrives.
   */
  *validationSteps(doc: SegmentDocument): Generator<void, CoreDiagnostic[]> {
    if (doc.kind === 'pql') return this.pql.validate(doc.text);
    const json = parseJsonForValidation(doc.text);
    if (!json.root) return json.syntaxErrors;
    yield;
    const rules = RULES[doc.kind](json.root);
    yield;
    // Rules speak more precisely than the schema: a schema error on a range a rule already reports is dropped.
    const ruleStarts = new Set(rules.map((d) => d.range.start));
    const schema = validateAgainstSchema(doc.kind, json.root, json.value).filter((d) => !ruleStarts.has(d.range.start));
    const diagnostics = [...json.syntaxErrors, ...schema, ...rules];
    if (doc.kind === 'aep') {
      yield;
      diagnostics.push(...this.embeddedPqlDiagnostics(json));
    }
    return diagnostics;
  }

  complete(doc: SegmentDocument, offset: number): CoreCompletion[] {
    if (doc.kind === 'pql') return this.pql.complete(doc.text, offset);
    const json = this.parse(doc.text);
    const embedded = this.embeddedAt(doc, json, offset);
    if (embedded) {
      return this.pql.complete(embedded.decoded.text, toDecodedOffset(embedded.decoded, offset)).map((item) => ({
        ...item,
        insertText: escapeForJsonString(item.insertText ?? item.label, !!item.snippet),
        replace: item.replace ? toDocumentRange(embedded.decoded, item.replace) : undefined,
        additionalEdits: item.additionalEdits?.map((e) => ({ range: toDocumentRange(embedded.decoded, e.range), newText: escapeForJsonString(e.newText, false) })),
      }));
    }
    return completeJson({ text: doc.text, offset, root: json.root, rootValue: this.valueOf(json), navigator: this.navigator(doc.kind), components: this.components });
  }

  hover(doc: SegmentDocument, offset: number): CoreHover | null {
    if (doc.kind === 'pql') return this.pql.hover(doc.text, offset);
    const json = this.parse(doc.text);
    const embedded = this.embeddedAt(doc, json, offset);
    if (embedded) {
      const hover = this.pql.hover(embedded.decoded.text, toDecodedOffset(embedded.decoded, offset));
      if (hover) return { ...hover, range: toDocumentRange(embedded.decoded, hover.range) };
    }
    return hoverJson(json.root, this.valueOf(json), offset, this.navigator(doc.kind), this.components);
  }

  signatureHelp(doc: SegmentDocument, offset: number): CoreSignatureHelp | null {
    if (doc.kind === 'pql') return this.pql.signatureHelp(doc.text, offset);
    const json = this.parse(doc.text);
    const embedded = this.embeddedAt(doc, json, offset);
    return embedded ? this.pql.signatureHelp(embedded.decoded.text, toDecodedOffset(embedded.decoded, offset)) : null;
  }

  symbols(doc: SegmentDocument): CoreSymbol[] {
    if (doc.kind === 'pql') return [];
    return jsonSymbols(doc.kind, this.parse(doc.text).root);
  }

  format(doc: SegmentDocument, options: JsonFormatOptions, range?: OffsetRange): CoreEdit[] {
    if (doc.kind === 'pql') return this.pql.format(doc.text);
    return formatJson(doc.text, options, range);
  }

  semanticTokens(doc: SegmentDocument): CoreSemanticToken[] {
    if (doc.kind === 'pql') return this.pql.semanticTokens(doc.text);
    if (doc.kind !== 'aep') return [];
    const embedded = findEmbeddedPql(this.parse(doc.text).root, doc.text);
    if (!embedded) return [];
    return this.pql.semanticTokens(embedded.decoded.text).map((t) => ({ ...t, range: toDocumentRange(embedded.decoded, t.range) }));
  }

  private embeddedPqlDiagnostics(json: JsonDocument): CoreDiagnostic[] {
    const embedded = findEmbeddedPql(json.root, json.text);
    if (!embedded) return [];
    return this.pql.validate(embedded.decoded.text, undefined, { expectBoolean: this.pqlRequireBoolean }).map((d) => ({
      ...d,
      range: toDocumentRange(embedded.decoded, d.range),
      fixes: d.fixes?.map((f) => ({ ...f, edits: f.edits.map((e) => ({ range: toDocumentRange(embedded.decoded, e.range), newText: escapeForJsonString(e.newText, false) })) })),
    }));
  }

  private embeddedAt(doc: SegmentDocument, json: JsonDocument, offset: number): EmbeddedPql | undefined {
    if (doc.kind !== 'aep') return undefined;
    const embedded = findEmbeddedPql(json.root, doc.text);
    return embedded && containsOffset(embedded, offset) ? embedded : undefined;
  }

  private parse(text: string): JsonDocument {
    if (this.lastParse?.text !== text) {
      this.lastParse = parseJsonDocument(text);
      this.lastValue = undefined;
    }
    return this.lastParse;
  }

  /** The value of the last parsed document, computed once. */
  private valueOf(json: JsonDocument): unknown {
    if (json !== this.lastParse) return json.root ? getNodeValue(json.root) : undefined;
    this.lastValue ??= { value: json.root ? getNodeValue(json.root) : undefined };
    return this.lastValue.value;
  }

  private navigator(kind: JsonKind): SchemaNavigator {
    let navigator = this.navigators.get(kind);
    if (!navigator) {
      navigator = new SchemaNavigator(SCHEMAS[kind]);
      this.navigators.set(kind, navigator);
    }
    return navigator;
  }
}
