// Cursor-marker fixtures, shared by every tier: `|` marks a cursor and `[[ ... ]]` a range in a test text; the
// markers are removed and their offsets in the cleaned text returned. `||` stands for a literal `|`.
// `]]` closes a range only where the brackets inside it balance (outside JSON strings), so a JSON array such as
// `[["a"]]` can itself be marked; where a text needs `[[` or `]]` of its own (PQL's nested filters), mark the ranges
// with `⟦` and `⟧` instead: a fixture that uses them has no `[[` markers.

export interface OffsetRange {
  start: number;
  end: number;
}

export interface Marked {
  text: string;
  /** The marked ranges, by start. */
  ranges: OffsetRange[];
  /** Offset of the `|` marker, or -1 when there is none. */
  cursor: number;
}

export function marked(source: string): Marked {
  let text = '';
  const ranges: OffsetRange[] = [];
  const open: number[] = [];
  let cursor = -1;
  const alternate = source.includes('⟦');
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '⟦') {
      open.push(text.length);
    } else if (source[i] === '⟧') {
      if (!open.length) throw new Error(`⟧ without ⟦ in fixture: ${source}`);
      ranges.push({ start: open.pop()!, end: text.length });
    } else if (!alternate && source.startsWith('[[', i)) {
      open.push(text.length);
      i++;
    } else if (!alternate && source.startsWith(']]', i) && open.length && bracketBalance(text.slice(open[open.length - 1])) === 0) {
      ranges.push({ start: open.pop()!, end: text.length });
      i++;
    } else if (source.startsWith('||', i)) {
      text += '|';
      i++;
    } else if (source[i] === '|') {
      if (cursor >= 0) throw new Error(`more than one cursor marker in fixture: ${source}`);
      cursor = text.length;
    } else {
      text += source[i];
    }
  }
  if (open.length) throw new Error(`unclosed range marker in fixture: ${source}`);
  ranges.sort((a, b) => a.start - b.start || a.end - b.end);
  return { text, ranges, cursor };
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

/** Applies non-overlapping edits (in any order) to a text, as an editor applies a fix. */
export function applyEdits(text: string, edits: { range: OffsetRange; newText: string }[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].range.end > sorted[i - 1].range.start) throw new Error('overlapping edits');
  }
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.range.start) + edit.newText + out.slice(edit.range.end);
  return out;
}

/** The text a range covers, for readable assertion messages. */
export function slice(text: string, range: OffsetRange): string {
  return text.slice(range.start, range.end);
}
