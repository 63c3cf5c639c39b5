// Maps offsets between a JSON string literal as written (with escapes such as \" \\ \n \u0041) and the decoded text,
// so that a language embedded in the string (PQL in `expression.value`) reports exact ranges in the document.
import type { OffsetRange } from '../common/coreTypes';

export interface DecodedString {
  /** The decoded value. */
  text: string;
  /** rawOffsets[i] = document offset of decoded character i; rawOffsets[text.length] = offset of the closing quote. */
  rawOffsets: Int32Array;
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Decodes the literal that starts with the opening quote at `start` and spans `length` characters (quotes included). */
export function decodeJsonString(documentText: string, start: number, length: number): DecodedString {
  const end = start + length - 1; // offset of the closing quote (or the end of an unterminated literal)
  const chars: string[] = [];
  const offsets: number[] = [];
  for (let i = start + 1; i < end; i++) {
    const ch = documentText[i];
    if (ch !== '\\') {
      chars.push(ch);
      offsets.push(i);
      continue;
    }
    const next = documentText[i + 1];
    if (next === 'u') {
      const hex = documentText.slice(i + 2, i + 6);
      chars.push(/^[0-9a-fA-F]{4}$/.test(hex) ? String.fromCharCode(parseInt(hex, 16)) : '\uFFFD');
      offsets.push(i);
      i += 5;
    } else {
      chars.push(SIMPLE_ESCAPES[next] ?? next ?? '');
      offsets.push(i);
      i += 1;
    }
  }
  offsets.push(Math.max(start + 1, end));
  return { text: chars.join(''), rawOffsets: Int32Array.from(offsets) };
}

export function toDocumentRange(decoded: DecodedString, range: OffsetRange): OffsetRange {
  const clamp = (n: number) => Math.max(0, Math.min(n, decoded.text.length));
  return { start: decoded.rawOffsets[clamp(range.start)], end: decoded.rawOffsets[clamp(range.end)] };
}

/** The decoded offset of a document offset inside the literal (an offset inside an escape maps to its start). */
export function toDecodedOffset(decoded: DecodedString, documentOffset: number): number {
  const offsets = decoded.rawOffsets;
  let low = 0;
  let high = offsets.length - 1;
  if (documentOffset <= offsets[0]) return 0;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (offsets[mid] <= documentOffset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Escapes text for insertion inside a JSON string literal. Snippet text keeps its own backslash escapes. */
export function escapeForJsonString(text: string, isSnippet: boolean): string {
  const escaped = isSnippet ? text : text.replace(/\\/g, '\\\\');
  return escaped.replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}
