// Cursor-marker fixtures: `[[` and `]]` mark expected ranges, `|` marks the cursor. The markers are removed and
// their offsets (in the cleaned text) returned. Where the PQL itself contains `[[` or `]]` (nested filters), mark
// ranges with `⟦` and `⟧` instead. Write `||` for a literal `|`.
export interface Marked {
  text: string;
  ranges: { start: number; end: number }[];
  cursor: number;
}

export function marked(source: string): Marked {
  let text = '';
  const ranges: { start: number; end: number }[] = [];
  const open: number[] = [];
  let cursor = -1;
  const alt = source.includes('⟦');
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '⟦') { open.push(text.length); continue; }
    if (source[i] === '⟧') { ranges.push({ start: open.pop()!, end: text.length }); continue; }
    if (!alt && source.startsWith('[[', i)) { open.push(text.length); i++; continue; }
    if (!alt && source.startsWith(']]', i) && open.length) { ranges.push({ start: open.pop()!, end: text.length }); i++; continue; }
    if (source.startsWith('||', i)) { text += '|'; i++; continue; }
    if (source[i] === '|') { cursor = text.length; continue; }
    text += source[i];
  }
  if (open.length) throw new Error(`unclosed [[ in fixture: ${source}`);
  ranges.sort((a, b) => a.start - b.start || a.end - b.end);
  return { text, ranges, cursor };
}

/** Applies edits (non-overlapping, any order) to a text. */
export function applyEdits(text: string, edits: { range: { start: number; end: number }; newText: string }[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}
