// The PQL language service: the one entry point the language server, the CLI and embedded PQL (AEP JSON) use.
// All ranges are UTF-16 offsets into the given text. The last analysis is cached by text, so validate, complete and
// hover on the same text parse and check once.
import type { CoreCompletion, CoreDiagnostic, CoreEdit, CoreHover, CoreSemanticToken, CoreSignatureHelp } from '../common/coreTypes';
import { allDiagnostics, analyse, type Analysis } from './analysis';
import { Cancelled, notBooleanDiagnostic } from './checker';
import { complete } from './completion';
import { format, hover, semanticTokens, signatureHelp } from './features';
import { bundledFieldCatalogue, type FieldCatalogue } from './fields';

export { PQL_SEMANTIC_TOKEN_TYPES } from './features';
export type { FieldCatalogue, FieldInfo, FieldRoot } from './fields';
export { TableFieldCatalogue, bundledFieldCatalogue, bundledFieldAttribution } from './fields';
export { CATALOGUE } from './catalogue';
export type { CatalogueEntry } from './catalogue';

export interface PqlValidateOptions {
  /** Report `pql/not-boolean` when the expression's known type is not Boolean (AEP segment expressions). */
  expectBoolean?: boolean;
}

export interface PqlServiceOptions {
  /** The field catalogue; default: the bundled XDM catalogue. */
  fields?: FieldCatalogue;
  /** Default for validate's expectBoolean (false: `.pql` files may hold computed-attribute expressions). */
  expectBoolean?: boolean;
}

export class PqlLanguageService {
  readonly fields: FieldCatalogue;
  private readonly expectBoolean: boolean;
  private cached: Analysis | undefined;

  constructor(options: PqlServiceOptions = {}) {
    this.fields = options.fields ?? bundledFieldCatalogue();
    this.expectBoolean = options.expectBoolean ?? false;
  }

  /** The parse and check of `text` (cached: the same text is analysed once). */
  analysis(text: string, isCancelled?: () => boolean): Analysis {
    if (this.cached && this.cached.text === text) return this.cached;
    const a = analyse(text, this.fields, isCancelled);
    this.cached = a;
    return a;
  }

  validate(text: string, isCancelled?: () => boolean, options: PqlValidateOptions = {}): CoreDiagnostic[] {
    let a: Analysis;
    try {
      a = this.analysis(text, isCancelled);
    } catch (e) {
      if (e instanceof Cancelled) return [];
      throw e;
    }
    const garbled = a.parsed.garbledFrom;
    const semantic = garbled >= 0 ? a.checked.diagnostics.filter((d) => d.range.start < garbled) : [...a.checked.diagnostics];
    if (options.expectBoolean ?? this.expectBoolean) {
      const d = notBooleanDiagnostic(a.parsed, a.checked);
      if (d) semantic.push(d);
    }
    return allDiagnostics(a.parsed, semantic);
  }

  complete(text: string, offset: number): CoreCompletion[] {
    return complete(this.analysis(text), clamp(offset, text), this.fields);
  }

  hover(text: string, offset: number): CoreHover | null {
    return hover(this.analysis(text), clamp(offset, text), this.fields);
  }

  signatureHelp(text: string, offset: number): CoreSignatureHelp | null {
    return signatureHelp(this.analysis(text), clamp(offset, text));
  }

  /** Edits that turn the text into the canonical layout (grammarChoices.ts); [] when it has syntax errors. */
  format(text: string): CoreEdit[] {
    return format(this.analysis(text));
  }

  semanticTokens(text: string): CoreSemanticToken[] {
    return semanticTokens(this.analysis(text));
  }
}

function clamp(offset: number, text: string): number {
  return Math.max(0, Math.min(offset, text.length));
}
