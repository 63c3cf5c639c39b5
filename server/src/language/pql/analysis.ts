// One analysed text: the parse and the check, computed together and cached by the service.
import type { CoreDiagnostic } from '../common/coreTypes';
import { check, type CheckResult } from './checker';
import type { FieldCatalogue } from './fields';
import { MAX_DIAGNOSTICS } from './grammarChoices';
import { parse, type ParseResult } from './parser';

export interface Analysis {
  text: string;
  parsed: ParseResult;
  checked: CheckResult;
}

export function analyse(text: string, fields: FieldCatalogue, isCancelled?: () => boolean): Analysis {
  const parsed = parse(text);
  const checked = check(parsed, fields, { isCancelled });
  return { text, parsed, checked };
}

/** Syntax diagnostics first, then semantic ones; capped. */
export function allDiagnostics(parsed: ParseResult, semantic: CoreDiagnostic[]): CoreDiagnostic[] {
  const out = [...parsed.diagnostics, ...semantic];
  return out.length > MAX_DIAGNOSTICS ? out.slice(0, MAX_DIAGNOSTICS) : out;
}
