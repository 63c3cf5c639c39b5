// The PQL lexer: one pass over the text with charCodeAt, no regular expressions on the hot path. It never throws and
// always advances, so every input (random bytes, megabyte lines) gives a token list ending in an `eof` token.
import type { CoreDiagnostic } from '../common/coreTypes';
import { BINARY_LEVELS, HARD_KEYWORDS, STRING_ESCAPES } from './grammarChoices';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'punct' | 'bad' | 'eof';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** word: its text; quoted: the name inside the backticks; string: the decoded value; number: its text;
   * param: the digits; punct: the operator as the parser reads it (`==` reads as `=`); bad: the character. */
  text: string;
  /** word: the text in lower case (keywords match case-insensitively); punct: the operator; else ''. */
  low: string;
  /** The binary precedence level of the operator this token spells (grammarChoices.BINARY_LEVELS), or -1. `occurs`
   * is -1: it has its own grammar. */
  lvl: number;
  /** A hard keyword (cannot start a field path). */
  hard: boolean;
}

const LEVEL_OF = new Map<string, number>();
BINARY_LEVELS.forEach((ops, i) => { for (const o of ops) if (o !== 'occurs') LEVEL_OF.set(o, i); });
const HARD = HARD_KEYWORDS;

function tok(kind: TokenKind, start: number, end: number, text: string): Token {
  return { kind, start, end, text, low: kind === 'punct' ? text : '', lvl: kind === 'punct' ? (LEVEL_OF.get(text) ?? -1) : -1, hard: false };
}

function wordTok(start: number, end: number, text: string, hasUpper: boolean): Token {
  const low = hasUpper ? text.toLowerCase() : text;
  const lvl = LEVEL_OF.get(low);
  return { kind: 'word', start, end, text, low, lvl: lvl ?? -1, hard: HARD.has(low) };
}

export interface LexResult {
  tokens: Token[];
  diagnostics: CoreDiagnostic[];
  /** Start offsets of unterminated strings (the parser stops reporting after them: one typo, one diagnostic). */
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
  const tokens: Token[] = [];
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
      let upper = c >= 65 && c <= 90;
      i++;
      for (; i < n; i++) {
        const d = text.charCodeAt(i);
        if ((d >= 97 && d <= 122) || (d >= 48 && d <= 57) || d === 95) continue;
        if (d >= 65 && d <= 90) { upper = true; continue; }
        if (d > 127 && isUnicodeLetter(d)) { upper = true; continue; }
        break;
      }
      tokens.push(wordTok(start, i, text.slice(start, i), upper));
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
        tokens.push(tok('number', start, i, text.slice(start, i)));
        tokens.push(wordTok(i, j, text.slice(i, j), true));
        i = j;
        continue;
      }
      tokens.push(tok('number', start, i, text.slice(start, i)));
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
      tokens.push(tok('string', start, i, value));
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
        tokens.push(tok('quoted', start, i, name));
      } else {
        err(start, i, 'Unterminated backtick name: add the closing `', 'pql/unbalanced');
        tokens.push(tok('quoted', start, i, text.slice(start + 1, i)));
      }
      continue;
    }
    if (c === 36 /* $ */) {
      i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (i === start + 1) {
        err(start, i, 'A positional parameter is `$` followed by its position, e.g. $1');
        tokens.push(tok('bad', start, i, '$'));
      } else {
        tokens.push(tok('param', start, i, text.slice(start + 1, i)));
      }
      continue;
    }
    const ch = text[i];
    const next = text[i + 1];
    // Two-character operators, including the non-PQL spellings that get a fix.
    if (ch === '!' && next === '=') { tokens.push(tok('punct', start, i + 2, '!=')); i += 2; continue; }
    if (ch === '<' && next === '=') { tokens.push(tok('punct', start, i + 2, '<=')); i += 2; continue; }
    if (ch === '>' && next === '=') { tokens.push(tok('punct', start, i + 2, '>=')); i += 2; continue; }
    if (ch === '=' && next === '>') { tokens.push(tok('punct', start, i + 2, '=>')); i += 2; continue; }
    if (ch === '=' && next === '=') {
      err(start, i + 2, 'PQL compares with a single =', 'pql/syntax', 'error', { title: 'Replace == with =', text: '=' });
      tokens.push(tok('punct', start, i + 2, '=')); i += 2; continue;
    }
    if (ch === '<' && next === '>') {
      err(start, i + 2, 'PQL writes "not equal" as !=', 'pql/syntax', 'error', { title: 'Replace <> with !=', text: '!=' });
      tokens.push(tok('punct', start, i + 2, '!=')); i += 2; continue;
    }
    if (ch === '&' && next === '&') {
      err(start, i + 2, 'PQL writes logical AND as the word and', 'pql/syntax', 'error', { title: 'Replace && with and', text: 'and' });
      tokens.push(wordTok(start, i + 2, 'and', true)); i += 2; continue;
    }
    if (ch === '|' && next === '|') {
      err(start, i + 2, 'PQL writes logical OR as the word or', 'pql/syntax', 'error', { title: 'Replace || with or', text: 'or' });
      tokens.push(wordTok(start, i + 2, 'or', true)); i += 2; continue;
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
      tokens.push(tok('punct', start, i + 1, ch)); i++; continue;
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
    tokens.push(tok('bad', start, j, bad));
    i = j;
  }
  tokens.push(tok('eof', n, n, ''));
  return { tokens, diagnostics, unterminatedAt };
}
