// Formatting that preserves comments (JSONC): jsonc-parser computes minimal edits, it never re-serialises values.
import { format } from 'jsonc-parser';
import type { CoreEdit, OffsetRange } from '../common/coreTypes';

export interface JsonFormatOptions {
  tabSize: number;
  insertSpaces: boolean;
  eol?: string;
}

export function formatJson(text: string, options: JsonFormatOptions, range?: OffsetRange): CoreEdit[] {
  const edits = format(text, range ? { offset: range.start, length: range.end - range.start } : undefined, {
    tabSize: options.tabSize,
    insertSpaces: options.insertSpaces,
    eol: options.eol ?? (text.includes('\r\n') ? '\r\n' : '\n'),
    insertFinalNewline: true,
    keepLines: false,
  });
  return edits.map((e) => ({ range: { start: e.offset, end: e.offset + e.length }, newText: e.content }));
}
