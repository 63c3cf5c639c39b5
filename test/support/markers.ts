// Cursor-marker fixtures: `|` marks a cursor and `[[ ... ]]` a range in a test text; both are removed from the text.
// Use `\|` for a literal bar. Offsets refer to the cleaned text.

export interface MarkedText {
  text: string;
  /** Offset of the `|` marker, if any. */
  cursor: number | undefined;
  /** The `[[ ]]` ranges in order. */
  ranges: { start: number; end: number }[];
}

export function parseMarkers(source: string): MarkedText {
  let text = '';
  let cursor: number | undefined;
  const ranges: { start: number; end: number }[] = [];
  const open: number[] = [];
  for (let i = 0; i < source.length; i++) {
    if (source.startsWith('\\|', i)) {
      text += '|';
      i++;
    } else if (source[i] === '|') {
      if (cursor !== undefined) throw new Error('More than one cursor marker in fixture');
      cursor = text.length;
    } else if (source.startsWith('[[', i)) {
      open.push(text.length);
      i++;
    } else if (source.startsWith(']]', i) && open.length) {
      ranges.push({ start: open.pop()!, end: text.length });
      i++;
    } else {
      text += source[i];
    }
  }
  if (open.length) throw new Error('Unclosed [[ marker in fixture');
  ranges.sort((a, b) => a.start - b.start);
  return { text, cursor, ranges };
}

/** The text a range covers, for readable assertion messages. */
export function slice(text: string, range: { start: number; end: number }): string {
  return text.slice(range.start, range.end);
}
