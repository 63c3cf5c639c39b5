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
const K: Record<TokenKind, number> = { eof: 0, word: 1, quoted: 2, string: 3, number: 4, param: 5, punct: 6, bad: 7 };

const LEVEL_OF = new Map<string, number>();
BINARY_LEVELS.forEach((ops, i) => { for (const o of ops) if (o !== 'occurs') LEVEL_OF.set(o, i); });

/** Every word with a meaning to the parser, lower case. A word token's `op` is its entry here ('' otherwise), found
 * through a hash of its lower-cased characters so that ordinary names cost no allocation. */
const KNOWN_WORDS = [
  ...HARD_KEYWORDS, ...TIME_ANCHORS, ...RELATIVE_WORDS, ...DIRECTIONS, ...TIME_UNITS, ...QUANTIFIERS, ...OVER_AGGREGATES,
  ...CHAIN_CLAUSES.map((c) => c.toLowerCase()), ...KEYWORD_FUNCTIONS, 'between', 'on', 'over', 'occurs',
];
const MAX_KNOWN = Math.max(...KNOWN_WORDS.map((w) => w.length));
/** Level and hardness of every known word and operator, looked up once per token. */
const OP_INFO = new Map<string, { lvl: number; hard: boolean }>();
for (const w of [...KNOWN_WORDS, ...LEVEL_OF.keys()]) OP_INFO.set(w, { lvl: LEVEL_OF.get(w) ?? -1, hard: HARD_KEYWORDS.has(w) });
const KNOWN_BY_HASH = new Map<number, string[]>();
for (const w of new Set(KNOWN_WORDS)) {
  let h = 0;
  for (let i = 0; i < w.length; i++) h = (Math.imul(h, 31) + w.charCodeAt(i)) | 0;
  const list = KNOWN_BY_HASH.get(h) ?? [];
  list.push(w);
  KNOWN_BY_HASH.set(h, list);
}

/** The tokens of a text as parallel arrays (no object per token, so megabyte inputs stay cheap). */
export class TokenArrays {
  n = 0;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  /** Binary precedence level of the operator (grammarChoices.BINARY_LEVELS) or -1; `occurs` is -1. */
  lvls: Int8Array;
  /** 1 for a hard keyword. */
  hards: Uint8Array;
  /** punct: the operator; word: its lower-case form if it is a known word, else ''; others ''. */
  readonly ops: string[] = [];
  /** string: decoded value; quoted: the name; bad: the characters; param: the digits. Words and numbers are sliced
   * on demand. */
  readonly vals: (string | undefined)[] = [];
  private objects: Token[] | undefined;

  constructor(readonly text: string) {
    const cap = Math.max(16, (text.length >> 2) + 16);
    this.kinds = new Uint8Array(cap);
    this.starts = new Int32Array(cap);
    this.ends = new Int32Array(cap);
    this.lvls = new Int8Array(cap);
    this.hards = new Uint8Array(cap);
  }

  push(kind: TokenKind, start: number, end: number, op: string, val: string | undefined): void {
    this.pushCode(K[kind], start, end, op, val);
  }

  pushCode(code: number, start: number, end: number, op: string, val: string | undefined): void {
    if (this.n === this.kinds.length) this.grow();
    const i = this.n++;
    this.kinds[i] = code;
    this.starts[i] = start;
    this.ends[i] = end;
    if (op !== '') {
      const info = OP_INFO.get(op);
      this.lvls[i] = info === undefined ? -1 : info.lvl;
      this.hards[i] = code === 1 && info !== undefined && info.hard ? 1 : 0;
    } else {
      this.lvls[i] = -1;
      this.hards[i] = 0;
    }
    this.ops.push(op);
    this.vals.push(val);
  }

  /** A word token; its `op` is found without allocating (known words are matched by hash). */
  word(start: number, end: number): void {
    const len = end - start;
    let op = '';
    if (len <= MAX_KNOWN) {
      const t = this.text;
      let h = 0;
      for (let i = start; i < end; i++) {
        let c = t.charCodeAt(i);
        if (c >= 65 && c <= 90) c |= 32;
        h = (Math.imul(h, 31) + c) | 0;
      }
      const cands = KNOWN_BY_HASH.get(h);
      if (cands) {
        for (const w of cands) {
          if (w.length !== len) continue;
          let ok = true;
          for (let i = 0; i < len; i++) {
            let c = t.charCodeAt(start + i);
            if (c >= 65 && c <= 90) c |= 32;
            if (c !== w.charCodeAt(i)) { ok = false; break; }
          }
          if (ok) { op = w; break; }
        }
      }
    }
    this.pushCode(1 /* word */, start, end, op, undefined);
  }

  private grow(): void {
    const cap = this.kinds.length * 2;
    const k = new Uint8Array(cap); k.set(this.kinds); this.kinds = k;
    const s = new Int32Array(cap); s.set(this.starts); this.starts = s;
    const e = new Int32Array(cap); e.set(this.ends); this.ends = e;
    const l = new Int8Array(cap); l.set(this.lvls); this.lvls = l;
    const h = new Uint8Array(cap); h.set(this.hards); this.hards = h;
  }

  kind(i: number): TokenKind { return KIND_NAMES[this.kinds[i]]; }

  /** The token's text as Token.text describes it. */
  textOf(i: number): string {
    const v = this.vals[i];
    if (v !== undefined) return v;
    if (this.kinds[i] === 6 /* punct */) return this.ops[i];
    return this.text.slice(this.starts[i], this.ends[i]);
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

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c > 127 && isUnicodeLetter(c));
}
function isIdentPart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57) || (c > 127 && isUnicodeLetter(c));
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
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029 || c === 11 || c === 12;
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
    if (isSpace(c)) { i++; continue; }
    const start = i;
    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      tokens.word(start, i);
      continue;
    }
    if (isDigit(c)) {
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
        tokens.pushCode(4 /* number */, start, i, '', undefined);
        tokens.word(i, j);
        i = j;
        continue;
      }
      tokens.pushCode(4 /* number */, start, i, '', undefined);
      continue;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const quote = c;
      i++;
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
      tokens.push('string', start, i, '', value);
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
        const name = text.slice(start + 1, i);
        i++;
        if (name.length === 0) err(start, i, 'Empty backtick name: write a field name between the backticks');
        tokens.push('quoted', start, i, '', name);
      } else {
        err(start, i, 'Unterminated backtick name: add the closing `', 'pql/unbalanced');
        tokens.push('quoted', start, i, '', text.slice(start + 1, i));
      }
      continue;
    }
    if (c === 36 /* $ */) {
      i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (i === start + 1) {
        err(start, i, 'A positional parameter is `$` followed by its position, e.g. $1');
        tokens.push('bad', start, i, '', '$');
      } else {
        tokens.push('param', start, i, '', text.slice(start + 1, i));
      }
      continue;
    }
    const ch = text[i];
    const next = text[i + 1];
    // Two-character operators, including the non-PQL spellings that get a fix.
    if (ch === '!' && next === '=') { tokens.push('punct', start, i + 2, '!=', undefined); i += 2; continue; }
    if (ch === '<' && next === '=') { tokens.push('punct', start, i + 2, '<=', undefined); i += 2; continue; }
    if (ch === '>' && next === '=') { tokens.push('punct', start, i + 2, '>=', undefined); i += 2; continue; }
    if (ch === '=' && next === '>') { tokens.push('punct', start, i + 2, '=>', undefined); i += 2; continue; }
    if (ch === '=' && next === '=') {
      err(start, i + 2, 'PQL compares with a single =', 'pql/syntax', 'error', { title: 'Replace == with =', text: '=' });
      tokens.push('punct', start, i + 2, '=', undefined); i += 2; continue;
    }
    if (ch === '<' && next === '>') {
      err(start, i + 2, 'PQL writes "not equal" as !=', 'pql/syntax', 'error', { title: 'Replace <> with !=', text: '!=' });
      tokens.push('punct', start, i + 2, '!=', undefined); i += 2; continue;
    }
    if (ch === '&' && next === '&') {
      err(start, i + 2, 'PQL writes logical AND as the word and', 'pql/syntax', 'error', { title: 'Replace && with and', text: 'and' });
      tokens.push('word', start, i + 2, 'and', 'and'); i += 2; continue;
    }
    if (ch === '|' && next === '|') {
      err(start, i + 2, 'PQL writes logical OR as the word or', 'pql/syntax', 'error', { title: 'Replace || with or', text: 'or' });
      tokens.push('word', start, i + 2, 'or', 'or'); i += 2; continue;
    }
    if (ch === '/' && (next === '/' || next === '*')) {
      // No comment syntax (grammarChoices.COMMENT_SYNTAX): skip to the end of the line so one mistake is one error.
      let j = i;
      while (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
      err(start, j, 'PQL has no comment syntax: remove the comment');
      i = j;
      continue;
    }
    if (ch === '=' || ch === '<' || ch === '>' || ch === '!' || PUNCT_SINGLE.has(ch)) {
      tokens.pushCode(6 /* punct */, start, i + 1, ch, undefined); i++; continue;
    }
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
    tokens.push('bad', start, j, '', bad);
    i = j;
  }
  tokens.push('eof', n, n, '', '');
  return { tokens, diagnostics, unterminatedAt };
}
