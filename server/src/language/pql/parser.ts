// Hand-written, error-tolerant PQL parser: recursive descent for the keyword forms, precedence climbing for the
// binary operators (see grammarChoices.BINARY_LEVELS; one n-ary node per level and run of operators). It never throws:
// a missing piece becomes a `missing` node, skipped tokens an `error` node, and parsing goes on so that the rest of the
// expression still gets completion and hover. Brackets are paired up front (one pass over the tokens); unbalanced ones
// are reported once, at the bracket, and the parser follows that pairing, so `foo(a]` is one diagnostic.
// Speed: the parser reads the lexer's typed arrays by token index (operator codes, not strings) and allocates only
// the tree; a megabyte of PQL parses in milliseconds.
import type { CoreDiagnostic } from '../common/coreTypes';
import type {
  Chain, ChainClause, ChainItem, Clause, Expr, LetBinding, Missing, NumberLit, ObjectEntry, Range, Step, TimeRef, TimeSpec, Word,
} from './ast';
import {
  BINARY_LEVELS, CHAIN_CLAUSES, DIRECTIONS, EVENTS_NAME, MAX_NESTING as MAX_NESTING_SETTING, OCCURS_COMPARISONS, OVER_AGGREGATES,
  RELATIVE_WORDS, TIME_ANCHORS, TIME_UNITS,
} from './grammarChoices';
import {
  HARD_OF_CODE as LEXER_HARD_OF_CODE, KIND_CODES, LEVEL_OF_CODE as LEXER_LEVEL_OF_CODE, lex, OP_NAMES as LEXER_OP_NAMES, opCode, type Token,
  type TokenArrays,
} from './lexer';

// Imported values used on the hot path are copied into module constants once: a module loaded as CommonJS (tsx,
// tests) reads each import through a getter on every use.
const { eof: K_EOF, word: K_WORD, quoted: K_QUOTED, string: K_STRING, number: K_NUMBER, param: K_PARAM, punct: K_PUNCT, bad: K_BAD } = KIND_CODES;
const OP_NAMES = LEXER_OP_NAMES;
const LEVEL_OF_CODE = LEXER_LEVEL_OF_CODE;
const HARD_OF_CODE = LEXER_HARD_OF_CODE;
const MAX_NESTING = MAX_NESTING_SETTING;

/** What each token is, as the parser understood it: drives semantic tokens, formatting and keyword hover. */
export type TokenRole =
  | '' | 'kw' | 'op' | 'unop' | 'fn' | 'method' | 'member' | 'name' | 'label' | 'unit' | 'anchor' | 'decl' | 'clause'
  | 'colon' | 'wcolon' | 'arrow' | 'bind' | 'string' | 'number' | 'param' | 'up' | 'key';

const ROLE_NAMES: readonly TokenRole[] = [
  '', 'kw', 'op', 'unop', 'fn', 'method', 'member', 'name', 'label', 'unit', 'anchor', 'decl', 'clause', 'colon', 'wcolon',
  'arrow', 'bind', 'string', 'number', 'param', 'up', 'key',
];
const ROLE_CODE = new Map<TokenRole, number>(ROLE_NAMES.map((r, i) => [r, i]));
const R_KW = ROLE_CODE.get('kw')!, R_OP = ROLE_CODE.get('op')!, R_UNOP = ROLE_CODE.get('unop')!, R_FN = ROLE_CODE.get('fn')!;
const R_METHOD = ROLE_CODE.get('method')!, R_MEMBER = ROLE_CODE.get('member')!, R_NAME = ROLE_CODE.get('name')!;
const R_LABEL = ROLE_CODE.get('label')!, R_UNIT = ROLE_CODE.get('unit')!, R_ANCHOR = ROLE_CODE.get('anchor')!;
const R_DECL = ROLE_CODE.get('decl')!, R_CLAUSE = ROLE_CODE.get('clause')!, R_COLON = ROLE_CODE.get('colon')!;
const R_WCOLON = ROLE_CODE.get('wcolon')!, R_ARROW = ROLE_CODE.get('arrow')!, R_BIND = ROLE_CODE.get('bind')!;
const R_STRING = ROLE_CODE.get('string')!, R_NUMBER = ROLE_CODE.get('number')!, R_PARAM = ROLE_CODE.get('param')!;
const R_UP = ROLE_CODE.get('up')!, R_KEY = ROLE_CODE.get('key')!, R_NONE = 0;

export interface ParseResult {
  text: string;
  root: Expr;
  /** Expressions after the first one (after a syntax error), still analysed for completion and hover. */
  extras: Expr[];
  /** The tokens as objects (materialised on first use, for the editor features). */
  readonly tokens: Token[];
  tokenArrays: TokenArrays;
  /** The role of each token (materialised on first use, for the editor features). */
  readonly roles: TokenRole[];
  /** Lexer and parser diagnostics (syntax, unbalanced brackets, escapes, nesting). */
  diagnostics: CoreDiagnostic[];
  /** True when any of the diagnostics is an error. */
  hasSyntaxErrors: boolean;
  /** After a string that lost its closing quote, the offset from which everything is a consequence (or -1). */
  garbledFrom: number;
}

const code = (s: string): number => {
  const c = opCode(s);
  if (c === 0) throw new Error(`no operator code for ${s}`);
  return c;
};
const C_LP = code('('), C_RP = code(')'), C_LB = code('['), C_RB = code(']'), C_LC = code('{'), C_RC = code('}');
const C_COMMA = code(','), C_DOT = code('.'), C_COLON = code(':'), C_CARET = code('^'), C_MINUS = code('-'), C_BANG = code('!');
const C_ARROW = code('=>'), C_EQ = code('=');
const C_NOT = code('not'), C_TRUE = code('true'), C_FALSE = code('false'), C_EXISTS = code('exists'), C_FORALL = code('forall');
const C_SELECT = code('select'), C_SOME = code('some'), C_LET = code('let'), C_IN = code('in'), C_FROM = code('from');
const C_WHERE = code('where'), C_OVER = code('over'), C_OCCURS = code('occurs'), C_CHAIN = code('chain'), C_AND = code('and');
const C_BETWEEN = code('between'), C_ON = code('on');

/** Per operator code: the closer of an opener (0: not an opener). */
const CLOSER_OF = new Uint8Array(OP_NAMES.length);
CLOSER_OF[C_LP] = C_RP; CLOSER_OF[C_LB] = C_RB; CLOSER_OF[C_LC] = C_RC;
const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
function codeSet(words: readonly string[]): Uint8Array {
  const s = new Uint8Array(OP_NAMES.length);
  for (const w of words) s[code(w)] = 1;
  return s;
}
const IS_ANCHOR = codeSet(TIME_ANCHORS);
const IS_RELATIVE = codeSet(RELATIVE_WORDS);
const IS_DIRECTION = codeSet(DIRECTIONS);
const IS_UNIT = codeSet(TIME_UNITS);
const IS_CMP = codeSet(OCCURS_COMPARISONS);
const IS_AGG = codeSet(OVER_AGGREGATES);
const IS_BINARY = codeSet(BINARY_LEVELS.flat());
/** Chain clause words by code, upper case as printed (WHAT, WHEN, COUNT, WHERE); '' for other codes. */
const CLAUSE_OF: string[] = new Array<string>(OP_NAMES.length).fill('');
for (const c of CHAIN_CLAUSES) CLAUSE_OF[code(c.toLowerCase())] = c;
/** The `ops` of a binary node with one operator, shared per operator (most nodes: `a = 1`). */
const SINGLE_OP: readonly (readonly string[])[] = OP_NAMES.map((op) => Object.freeze([op]));
const LEVEL_COUNT = BINARY_LEVELS.length;
const CMP_LEVEL = BINARY_LEVELS.findIndex((ops) => ops.includes('occurs'));

export function parse(text: string): ParseResult {
  return new Parser(text).run();
}

/** One token as an object, for messages (built only when a message needs it). */
interface TokInfo { kind: Token['kind']; start: number; end: number; text: string }

class Parser {
  private readonly T: TokenArrays;
  private readonly kinds: Uint8Array;
  private readonly codes: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly last: number;
  private readonly roleCodes: Uint8Array;
  private readonly diags: CoreDiagnostic[];
  private readonly match: Int32Array;
  private readonly strayCloser: Uint8Array;
  private readonly unterminatedAt: number;
  private pos = 0;
  private depth = 0;
  private noIn = false;
  private bracketProblems = false;
  private lastErrorToken = -1;
  private tooDeepReported = false;
  private readonly openStack: number[] = [];
  /** A stack of list items under construction: each list is sliced off it at its end, so every list in the tree is
   * an array of exactly its length (an empty array's first push reserves 17 slots: most lists hold one to three). */
  private readonly scratch: unknown[] = [];
  private top = 0;
  /** Results of parseArgs besides the arguments (no object per call). */
  private argsOpen = 0;
  private argsClose = -1;
  private argsEnd = 0;

  constructor(private readonly text: string) {
    const lexed = lex(text);
    const T = lexed.tokens;
    this.T = T;
    this.kinds = T.kinds;
    this.codes = T.codes;
    this.starts = T.starts;
    this.ends = T.ends;
    this.last = T.n - 1;
    this.diags = lexed.diagnostics;
    this.unterminatedAt = lexed.unterminatedAt;
    this.roleCodes = new Uint8Array(T.n);
    this.match = new Int32Array(T.n).fill(-1);
    this.strayCloser = new Uint8Array(T.n);
    this.pairBrackets();
  }

  run(): ParseResult {
    let root: Expr;
    const extras: Expr[] = [];
    this.skipStray();
    if (this.kinds[this.pos] === K_EOF) {
      root = { kind: 'missing', start: 0, end: 0 };
    } else {
      root = this.parseTop();
      let reported = false;
      while (this.kinds[this.pos] !== K_EOF) {
        if (!reported) {
          this.errorAt(this.pos, `Unexpected ${describe(this.tok(this.pos))}: expected and, or, or the end of the expression`);
          reported = true;
        }
        const before = this.pos;
        if (this.canStart(this.pos)) extras.push(this.parseTop());
        if (this.pos === before) this.advance();
        this.skipStray();
      }
    }
    const garbledFrom = this.pruneStringCascade();
    const diagnostics = this.diags.length > 500 ? this.diags.slice(0, 500) : this.diags;
    const arrays = this.T;
    const roleCodes = this.roleCodes;
    let roles: TokenRole[] | undefined;
    return {
      text: this.text, root, extras, tokenArrays: arrays, diagnostics, garbledFrom,
      get tokens() { return arrays.all(); },
      get roles() {
        if (!roles) {
          roles = new Array<TokenRole>(roleCodes.length);
          for (let i = 0; i < roleCodes.length; i++) roles[i] = ROLE_NAMES[roleCodes[i]];
        }
        return roles;
      },
      hasSyntaxErrors: diagnostics.some((d) => d.severity === 'error'),
    };
  }

  /** One missing quote shifts every later quote: `inSegment("id) and inSegment("id2")` lexes as a string that runs
   * into the code, garbage, then an unterminated string. Find the string that swallowed code, report that one, and
   * drop the cascade after it. Returns the offset after which diagnostics are consequences (or -1). */
  private pruneStringCascade(): number {
    const u = this.unterminatedAt;
    if (u < 0) return -1;
    const lineStart = Math.max(this.text.lastIndexOf('\n', u), this.text.lastIndexOf('\r', u)) + 1;
    let culprit: TokInfo | undefined;
    for (let i = 0; i < this.T.n; i++) {
      if (this.starts[i] >= u) break;
      if (this.kinds[i] !== K_STRING || this.starts[i] < lineStart) continue;
      const t = this.tok(i);
      if (/(\)|\])\s+(and|or)\s|[A-Za-z]\($|,\s*$/i.test(t.text)) { culprit = t; break; }
    }
    const from = culprit ? culprit.start : u;
    this.diags.splice(0, this.diags.length, ...this.diags.filter((d) => {
      if (d.code === 'pql/unbalanced' && / is not closed/.test(d.message)) return false;
      if (culprit && d.range.start >= from) return false;
      return d.range.start <= from;
    }));
    if (culprit) {
      const content = this.text.slice(culprit.start + 1, culprit.end - 1);
      const cut = content.search(/[)\],]|\s/);
      const at = culprit.start + 1 + (cut < 0 ? content.length : cut);
      this.diags.push({
        range: { start: culprit.start, end: culprit.end }, severity: 'error', code: 'pql/unbalanced',
        message: `This string is missing its closing quote: it runs on into ${JSON.stringify(content.slice(cut < 0 ? 0 : cut, (cut < 0 ? 0 : cut) + 20))}. Add " after ${JSON.stringify(content.slice(0, cut < 0 ? content.length : cut))}`,
        fixes: [{ title: 'Insert the closing quote', edits: [{ range: { start: at, end: at }, newText: '"' }], preferred: true }],
      });
    }
    return from;
  }

  private parseTop(): Expr {
    return this.parseExpr();
  }

  // ----- bracket pairing ------------------------------------------------------------------------------------------

  private pairBrackets(): void {
    const stack: number[] = [];
    const A = this.T;
    const kinds = this.kinds, codes = this.codes;
    let reported = 0;
    const report = (d: CoreDiagnostic) => {
      this.bracketProblems = true;
      if (reported++ < 20) this.diags.push(d);
    };
    for (let i = 0; i < A.n; i++) {
      if (kinds[i] !== K_PUNCT) continue;
      const c = codes[i];
      if (c === C_LP || c === C_LB || c === C_LC) { stack.push(i); continue; }
      if (c !== C_RP && c !== C_RB && c !== C_RC) continue;
      if (stack.length === 0) {
        this.strayCloser[i] = 1;
        const s = A.op(i);
        report(diag(this.tok(i), `Unmatched ${s}: remove it, or add the opening ${opener(s)} where it belongs`, 'pql/unbalanced'));
        continue;
      }
      const top = stack[stack.length - 1];
      if (CLOSER_OF[codes[top]] === c) { stack.pop(); this.match[top] = i; this.match[i] = top; continue; }
      const s = A.op(i);
      const t = this.tok(i);
      // Mismatch: does the closer belong to a bracket further out? Then the inner ones were left open.
      let k = stack.length - 2;
      while (k >= 0 && CLOSER_OF[codes[stack[k]]] !== c) k--;
      if (k >= 0) {
        while (stack.length - 1 > k) {
          const o = stack.pop()!;
          report(diag(this.tok(o), `${A.op(o)} is not closed: add ${CLOSERS[A.op(o)]} before ${s}`, 'pql/unbalanced', { start: t.start, end: t.start }, CLOSERS[A.op(o)]));
        }
        const o = stack.pop()!;
        this.match[o] = i;
        this.match[i] = o;
        continue;
      }
      // The closer matches nothing open: take it as the (wrong) closer of the innermost bracket.
      stack.pop();
      this.match[top] = i;
      this.match[i] = top;
      report(diag(t, `${s} does not match ${A.op(top)}: write ${CLOSERS[A.op(top)]}`, 'pql/unbalanced', undefined, CLOSERS[A.op(top)]));
    }
    for (const o of stack) {
      report(diag(this.tok(o), `${A.op(o)} is not closed: add ${CLOSERS[A.op(o)]}`, 'pql/unbalanced'));
    }
  }

  // ----- lists ------------------------------------------------------------------------------------------------------

  private keep(x: unknown): void {
    this.scratch[this.top++] = x;
  }
  /** The items kept since `base`, as an exact-size array. */
  private collect<T>(base: number): T[] {
    const out = this.scratch.slice(base, this.top) as T[];
    this.top = base;
    return out;
  }

  // ----- token helpers ----------------------------------------------------------------------------------------------

  /** Token i as an object (for messages only). */
  private tok(i: number): TokInfo {
    return { kind: this.T.kind(i), start: this.starts[i], end: this.ends[i], text: this.T.textOf(i) };
  }
  /** The index of the token k ahead of the current one (the eof token at the end). */
  private ahead(k: number): number { const p = this.pos + k; return p < this.last ? p : this.last; }
  private advance(): void {
    if (this.kinds[this.pos] !== K_EOF) this.pos++;
    this.skipStray();
  }
  /** Stray closers and bad characters were reported by the bracket pass and the lexer: the parser skips them. */
  private skipStray(): void {
    while (this.strayCloser[this.pos] || this.kinds[this.pos] === K_BAD) this.pos++;
  }
  /** Takes the current token with its role; returns its index. */
  private take(role: number): number {
    const p = this.pos;
    this.roleCodes[p] = role;
    this.advance();
    return p;
  }
  private takeWord(role: number): Word {
    const i = this.take(role);
    return { text: this.T.textOf(i), start: this.starts[i], end: this.ends[i] };
  }
  private prevEnd(): number { return this.pos > 0 ? this.ends[this.pos - 1] : 0; }

  private isName(i: number): boolean {
    const k = this.kinds[i];
    return k === K_QUOTED || (k === K_WORD && HARD_OF_CODE[this.codes[i]] === 0);
  }

  private canStart(i: number): boolean {
    switch (this.kinds[i]) {
      case K_WORD: {
        if (HARD_OF_CODE[this.codes[i]] === 0) return true;
        const l = this.codes[i];
        return l === C_NOT || l === C_TRUE || l === C_FALSE || l === C_EXISTS || l === C_FORALL || l === C_SELECT || l === C_LET;
      }
      case K_QUOTED: case K_STRING: case K_NUMBER: case K_PARAM: return true;
      case K_PUNCT: { const o = this.codes[i]; return o === C_LP || o === C_LB || o === C_LC || o === C_CARET || o === C_MINUS || o === C_BANG; }
      default: return false;
    }
  }

  // ----- diagnostics ------------------------------------------------------------------------------------------------

  private errorAt(tokIdx: number, message: string, closerExpected = false): void {
    if (closerExpected && this.bracketProblems) return;
    if (tokIdx === this.lastErrorToken || this.diags.length >= 500) return;
    // Right after a character the lexer rejected: that report covers it.
    if (tokIdx > 0 && this.kinds[tokIdx - 1] === K_BAD) return;
    let t = tokIdx;
    if (this.kinds[t] === K_EOF && tokIdx > 0) t = tokIdx - 1;
    if (this.unterminatedAt >= 0 && this.starts[t] >= this.unterminatedAt) return;
    this.lastErrorToken = tokIdx;
    this.diags.push({ range: { start: this.starts[t], end: this.ends[t] }, severity: 'error', message, code: 'pql/syntax' });
  }

  private missing(message: string | null): Missing {
    if (message) this.errorAt(this.pos, message);
    const p = this.kinds[this.pos] === K_EOF ? this.prevEnd() : this.starts[this.pos];
    return { kind: 'missing', start: p, end: p };
  }

  private enter(): void { this.depth++; }
  private leave(): void { this.depth--; }

  /** The nesting cap: report once, skip to the end of the innermost open bracket (or of the text), so every outer
   * level closes normally. Keeps recursion bounded on 100,000 nested parentheses. */
  private tooDeep(): Expr {
    const ts = this.starts[this.pos];
    if (!this.tooDeepReported) {
      this.tooDeepReported = true;
      this.diags.push({
        range: { start: ts, end: this.ends[this.pos] }, severity: 'error', code: 'pql/too-deep',
        message: `Expression nested more than ${MAX_NESTING} levels deep: simplify it (split it, or remove redundant parentheses)`,
      });
    }
    const top = this.openStack.length ? this.openStack[this.openStack.length - 1] : -1;
    const m = top >= 0 ? this.match[top] : -1;
    this.pos = m > this.pos ? m : m >= 0 ? this.pos : this.T.n - 1;
    return { kind: 'error', start: ts, end: Math.max(ts, this.prevEnd()) };
  }

  /** Entering the bracket opened at token `open`: `in` is an operator again inside it. Returns the saved state. */
  private pushBracket(open: number): boolean {
    const saved = this.noIn;
    this.noIn = false;
    this.openStack.push(open);
    this.depth++;
    return saved;
  }
  private popBracket(saved: boolean): void {
    this.openStack.pop();
    this.noIn = saved;
    this.depth--;
  }

  /** Consumes the closer paired with the opener at token `open`; returns its offset or -1. */
  private close(open: number, role = R_NONE): number {
    const m = this.match[open];
    if (m >= 0) {
      if (this.pos < m) {
        this.errorAt(this.pos, `Unexpected ${describe(this.tok(this.pos))}: expected ${CLOSERS[this.T.op(open)]}`);
        this.pos = m;
      }
      if (this.pos === m) return this.starts[this.take(role)];
    }
    this.errorAt(this.pos, `Expected ${CLOSERS[this.T.op(open)]}`, true);
    return -1;
  }

  // ----- expressions ------------------------------------------------------------------------------------------------

  parseExpr(): Expr {
    return this.parseLevel(0);
  }

  /** Whether the current token is a binary operator of `level` (`in` is not one right after `let V =`). */
  private binaryOpAt(level: number): boolean {
    const p = this.pos;
    if (LEVEL_OF_CODE[this.codes[p]] !== level) return false;
    return !(this.noIn && this.codes[p] === C_IN);
  }

  /** The binary levels from `minLevel` down: the operand, then each level from the tightest to `minLevel` turns the
   * expression so far into its first operand (precedence climbing, the same tree as one function per level). */
  private parseLevel(minLevel: number): Expr {
    let left = this.parseUnary();
    // The same as visiting every level from the tightest to minLevel (maybeOccurs at the comparison level, then a
    // run of that level's operators), but jumping straight to the level of the current token.
    let level = LEVEL_COUNT - 1;
    while (level >= minLevel) {
      const c = this.codes[this.pos];
      if (c === C_OCCURS) {
        if (CMP_LEVEL > level || CMP_LEVEL < minLevel) break;
        left = this.maybeOccurs(left);
        if (this.binaryOpAt(CMP_LEVEL)) left = this.levelRun(left, CMP_LEVEL);
        level = CMP_LEVEL - 1;
        continue;
      }
      const l = LEVEL_OF_CODE[c];
      if (l < minLevel || l > level || (this.noIn && c === C_IN)) break;
      left = this.levelRun(left, l);
      level = l - 1;
    }
    return left;
  }

  /** `first op x op y ...` at one level, the current token being the first operator. */
  private levelRun(first: Expr, level: number): Expr {
    let t = this.take(R_OP);
    const op0 = this.codes[t];
    let ops: string[] | null = null;
    let lastOpEnd = this.ends[t];
    const operands = [first, this.operandAfter(t, level)];
    while (this.binaryOpAt(level)) {
      t = this.take(R_OP);
      (ops ??= [OP_NAMES[op0]]).push(OP_NAMES[this.codes[t]]);
      lastOpEnd = this.ends[t];
      operands.push(this.operandAfter(t, level));
    }
    const last = operands[operands.length - 1];
    return { kind: 'binary', level, operands, ops: ops ?? SINGLE_OP[op0], start: first.start, end: Math.max(last.end, lastOpEnd) };
  }

  /** The right operand of the operator at token t of `level`. */
  private operandAfter(t: number, level: number): Expr {
    let rhs: Expr;
    if (this.canStart(this.pos) || this.kinds[this.pos] === K_WORD) rhs = this.parseLevel(level + 1);
    else rhs = this.missing(`Expected an expression after ${this.T.textOf(t)}`);
    if (level === CMP_LEVEL) rhs = this.maybeOccurs(rhs);
    return rhs;
  }

  private maybeOccurs(subject: Expr): Expr {
    while (this.codes[this.pos] === C_OCCURS) {
      const t = this.take(R_KW);
      const time = this.parseTimeSpec(true);
      subject = { kind: 'occurs', subject, occursAt: this.starts[t], time, start: subject.start, end: Math.max(this.ends[t], time.end) };
    }
    return subject;
  }

  private parseUnary(): Expr {
    if (this.depth > MAX_NESTING) return this.tooDeep();
    const p = this.pos;
    const c = this.codes[p];
    let op: 'not' | '!' | '-' | null = null;
    if (c === C_BANG) op = '!';
    else if (c === C_MINUS) op = '-';
    else if (c === C_NOT) op = 'not';
    if (op === null) return this.parsePostfix();
    this.take(op === 'not' ? R_KW : R_UNOP);
    this.enter();
    try {
      const operand = this.canStart(this.pos) ? this.parseUnary() : this.missing(`Expected an expression after ${this.T.textOf(p)}`);
      const start = this.starts[p], end = this.ends[p];
      return { kind: 'unary', op, opStart: start, opEnd: end, operand, start, end: Math.max(end, operand.end) };
    } finally { this.leave(); }
  }

  private parsePostfix(): Expr {
    const base = this.parsePrimary();
    return this.parseSteps(base);
  }

  private parseSteps(base: Expr): Expr {
    const mark = this.top;
    let end = base.end;
    for (;;) {
      const p = this.pos;
      if (this.kinds[p] !== K_PUNCT) break;
      const c = this.codes[p];
      if (c === C_DOT) {
        const dot = this.take(R_NONE);
        const dotStart = this.starts[dot];
        const nt = this.pos;
        const nk = this.kinds[nt];
        let step: Step;
        if (nk === K_WORD || nk === K_QUOTED) {
          const name = this.T.textOf(nt);
          const nameStart = this.starts[nt], nameEnd = this.ends[nt];
          if (nk === K_WORD && this.codes[this.ahead(1)] === C_LP) {
            this.take(R_METHOD);
            const args = this.parseArgs();
            step = { kind: 'method', dot: dotStart, name, nameStart, nameEnd, args, open: this.argsOpen, close: this.argsClose, start: dotStart, end: this.argsEnd };
          } else {
            this.take(R_MEMBER);
            step = { kind: 'member', dot: dotStart, name, nameStart, nameEnd, quoted: nk === K_QUOTED, missing: false, start: dotStart, end: nameEnd };
          }
        } else {
          this.errorAt(this.pos, 'Expected a field or method name after "."');
          const dotEnd = this.ends[dot];
          step = { kind: 'member', dot: dotStart, name: '', nameStart: dotEnd, nameEnd: dotEnd, quoted: false, missing: true, start: dotStart, end: dotEnd };
        }
        this.keep(step);
        end = step.end;
        continue;
      }
      if (c === C_LB) {
        const open = this.pos;
        this.take(R_NONE);
        const saved = this.pushBracket(open);
        const cond = this.isCloserOf(open) ? this.missing('Expected a condition inside [ ]') : this.parseExpr();
        this.popBracket(saved);
        const close = this.close(open);
        const os = this.starts[open];
        const e = close >= 0 ? close + 1 : Math.max(cond.end, this.ends[open]);
        const step: Step = { kind: 'filter', open: os, close, cond, start: os, end: e };
        this.keep(step);
        end = e;
        continue;
      }
      break;
    }
    if (this.top === mark) return base;
    const steps = this.collect<Step>(mark);
    if (base.kind === 'path') { for (const st of steps) base.steps.push(st); base.end = end; return base; }
    return { kind: 'path', base, steps, start: base.start, end };
  }

  private isCloserOf(open: number): boolean {
    return this.match[open] === this.pos;
  }

  /** `( args )` with the current token at `(`; the `(` and `)` offsets and the end go to argsOpen/argsClose/argsEnd. */
  private parseArgs(): Expr[] {
    const open = this.take(R_NONE);
    const mark = this.top;
    const saved = this.pushBracket(open);
    if (!this.isCloserOf(open)) {
      for (;;) {
        const before = this.pos;
        this.keep(this.parseExpr());
        if (this.isCloserOf(open) || this.kinds[this.pos] === K_EOF) break;
        if (this.codes[this.pos] === C_COMMA) { this.take(R_NONE); continue; }
        if (this.canStart(this.pos)) { this.errorAt(this.pos, `Expected , between arguments`); continue; }
        this.errorAt(this.pos, `Unexpected ${describe(this.tok(this.pos))}: expected , or )`);
        if (this.match[open] >= 0) { this.pos = this.match[open]; break; }
        if (this.pos === before) this.advance();
        if (this.isCloserOf(open) || this.kinds[this.pos] === K_EOF) break;
      }
    }
    const args = this.collect<Expr>(mark);
    this.popBracket(saved);
    const close = this.close(open);
    const openEnd = this.ends[open];
    this.argsOpen = this.starts[open];
    this.argsClose = close;
    this.argsEnd = close >= 0 ? close + 1 : args.length ? Math.max(openEnd, args[args.length - 1].end) : openEnd;
    return args;
  }

  private parsePrimary(): Expr {
    const p = this.pos;
    const start = this.starts[p], end = this.ends[p];
    switch (this.kinds[p]) {
      case K_STRING: this.take(R_STRING); return { kind: 'string', value: this.T.textOf(p), start, end };
      case K_NUMBER: {
        this.take(R_NUMBER);
        const raw = this.T.textOf(p);
        return { kind: 'number', value: Number(raw), integer: isDigits(raw), raw, start, end };
      }
      case K_PARAM: this.take(R_PARAM); return { kind: 'param', index: Number(this.T.textOf(p)), start, end };
      case K_QUOTED:
        if (this.codes[this.ahead(1)] === C_ARROW) return this.parseLambda();
        this.take(R_NAME);
        return { kind: 'name', name: this.T.textOf(p), quoted: true, start, end };
      case K_WORD: return this.parseWordPrimary(p);
      case K_PUNCT:
        switch (this.codes[p]) {
          case C_LP: return this.lambdaAhead() ? this.parseLambda() : this.parseParen();
          case C_LB: return this.parseArrayLiteral();
          case C_LC: return this.parseObjectLiteral();
          case C_CARET: {
            let levels = 0;
            while (this.codes[this.pos] === C_CARET) { this.take(R_UP); levels++; }
            const r = { start, end: this.prevEnd() };
            if (this.codes[this.pos] !== C_DOT) this.errorAt(this.pos, `${'^'.repeat(levels)} must be followed by . and a field of the enclosing item, e.g. ^.person.gender`);
            return { kind: 'up', levels, start: r.start, end: r.end };
          }
        }
        break;
      case K_EOF:
        return this.missing('Expected an expression');
    }
    if (this.kinds[p] === K_PUNCT) {
      const c = this.codes[p];
      if (c === C_RP || c === C_RB || c === C_RC || c === C_COMMA || IS_BINARY[c]) {
        return this.missing(`Expected an expression before ${describe(this.tok(p))}`);
      }
    }
    this.errorAt(this.pos, `Unexpected ${describe(this.tok(p))}: expected an expression`);
    this.advance();
    return { kind: 'error', start, end };
  }

  private parseWordPrimary(p: number): Expr {
    const l = this.codes[p];
    const start = this.starts[p], end = this.ends[p];
    const next = this.ahead(1);
    const nc = this.codes[next];
    if (l === C_TRUE || l === C_FALSE) { this.take(R_KW); return { kind: 'bool', value: l === C_TRUE, start, end }; }
    if (l === C_LET) return this.parseLet();
    if (l === C_EXISTS || l === C_FORALL || l === C_SELECT || (l === C_SOME && this.isName(next) && this.codes[this.ahead(2)] === C_FROM)) return this.parseQuantifier();
    if (nc === C_ARROW) return this.parseLambda();
    if (l === C_CHAIN && nc === C_LP) return this.parseChain();
    if (IS_AGG[l] && this.overAggregateAhead()) return this.parseAggregate();
    if (nc === C_LP) {
      this.take(R_FN);
      const args = this.parseArgs();
      return { kind: 'call', name: this.T.textOf(p), nameStart: start, nameEnd: end, args, open: this.argsOpen, close: this.argsClose, start, end: this.argsEnd };
    }
    if (IS_ANCHOR[l] && nc !== C_DOT) { this.take(R_ANCHOR); return { kind: 'anchor', word: OP_NAMES[l], start, end }; }
    if (HARD_OF_CODE[this.codes[p]]) {
      const text = this.T.textOf(p);
      return this.missing(`Expected an expression, found the keyword ${text}${l === C_AND || OP_NAMES[l] === 'or' || l === C_IN || OP_NAMES[l] === 'like' ? '' : ' (write a field with that name in backticks: `' + text + '`)'}`);
    }
    this.take(R_NAME);
    return { kind: 'name', name: this.T.textOf(p), quoted: false, start, end };
  }

  private overAggregateAhead(): boolean {
    const next = this.ahead(1);
    if (this.codes[next] === C_LP) {
      const m = this.match[this.pos + 1];
      return m > 0 && this.codes[m + 1] === C_OVER;
    }
    const nk = this.kinds[next];
    if (nk === K_QUOTED || nk === K_PARAM || this.codes[next] === C_CARET) return true;
    return nk === K_WORD && HARD_OF_CODE[this.codes[next]] === 0 && this.codes[next] !== C_OVER;
  }

  private parseParen(): Expr {
    const open = this.take(R_NONE);
    const saved = this.pushBracket(open);
    const inner = this.isCloserOf(open) ? this.missing('Expected an expression inside ( )') : this.parseExpr();
    this.popBracket(saved);
    const close = this.close(open);
    return { kind: 'paren', inner, start: this.starts[open], end: close >= 0 ? close + 1 : Math.max(this.ends[open], inner.end) };
  }

  private parseArrayLiteral(): Expr {
    const open = this.take(R_NONE);
    const mark = this.top;
    const saved = this.pushBracket(open);
    if (!this.isCloserOf(open)) {
      for (;;) {
        const before = this.pos;
        this.keep(this.parseExpr());
        if (this.listSeparator(open, before)) continue;
        break;
      }
    }
    const items = this.collect<Expr>(mark);
    this.popBracket(saved);
    const close = this.close(open);
    return { kind: 'array', items, start: this.starts[open], end: close >= 0 ? close + 1 : items.length ? items[items.length - 1].end : this.ends[open] };
  }

  /** After a list item (which started at token `before`): true to parse another item, false at the end of the list. */
  private listSeparator(open: number, before: number): boolean {
    if (this.isCloserOf(open) || this.kinds[this.pos] === K_EOF) return false;
    if (this.codes[this.pos] === C_COMMA) { this.take(R_NONE); return true; }
    if (this.canStart(this.pos) && this.pos !== before) { this.errorAt(this.pos, 'Expected , between items'); return true; }
    this.errorAt(this.pos, `Unexpected ${describe(this.tok(this.pos))}: expected , or ${CLOSERS[this.T.op(open)]}`);
    if (this.match[open] >= 0) { this.pos = this.match[open]; return false; }
    if (this.pos === before) this.advance();
    return this.kinds[this.pos] !== K_EOF;
  }

  /** Comma-separated items up to the closer paired with `open` (not consumed). */
  private parseList(open: number, item: () => void): void {
    if (this.isCloserOf(open)) return;
    for (;;) {
      const before = this.pos;
      item();
      if (!this.listSeparator(open, before)) break;
    }
  }

  private parseObjectLiteral(): Expr {
    const open = this.take(R_NONE);
    const entries: ObjectEntry[] = [];
    const saved = this.pushBracket(open);
    this.parseList(open, () => {
      const k = this.pos;
      const kk = this.kinds[k];
      if (kk === K_STRING || kk === K_WORD || kk === K_QUOTED) {
        this.take(R_KEY);
        let value: Expr;
        if (this.codes[this.pos] === C_COLON) { this.take(R_COLON); value = this.parseExpr(); }
        else value = this.missing(`Expected : after the key "${this.T.textOf(k)}"`);
        entries.push({ key: this.T.textOf(k), keyStart: this.starts[k], keyEnd: this.ends[k], value });
      } else {
        this.errorAt(this.pos, 'Expected a key such as "count": in the object');
        if (!this.isCloserOf(open) && this.codes[this.pos] !== C_COMMA) this.advance();
      }
    });
    this.popBracket(saved);
    const close = this.close(open);
    return { kind: 'object', entries, start: this.starts[open], end: close >= 0 ? close + 1 : this.prevEnd() };
  }

  private lambdaAhead(): boolean {
    // ( name , name ... ) =>
    const n = this.T.n;
    const at = (i: number) => (i < this.last ? i : this.last);
    let k = this.pos + 1;
    if (this.codes[at(k)] === C_RP) return this.codes[at(k + 1)] === C_ARROW;
    for (let guard = 0; guard < n; guard++) {
      if (!this.isName(at(k))) return false;
      k++;
      if (this.codes[at(k)] === C_COMMA) { k++; continue; }
      if (this.codes[at(k)] === C_RP) return k + 1 < n && this.codes[at(k + 1)] === C_ARROW;
      return false;
    }
    return false;
  }

  private parseLambda(): Expr {
    const start = this.starts[this.pos];
    const params: Word[] = [];
    if (this.codes[this.pos] === C_LP) {
      const open = this.take(R_NONE);
      while (!this.isCloserOf(open) && this.kinds[this.pos] !== K_EOF) {
        if (this.codes[this.pos] === C_COMMA) { this.take(R_NONE); continue; }
        params.push(this.takeWord(R_DECL));
      }
      this.close(open);
    } else {
      params.push(this.takeWord(R_DECL));
    }
    const arrowTok = this.take(R_ARROW);
    const arrow = { text: '=>', start: this.starts[arrowTok], end: this.ends[arrowTok] };
    this.enter();
    try {
      const body = this.canStart(this.pos) ? this.parseExpr() : this.missing('Expected the lambda body after =>');
      return { kind: 'lambda', params, arrow, body, start, end: Math.max(arrow.end, body.end) };
    } finally { this.leave(); }
  }

  private parseLet(): Expr {
    const letTok = this.take(R_KW);
    const bindings: LetBinding[] = [];
    this.enter();
    try {
      for (;;) {
        let name: Word;
        if (this.isName(this.pos)) name = this.takeWord(R_DECL);
        else { this.errorAt(this.pos, 'Expected a variable name after let, e.g. let S = ... in ...'); name = { text: '', start: this.starts[this.pos], end: this.starts[this.pos] }; }
        let value: Expr;
        if (this.codes[this.pos] === C_EQ) {
          this.take(R_BIND);
          const saved = this.noIn;
          this.noIn = true;
          try { value = this.parseExpr(); } finally { this.noIn = saved; }
        } else value = this.missing(`Expected = after let ${name.text}`);
        bindings.push({ name, value });
        if (this.codes[this.pos] === C_COMMA && this.isName(this.ahead(1)) && this.codes[this.ahead(2)] === C_EQ) { this.take(R_NONE); continue; }
        break;
      }
      let inWord: Word | null = null;
      let body: Expr;
      if (this.codes[this.pos] === C_IN) {
        const t = this.take(R_KW);
        inWord = { text: 'in', start: this.starts[t], end: this.ends[t] };
        body = this.canStart(this.pos) ? this.parseExpr() : this.missing('Expected an expression after in');
      } else body = this.missing('Expected in and the expression that uses the variable: let V = ... in ...');
      return { kind: 'let', bindings, inWord, body, start: this.starts[letTok], end: Math.max(this.prevEnd(), this.ends[letTok]) };
    } finally { this.leave(); }
  }

  private parseQuantifier(): Expr {
    const wTok = this.take(R_KW);
    const word = { text: OP_NAMES[this.codes[wTok]], start: this.starts[wTok], end: this.ends[wTok] };
    this.enter();
    try {
      const clauses = this.parseClauses(word.text !== 'select', word.text);
      return { kind: 'quant', word, clauses, start: word.start, end: Math.max(word.end, this.prevEnd()) };
    } finally { this.leave(); }
  }

  private parseAggregate(): Expr {
    const wTok = this.take(R_KW);
    const word = { text: OP_NAMES[this.codes[wTok]], start: this.starts[wTok], end: this.ends[wTok] };
    this.enter();
    try {
      const value = this.parseExpr();
      let over: Word | null = null;
      let clauses: Clause[] = [];
      if (this.codes[this.pos] === C_OVER) {
        const t = this.take(R_KW);
        over = { text: 'over', start: this.starts[t], end: this.ends[t] };
        clauses = this.parseClauses(false, 'over');
      } else this.errorAt(this.pos, `Expected over: ${word.text} X.field over X from xEvent where ...`);
      return { kind: 'aggregate', word, value, over, clauses, start: word.start, end: Math.max(word.end, this.prevEnd()) };
    } finally { this.leave(); }
  }

  private parseClauses(requireWhere: boolean, what: string): Clause[] {
    const mark = this.top;
    for (;;) {
      const start = this.starts[this.pos];
      let variable: Word;
      if (this.isName(this.pos)) variable = this.takeWord(R_DECL);
      else {
        this.errorAt(this.pos, `Expected a variable after ${what}: ${what === 'over' ? 'over X from xEvent' : what + ' X from xEvent where ...'}`);
        variable = { text: '', start: this.starts[this.pos], end: this.starts[this.pos] };
      }
      let from: Word | null = null;
      let source: Expr;
      if (this.codes[this.pos] === C_FROM) {
        const t = this.take(R_KW);
        from = { text: 'from', start: this.starts[t], end: this.ends[t] };
        source = this.canStart(this.pos) ? this.parseExpr() : this.missing('Expected the array to range over after from, e.g. xEvent');
      } else source = this.missing(`Expected from after ${variable.text || 'the variable'}: ${variable.text || 'X'} from xEvent`);
      let where: Word | null = null;
      let cond: Expr | null = null;
      const wt = this.pos;
      const wc = this.codes[wt];
      if (wc === C_WHERE || wc === C_COLON) {
        const isWord = this.kinds[wt] === K_WORD;
        this.take(isWord ? R_KW : R_WCOLON);
        where = { text: isWord ? 'where' : ':', start: this.starts[wt], end: this.ends[wt] };
        cond = this.canStart(this.pos) ? this.parseExpr() : this.missing(`Expected a condition after ${this.T.textOf(wt)}`);
      } else if (requireWhere && source.kind !== 'missing') {
        this.errorAt(this.pos, `Expected where and a condition: ${what} ${variable.text || 'X'} from ... where ${variable.text || 'X'}.field = ...`);
      }
      this.keep({ start, end: Math.max(start, this.prevEnd()), variable, from, source, where, cond });
      if (this.codes[this.pos] === C_COMMA && this.isName(this.ahead(1)) && this.codes[this.ahead(2)] === C_FROM) { this.take(R_NONE); continue; }
      return this.collect<Clause>(mark);
    }
  }

  // ----- chain ------------------------------------------------------------------------------------------------------

  private parseChain(): Chain {
    const nameTok = this.take(R_FN);
    const open = this.take(R_NONE);
    const events: Expr = this.missing(null);
    const ns = this.starts[nameTok];
    const chain: Chain = {
      kind: 'chain', nameStart: ns, nameEnd: this.ends[nameTok], open: this.starts[open], close: -1, events, timestamp: events, items: [],
      itemsStart: -1, itemsEnd: -1, extraArgs: [], start: ns, end: ns,
    };
    const saved = this.pushBracket(open);
    this.chainArgs(chain, open);
    this.popBracket(saved);
    const close = this.close(open);
    chain.close = close;
    chain.end = close >= 0 ? close + 1 : this.prevEnd();
    return chain;
  }

  private chainArgs(chain: Chain, open: number): void {
    const usage = 'chain(xEvent, timestamp, [A: WHAT(...)])';
    if (this.isCloserOf(open)) { this.errorAt(this.pos, 'chain needs three arguments: chain(xEvent, timestamp, [A: WHAT(...)])'); return; }
    chain.events = this.parseExpr();
    if (!this.expectComma(open, usage)) return;
    chain.timestamp = this.parseExpr();
    if (!this.expectComma(open, usage)) return;
    if (this.codes[this.pos] === C_LB) {
      const s = this.starts[this.pos];
      chain.items = this.parseChainItems();
      chain.itemsStart = s;
      chain.itemsEnd = this.prevEnd();
    } else {
      this.errorAt(this.pos, 'chain\'s third argument is the list of steps: [A: WHAT(condition) WHEN(< 7 days before now)]');
      chain.extraArgs.push(this.parseExpr());
    }
    while (this.codes[this.pos] === C_COMMA) {
      this.take(R_NONE);
      this.errorAt(this.pos, 'chain takes three arguments: remove this one');
      chain.extraArgs.push(this.parseExpr());
    }
  }

  private expectComma(open: number, usage: string): boolean {
    if (this.codes[this.pos] === C_COMMA) { this.take(R_NONE); return true; }
    if (this.isCloserOf(open) || this.kinds[this.pos] === K_EOF) { this.errorAt(this.pos, `Missing arguments: ${usage}`); return false; }
    this.errorAt(this.pos, `Expected , : ${usage}`);
    return true;
  }

  private parseChainItems(): ChainItem[] {
    const open = this.take(R_NONE);
    const mark = this.top;
    const saved = this.pushBracket(open);
    if (!this.isCloserOf(open)) {
      for (;;) {
        const before = this.pos;
        this.keep(this.parseChainItem(open));
        if (!this.listSeparator(open, before)) break;
      }
    }
    const items = this.collect<ChainItem>(mark);
    this.popBracket(saved);
    this.close(open);
    return items;
  }

  private parseChainItem(open: number): ChainItem {
    const start = this.starts[this.pos];
    let label: Word | null = null;
    const k0 = this.kinds[this.pos];
    if ((k0 === K_WORD || k0 === K_QUOTED) && this.codes[this.ahead(1)] === C_COLON) {
      label = this.takeWord(R_LABEL);
      this.take(R_COLON);
    }
    const mark = this.top;
    for (;;) {
      const t = this.pos;
      const kw = this.kinds[t] === K_WORD ? CLAUSE_OF[this.codes[t]] : '';
      if (!(kw !== '' && this.codes[this.ahead(1)] === C_LP)) break;
      this.take(R_CLAUSE);
      const cOpen = this.take(R_NONE);
      const savedC = this.pushBracket(cOpen);
      const arg: Expr | TimeSpec = this.isCloserOf(cOpen)
        ? this.missing(`Expected ${kw === 'WHEN' ? 'a time such as < 7 days before now' : kw === 'COUNT' ? 'a number' : 'a condition'} inside ${kw}( )`)
        : kw === 'WHEN' ? this.parseTimeSpec(false) : this.parseExpr();
      this.popBracket(savedC);
      const close = this.close(cOpen);
      const ts = this.starts[t];
      const clause: ChainClause = { word: { text: kw, start: ts, end: this.ends[t] }, open: this.starts[cOpen], close, arg, start: ts, end: close >= 0 ? close + 1 : this.prevEnd() };
      this.keep(clause);
    }
    const clauses = this.collect<ChainClause>(mark);
    if (clauses.length === 0) {
      this.errorAt(this.pos, label ? `Expected WHAT(condition) after ${label.text}:` : 'Expected a step such as A: WHAT(eventType = "addToCart")');
      if (!this.isCloserOf(open) && this.codes[this.pos] !== C_COMMA && this.canStart(this.pos)) this.parseExpr();
      else if (!this.isCloserOf(open) && this.codes[this.pos] !== C_COMMA) this.advance();
    }
    return { start, end: Math.max(start, this.prevEnd()), label, clauses };
  }

  // ----- occurs -----------------------------------------------------------------------------------------------------

  /** The right-hand side of `occurs` (also the argument of a chain's WHEN). */
  private parseTimeSpec(afterOccurs: boolean): TimeSpec {
    const t = this.pos;
    const tk = this.kinds[t];
    const tc = this.codes[t];
    const start = this.starts[t];
    if ((tk === K_PUNCT && IS_CMP[tc]) || tk === K_NUMBER) {
      let cmp: Word | null = null;
      if (tk === K_PUNCT) cmp = this.takeWord(R_OP);
      else this.errorAt(this.pos, 'Start the relative time with a comparison: <= 3 days before now (within), = 3 days before now (that day), > 3 days before now (earlier)');
      let amount: NumberLit | Missing;
      const nt = this.pos;
      if (this.kinds[nt] === K_NUMBER) {
        this.take(R_NUMBER);
        const raw = this.T.textOf(nt);
        amount = { kind: 'number', value: Number(raw), integer: isDigits(raw), raw, start: this.starts[nt], end: this.ends[nt] };
      } else amount = this.missing(`Expected a whole number after ${cmp?.text ?? 'the comparison'}, e.g. ${cmp?.text ?? '<'} 7 days before now`);
      const unit = this.expectUnit();
      const direction = this.expectDirection();
      const anchor = direction ? this.parseTimeRef() : this.missing(null);
      return { kind: 'time-rel', start, end: Math.max(start, this.prevEnd()), cmp, amount, unit, direction, anchor };
    }
    if (tk === K_WORD) {
      if (IS_DIRECTION[tc]) {
        const direction = this.takeWord(R_KW);
        const anchor = this.parseTimeRef();
        return { kind: 'time-dir', start, end: Math.max(start, this.prevEnd()), direction, anchor };
      }
      if (tc === C_BETWEEN) {
        this.take(R_KW);
        const from = this.parseTimeRef();
        let and: Word | null = null;
        if (this.codes[this.pos] === C_AND && this.kinds[this.pos] === K_WORD) and = this.takeWord(R_KW);
        else this.errorAt(this.pos, 'Expected and: occurs between date(2015, 1, 8) and date(2017, 7, 1)');
        const to = and ? this.parseTimeRef() : this.missing(null);
        return { kind: 'time-between', start, end: Math.max(start, this.prevEnd()), from, and, to };
      }
      if (tc === C_ON) {
        const on = this.takeWord(R_KW);
        const anchor = this.parseTimeRef();
        return { kind: 'time-at', start, end: Math.max(start, anchor.end), on, anchor };
      }
    }
    if (!this.canStart(t) || (tk === K_WORD && HARD_OF_CODE[this.codes[t]])) {
      this.errorAt(this.pos - 1, `Expected a time after ${afterOccurs ? 'occurs' : 'WHEN('}: e.g. last month, before today, < 7 days before now, between date(2020, 1, 1) and date(2020, 12, 31)`);
      const m = this.missing(null);
      return { kind: 'time-at', start: m.start, end: m.end, on: null, anchor: m };
    }
    const anchor = this.parseTimeRef();
    return { kind: 'time-at', start, end: Math.max(start, anchor.end), on: null, anchor };
  }

  private expectUnit(): Word | null {
    const t = this.pos;
    if (this.kinds[t] === K_WORD && IS_UNIT[this.codes[t]]) return this.takeWord(R_UNIT);
    this.errorAt(this.pos, 'Expected a time unit: days, hours, weeks, months, years, minutes, seconds, ...');
    return null;
  }

  private expectDirection(): Word | null {
    const t = this.pos;
    if (this.kinds[t] === K_WORD && IS_DIRECTION[this.codes[t]]) return this.takeWord(R_KW);
    this.errorAt(this.pos, 'Expected before, after or from and a time, e.g. 7 days before now');
    return null;
  }

  private parseTimeRef(): TimeRef {
    const t = this.pos;
    const tk = this.kinds[t];
    if (tk === K_WORD) {
      const l = this.codes[t];
      const nc = this.codes[this.ahead(1)];
      if (IS_ANCHOR[l] && nc !== C_DOT && nc !== C_LP) {
        this.take(R_ANCHOR);
        return { kind: 'anchor', word: OP_NAMES[l], start: this.starts[t], end: this.ends[t] };
      }
      if (IS_RELATIVE[l]) {
        const which = this.takeWord(R_KW);
        const unit = this.expectUnit();
        return { kind: 'relunit', which, unit, start: this.starts[t], end: Math.max(this.ends[t], this.prevEnd()) };
      }
    }
    if (!this.canStart(t) || (tk === K_WORD && HARD_OF_CODE[this.codes[t]])) {
      return this.missing('Expected a time: now, today, yesterday, tomorrow, last month, date(2020, 1, 1) or a date-time field');
    }
    this.enter();
    try { return this.parsePostfix(); } finally { this.leave(); }
  }
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) { const c = s.charCodeAt(i); if (c < 48 || c > 57) return false; }
  return s.length > 0;
}

function opener(closer: string): string {
  return closer === ')' ? '(' : closer === ']' ? '[' : '{';
}

function describe(t: { kind: Token['kind']; text: string }): string {
  switch (t.kind) {
    case 'eof': return 'end of expression';
    case 'string': return 'string';
    case 'number': return `number ${t.text}`;
    case 'word': return `"${t.text}"`;
    case 'quoted': return `\`${t.text}\``;
    default: return `"${t.text.length > 20 ? t.text.slice(0, 20) + '…' : t.text}"`;
  }
}

function diag(t: { start: number; end: number }, message: string, code: string, insertAt?: Range, insert?: string): CoreDiagnostic {
  const d: CoreDiagnostic = { range: { start: t.start, end: t.end }, severity: 'error', message, code };
  if (insertAt && insert) d.fixes = [{ title: `Insert ${insert}`, edits: [{ range: insertAt, newText: insert }] }];
  return d;
}

/** Words that have a meaning to the parser (for completion and hover). */
export function isEventsName(name: string): boolean {
  return name === EVENTS_NAME;
}
