// The PQL lexer: one pass over the text with charCodeAt, no regular expressions on the hot path. It never throws and
// always advances, so every input (random bytes, megabyte lines) gives a token list ending in an `eof` token.
import type { CoreDiagnostic } from '../common/coreTypes';
import {
  BINARY_LEVELS, CHAIN_CLAUSES, DIRECTIONS, HARD_KEYWORDS, KEYWORD_FUNCTIONS, OVER_AGGREGATES, QUANTIFIERS, RELATIVE_WORDS, STRING_ESCAPES,
  TIME_ANCHORS, TIME_UNITS,
} from './grammarChoices';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'punct' | 'bad' | 'eof';

/** A token as an object, for the editor features (materialised on demand from the token arrays). */
export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** word: its text; quoted: the name inside the backticks; string: the decoded value; number: its text;
   * param: the digits; punct: the operator as the parser reads it (`==` reads as `=`); bad: the characters. */
  text: string;
}

const KIND_NAMES: readonly TokenKind[] = ['eof', 'word', 'quoted', 'string', 'number', 'param', 'punct', 'bad'];
/** Token kinds as stored in TokenArrays.kinds. */
export const KIND_CODES: Readonly<Record<TokenKind, number>> = { eof: 0, word: 1, quoted: 2, string: 3, number: 4, param: 5, punct: 6, bad: 7 };
const K: Record<TokenKind, number> = { eof: 0, word: 1, quoted: 2, string: 3, number: 4, param: 5, punct: 6, bad: 7 };

const LEVEL_OF = new Map<string, number>();
BINARY_LEVELS.forEach((ops, i) => { for (const o of ops) if (o !== 'occurs') LEVEL_OF.set(o, i); });

/** Every word with a meaning to the parser, lower case. A word token's op is its entry here ('' otherwise), found
 * through a hash of its lower-cased characters so that ordinary names cost no allocation. */
const KNOWN_WORDS = [
  ...HARD_KEYWORDS, ...TIME_ANCHORS, ...RELATIVE_WORDS, ...DIRECTIONS, ...TIME_UNITS, ...QUANTIFIERS, ...OVER_AGGREGATES,
  ...CHAIN_CLAUSES.map((c) => c.toLowerCase()), ...KEYWORD_FUNCTIONS, 'between', 'on', 'over', 'occurs',
];
const PUNCT_OPS = ['!=', '<=', '>=', '=>', '=', '<', '>', '!', '(', ')', '[', ']', '{', '}', ',', '.', ':', '^', '+', '-', '*', '/', '%'];
/** Operator codes: small integers instead of strings per token. OP_NAMES[code] is the operator or known word
 * (code 0: none). Words and punctuation share the table; a token's kind tells which it is. */
export const OP_NAMES: readonly string[] = ['', ...new Set([...KNOWN_WORDS, ...PUNCT_OPS])];
const OP_CODE = new Map<string, number>(OP_NAMES.map((w, i) => [w, i]));
/** The code of an operator or known word (0 when it is neither). */
export function opCode(op: string): number { return OP_CODE.get(op) ?? 0; }
/** Binary precedence level per code (grammarChoices.BINARY_LEVELS; -1: none, and `occurs`) and hardness per code
 * (1: a hard keyword; only word tokens carry word codes). */
export const LEVEL_OF_CODE = new Int8Array(OP_NAMES.length).fill(-1);
export const HARD_OF_CODE = new Uint8Array(OP_NAMES.length);
OP_NAMES.forEach((w, i) => {
  if (i === 0) return;
  LEVEL_OF_CODE[i] = LEVEL_OF.get(w) ?? -1;
  HARD_OF_CODE[i] = HARD_KEYWORDS.has(w) ? 1 : 0;
});
/** Code of each single-character operator by character code (0: not one). */
const CHAR_OP = new Uint8Array(128);
for (const p of PUNCT_OPS) if (p.length === 1) CHAR_OP[p.charCodeAt(0)] = OP_CODE.get(p)!;
const C_NE = OP_CODE.get('!=')!, C_LE = OP_CODE.get('<=')!, C_GE = OP_CODE.get('>=')!, C_ARROW = OP_CODE.get('=>')!;
const C_EQ = OP_CODE.get('=')!, C_AND = OP_CODE.get('and')!, C_OR = OP_CODE.get('or')!;

/** Known words by hash of their lower-case characters: an open-addressing table of codes (no allocation per word). */
const MAX_KNOWN = Math.max(...KNOWN_WORDS.map((w) => w.length));
const HASH_BITS = 10;
const HASH_MASK = (1 << HASH_BITS) - 1;
const KNOWN_TABLE = new Uint8Array(1 << HASH_BITS);
function wordHash(h: number): number { return (h ^ (h >>> 13) ^ (h >>> 21)) & HASH_MASK; }
/** Whether some known word has this length and lower-case first letter (most names are rejected without hashing). */
const KNOWN_SHAPE = new Uint8Array((MAX_KNOWN + 1) * 26);
for (let code = 1; code < OP_NAMES.length; code++) {
  const w = OP_NAMES[code];
  const c0 = w.charCodeAt(0);
  if (!(c0 >= 97 && c0 <= 122)) continue;
  KNOWN_SHAPE[w.length * 26 + c0 - 97] = 1;
  let h = 0;
  for (let i = 0; i < w.length; i++) h = (Math.imul(h, 31) + w.charCodeAt(i)) | 0;
  let slot = wordHash(h);
  while (KNOWN_TABLE[slot] !== 0) slot = (slot + 1) & HASH_MASK;
  KNOWN_TABLE[slot] = code;
}

/** A hash of text[s, e), two characters per step (a shorter chain of multiplications than one per character). */
function textHash(t: string, s: number, e: number): number {
  let h = e - s;
  let k = s;
  for (; k + 1 < e; k += 2) h = (Math.imul(h, 961) + Math.imul(t.charCodeAt(k), 31) + t.charCodeAt(k + 1)) | 0;
  if (k < e) h = (Math.imul(h, 31) + t.charCodeAt(k)) | 0;
  return h;
}

/** At most this many distinct interned texts per token list (beyond, texts are sliced each time). */
const MAX_INTERNED = 1 << 16;

/** The tokens of a text as parallel arrays (no object per token, so megabyte inputs stay cheap). */
export class TokenArrays {
  n = 0;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  /** punct: the operator's code; word: the known word's code (0 for other words); others 0 (see OP_NAMES). Its
   * binary level and hardness are LEVEL_OF_CODE and HARD_OF_CODE. */
  codes: Uint8Array;
  /** Texts that are not a slice of the source: string values that are not just the text between the quotes (escapes,
   * unterminated, single quotes), `&&`/`||` read as and/or. */
  private readonly vals = new Map<number, string>();
  private objects: Token[] | undefined;

  constructor(readonly text: string) {
    const cap = Math.max(16, (text.length >> 2) + 16);
    this.kinds = new Uint8Array(cap);
    this.starts = new Int32Array(cap);
    this.ends = new Int32Array(cap);
    this.codes = new Uint8Array(cap);
  }

  push(kind: TokenKind, start: number, end: number, code: number, val: string | undefined): void {
    const i = this.pushCode(K[kind], start, end, code);
    if (val !== undefined) this.vals.set(i, val);
  }

  pushCode(kind: number, start: number, end: number, code: number): number {
    if (this.n === this.kinds.length) this.grow();
    const i = this.n++;
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    this.codes[i] = code;
    return i;
  }


  /** A word token; its code is found without allocating (known words are matched by hash). */
  word(start: number, end: number): void {
    const len = end - start;
    let code = 0;
    const c0 = this.text.charCodeAt(start) | 32;
    if (len <= MAX_KNOWN && c0 >= 97 && c0 <= 122 && KNOWN_SHAPE[len * 26 + c0 - 97] === 1) {
      const t = this.text;
      let h = 0;
      for (let i = start; i < end; i++) {
        let c = t.charCodeAt(i);
        if (c >= 65 && c <= 90) c |= 32;
        h = (Math.imul(h, 31) + c) | 0;
      }
      let slot = wordHash(h);
      for (let probes = 0; probes <= HASH_MASK; probes++) {
        const cand = KNOWN_TABLE[slot];
        if (cand === 0) break;
        const w = OP_NAMES[cand];
        if (w.length === len) {
          let ok = true;
          for (let i = 0; i < len; i++) {
            let c = t.charCodeAt(start + i);
            if (c >= 65 && c <= 90) c |= 32;
            if (c !== w.charCodeAt(i)) { ok = false; break; }
          }
          if (ok) { code = cand; break; }
        }
        slot = (slot + 1) & HASH_MASK;
      }
    }
    this.pushCode(1 /* word */, start, end, code);
  }

  private grow(): void {
    const cap = this.kinds.length * 2;
    const k = new Uint8Array(cap); k.set(this.kinds); this.kinds = k;
    const s = new Int32Array(cap); s.set(this.starts); this.starts = s;
    const e = new Int32Array(cap); e.set(this.ends); this.ends = e;
    const o = new Uint8Array(cap); o.set(this.codes); this.codes = o;
  }

  kind(i: number): TokenKind { return KIND_NAMES[this.kinds[i]]; }

  /** punct: the operator; word: its lower-case form if it is a known word, else ''; others ''. */
  op(i: number): string { return OP_NAMES[this.codes[i]]; }

  /** The token's text as Token.text describes it. Words, numbers and plain strings are interned: a megabyte of PQL
   * repeats the same names, and one string per distinct text saves the allocations (and keeps its hash cached). */
  textOf(i: number): string {
    const k = this.kinds[i];
    const s = this.starts[i], e = this.ends[i];
    switch (k) {
      case 0: return '';
      case 6: return OP_NAMES[this.codes[i]];
      case 1: {
        const v = this.vals.size === 0 ? undefined : this.vals.get(i);
        if (v !== undefined) return v;
        const code = this.codes[i];
        if (code !== 0 && this.sameText(s, e, OP_NAMES[code])) return OP_NAMES[code];
        return this.intern(s, e);
      }
      case 4: return this.intern(s, e);
      case 3: {
        const v = this.vals.size === 0 ? undefined : this.vals.get(i);
        return v !== undefined ? v : this.intern(s + 1, e - 1);
      }
      case 2: return e - s >= 2 && this.text.charCodeAt(e - 1) === 96 ? this.text.slice(s + 1, e - 1) : this.text.slice(s + 1, e);
      case 5: return this.text.slice(s + 1, e);
    }
    const v = this.vals.get(i);
    return v !== undefined ? v : this.text.slice(s, e);
  }

  private sameText(s: number, e: number, w: string): boolean {
    if (w.length !== e - s) return false;
    const t = this.text;
    for (let k = 0; k < w.length; k++) if (t.charCodeAt(s + k) !== w.charCodeAt(k)) return false;
    return true;
  }

  private internTable: (string | undefined)[] = new Array<string | undefined>(256).fill(undefined);
  private interned = 0;

  /** text.slice(s, e), the same string object for the same characters (open addressing; bounded size). */
  private intern(s: number, e: number): string {
    const len = e - s;
    if (len > 64) return this.text.slice(s, e);
    const t = this.text;
    const h = textHash(t, s, e);
    const table = this.internTable;
    const mask = table.length - 1;
    let slot = (h ^ (h >>> 15)) & mask;
    for (let probes = 0; probes <= mask; probes++) {
      const cand = table[slot];
      if (cand === undefined) break;
      if (cand.length === len && t.startsWith(cand, s)) return cand;
      slot = (slot + 1) & mask;
    }
    const str = t.slice(s, e);
    if (table[slot] === undefined && this.interned < MAX_INTERNED) {
      table[slot] = str;
      if (++this.interned * 2 > table.length) this.growIntern();
    }
    return str;
  }

  private growIntern(): void {
    const old = this.internTable;
    const table = new Array<string | undefined>(old.length * 2).fill(undefined);
    const mask = table.length - 1;
    for (const str of old) {
      if (str === undefined) continue;
      const h = textHash(str, 0, str.length);
      let slot = (h ^ (h >>> 15)) & mask;
      // At most half full: a free slot is always found within `mask` probes.
      for (let probes = 0; probes < mask && table[slot] !== undefined; probes++) slot = (slot + 1) & mask;
      table[slot] = str;
    }
    this.internTable = table;
  }

  /** All tokens as objects (built once, for the editor features). */
  all(): Token[] {
    if (!this.objects) {
      const out: Token[] = new Array(this.n);
      for (let i = 0; i < this.n; i++) out[i] = { kind: this.kind(i), start: this.starts[i], end: this.ends[i], text: this.textOf(i) };
      this.objects = out;
    }
    return this.objects;
  }
}

export interface LexResult {
  tokens: TokenArrays;
  diagnostics: CoreDiagnostic[];
  /** Start offset of the first unterminated string (the parser stops reporting after it: one typo, one diagnostic). */
  unterminatedAt: number;
}

const PUNCT_SINGLE = new Set(['(', ')', '[', ']', '{', '}', ',', '.', ':', '^', '+', '-', '*', '/', '%']);

/** Character classes of ASCII characters (one table lookup instead of a chain of comparisons). */
const C_IDSTART = 1, C_IDPART = 2, C_DIGIT = 4, C_SPACE = 8;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  let k = 0;
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) k |= C_IDSTART | C_IDPART;
  if (c >= 48 && c <= 57) k |= C_DIGIT | C_IDPART;
  if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12) k |= C_SPACE;
  ASCII_CLASS[c] = k;
}

function isIdentStart(c: number): boolean {
  return c < 128 ? (ASCII_CLASS[c] & C_IDSTART) !== 0 : isUnicodeLetter(c);
}
function isIdentPart(c: number): boolean {
  return c < 128 ? (ASCII_CLASS[c] & C_IDPART) !== 0 : isUnicodeLetter(c);
}
const LETTER = /\p{L}/u;
function isUnicodeLetter(c: number): boolean {
  if (c >= 0xd800 && c <= 0xdfff) return false;
  return LETTER.test(String.fromCharCode(c));
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isSpace(c: number): boolean {
  return c < 128 ? (ASCII_CLASS[c] & C_SPACE) !== 0 : c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029;
}

export function lex(text: string): LexResult {
  const tokens = new TokenArrays(text);
  const diagnostics: CoreDiagnostic[] = [];
  let unterminatedAt = -1;
  const n = text.length;
  let i = 0;
  const err = (start: number, end: number, message: string, code = 'pql/syntax', severity: CoreDiagnostic['severity'] = 'error', fix?: { title: string; text: string }) => {
    const d: CoreDiagnostic = { range: { start, end }, severity, message, code };
    if (fix) d.fixes = [{ title: fix.title, edits: [{ range: { start, end }, newText: fix.text }], preferred: true }];
    diagnostics.push(d);
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    const cls = c < 128 ? ASCII_CLASS[c] : 0;
    if (cls & C_SPACE) { i++; continue; }
    const start = i;
    if (cls & C_IDSTART || (c >= 128 && isIdentStart(c))) {
      i++;
      for (; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d < 128 ? (ASCII_CLASS[d] & C_IDPART) === 0 : !isUnicodeLetter(d)) break;
      }
      tokens.word(start, i);
      continue;
    }
    if (c >= 128 && isSpace(c)) { i++; continue; }
    if (cls & C_DIGIT) {
      i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === 46 /* . */ && isDigit(text.charCodeAt(i + 1))) {
        i += 2;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      const e = text.charCodeAt(i);
      if (e === 101 || e === 69) {
        let j = i + 1;
        const s = text.charCodeAt(j);
        if (s === 43 || s === 45) j++;
        if (isDigit(text.charCodeAt(j))) {
          i = j + 1;
          while (i < n && isDigit(text.charCodeAt(i))) i++;
        }
      }
      if (i < n && isIdentStart(text.charCodeAt(i))) {
        // `3days`, `1a`: a number glued to a word.
        let j = i;
        while (j < n && isIdentPart(text.charCodeAt(j))) j++;
        err(start, j, `"${text.slice(start, j)}" is not a number or a name; separate the number from the word with a space, or write a name that starts with a letter`);
        tokens.pushCode(4 /* number */, start, i, 0);
        tokens.word(i, j);
        i = j;
        continue;
      }
      tokens.pushCode(4 /* number */, start, i, 0);
      continue;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const quote = c;
      i++;
      // The common case: no escape before the closing quote; the value is then sliced when asked for.
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === quote || d === 10 || d === 13 || d === 92) break;
        i++;
      }
      if (quote === 34 && i < n && text.charCodeAt(i) === 34) {
        i++;
        tokens.pushCode(3 /* string */, start, i, 0);
        continue;
      }
      i = start + 1;
      let value = '';
      let chunkStart = i;
      let terminated = false;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === quote) { value += text.slice(chunkStart, i); i++; terminated = true; break; }
        if (d === 10 || d === 13) break;
        if (d === 92 /* \ */) {
          value += text.slice(chunkStart, i);
          const esc = text[i + 1];
          if (esc === undefined || esc === '\n' || esc === '\r') { i++; chunkStart = i; continue; }
          if (esc === 'u') {
            const hex = text.slice(i + 2, i + 6);
            if (/^[0-9a-fA-F]{4}$/.test(hex)) { value += String.fromCharCode(parseInt(hex, 16)); i += 6; chunkStart = i; continue; }
            err(i, Math.min(n, i + 2), 'Invalid \\u escape: write four hex digits, e.g. \\u00e9', 'pql/escape', 'warning');
            value += 'u'; i += 2; chunkStart = i; continue;
          }
          const mapped = STRING_ESCAPES[esc];
          if (mapped !== undefined) { value += mapped; i += 2; chunkStart = i; continue; }
          if (!(quote === 39 && esc === "'")) {
            err(i, i + 2, `Unknown escape \\${esc}: write \\\\${esc} for a backslash followed by "${esc}" (regular expressions in PQL strings need the doubled backslash)`, 'pql/escape', 'warning',
              { title: `Double the backslash: \\\\${esc}`, text: `\\\\${esc}` });
          }
          value += esc; i += 2; chunkStart = i; continue;
        }
        i++;
      }
      if (!terminated) {
        value += text.slice(chunkStart, i);
        const q = quote === 34 ? '"' : "'";
        err(start, i, `Unterminated string: add the closing ${q}`, 'pql/unbalanced');
        if (unterminatedAt < 0) unterminatedAt = start;
      } else if (quote === 39) {
        const raw = text.slice(start + 1, i - 1);
        const fixed = '"' + raw.replace(/\\'/g, "'").replace(/(^|[^\\])((?:\\\\)*)"/g, '$1$2\\"') + '"';
        err(start, i, 'PQL strings use double quotes: write "' + value + '"', 'pql/syntax', 'error', { title: 'Use double quotes', text: fixed });
      }
      tokens.push('string', start, i, 0, value);
      continue;
    }
    if (c === 96 /* ` */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 96 || d === 10 || d === 13) break;
        i++;
      }
      if (text.charCodeAt(i) === 96) {
        i++;
        if (i - start === 2) err(start, i, 'Empty backtick name: write a field name between the backticks');
      } else {
        err(start, i, 'Unterminated backtick name: add the closing `', 'pql/unbalanced');
      }
      tokens.pushCode(2 /* quoted */, start, i, 0);
      continue;
    }
    if (c === 36 /* $ */) {
      i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (i === start + 1) {
        err(start, i, 'A positional parameter is `$` followed by its position, e.g. $1');
        tokens.pushCode(7 /* bad */, start, i, 0);
      } else {
        tokens.pushCode(5 /* param */, start, i, 0);
      }
      continue;
    }
    const next = text.charCodeAt(i + 1);
    // Two-character operators, including the non-PQL spellings that get a fix.
    if (next === 61 /* = */) {
      if (c === 33 /* ! */) { tokens.pushCode(6, start, i + 2, C_NE); i += 2; continue; }
      if (c === 60 /* < */) { tokens.pushCode(6, start, i + 2, C_LE); i += 2; continue; }
      if (c === 62 /* > */) { tokens.pushCode(6, start, i + 2, C_GE); i += 2; continue; }
      if (c === 61 /* = */) {
        err(start, i + 2, 'PQL compares with a single =', 'pql/syntax', 'error', { title: 'Replace == with =', text: '=' });
        tokens.pushCode(6, start, i + 2, C_EQ); i += 2; continue;
      }
    }
    if (c === 61 && next === 62) { tokens.pushCode(6, start, i + 2, C_ARROW); i += 2; continue; }
    if (c === 60 && next === 62) {
      err(start, i + 2, 'PQL writes "not equal" as !=', 'pql/syntax', 'error', { title: 'Replace <> with !=', text: '!=' });
      tokens.pushCode(6, start, i + 2, C_NE); i += 2; continue;
    }
    if (c === 38 && next === 38) {
      err(start, i + 2, 'PQL writes logical AND as the word and', 'pql/syntax', 'error', { title: 'Replace && with and', text: 'and' });
      tokens.push('word', start, i + 2, C_AND, 'and'); i += 2; continue;
    }
    if (c === 124 && next === 124) {
      err(start, i + 2, 'PQL writes logical OR as the word or', 'pql/syntax', 'error', { title: 'Replace || with or', text: 'or' });
      tokens.push('word', start, i + 2, C_OR, 'or'); i += 2; continue;
    }
    if (c === 47 && (next === 47 || next === 42)) {
      // No comment syntax (grammarChoices.COMMENT_SYNTAX): skip to the end of the line so one mistake is one error.
      let j = i;
      while (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
      err(start, j, 'PQL has no comment syntax: remove the comment');
      i = j;
      continue;
    }
    const single = c < 128 ? CHAR_OP[c] : 0;
    if (single !== 0) { tokens.pushCode(6 /* punct */, start, i + 1, single); i++; continue; }
    // Anything else: one bad token per run of unknown characters.
    let j = i + 1;
    if (c >= 0xd800 && c <= 0xdbff && j < n) j++;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (isSpace(d) || isIdentStart(d) || isDigit(d) || d === 34 || d === 39 || d === 96 || d === 36 || PUNCT_SINGLE.has(text[j]) || d === 61 || d === 60 || d === 62 || d === 33) break;
      j++;
    }
    const bad = text.slice(start, j);
    err(start, j, bad === ';' ? 'PQL has no statement separator ";": remove it' : `Unexpected character${j - start > 1 ? 's' : ''} ${JSON.stringify(bad.length > 20 ? bad.slice(0, 20) + '…' : bad)}`);
    tokens.pushCode(7 /* bad */, start, j, 0);
    i = j;
  }
  tokens.pushCode(0 /* eof */, n, n, 0);
  return { tokens, diagnostics, unterminatedAt };
}
