// Hand-written, error-tolerant PQL parser: recursive descent for the keyword forms, one loop per precedence level
// for the binary operators (see grammarChoices.BINARY_LEVELS). It never throws: a missing piece becomes a `missing`
// node, skipped tokens an `error` node, and parsing goes on so that the rest of the expression still gets completion
// and hover. Brackets are paired up front (one pass over the tokens); unbalanced ones are reported once, at the
// bracket, and the parser follows that pairing, so `foo(a]` is one diagnostic.
import type { CoreDiagnostic } from '../common/coreTypes';
import type {
  Chain, ChainClause, ChainItem, Clause, Expr, LetBinding, Missing, NumberLit, ObjectEntry, Range, Step, TimeRef, TimeSpec, Word,
} from './ast';
import {
  BINARY_LEVELS, CHAIN_CLAUSES, DIRECTIONS, EVENTS_NAME, MAX_NESTING, OCCURS_COMPARISONS, OVER_AGGREGATES,
  RELATIVE_WORDS, TIME_ANCHORS, TIME_UNITS,
} from './grammarChoices';
import { lex, type Token, type TokenArrays } from './lexer';

/** What each token is, as the parser understood it: drives semantic tokens, formatting and keyword hover. */
export type TokenRole =
  | '' | 'kw' | 'op' | 'unop' | 'fn' | 'method' | 'member' | 'name' | 'label' | 'unit' | 'anchor' | 'decl' | 'clause'
  | 'colon' | 'wcolon' | 'arrow' | 'bind' | 'string' | 'number' | 'param' | 'up' | 'key';

export interface ParseResult {
  text: string;
  root: Expr;
  /** Expressions after the first one (after a syntax error), still analysed for completion and hover. */
  extras: Expr[];
  /** The tokens as objects (materialised on first use, for the editor features). */
  readonly tokens: Token[];
  tokenArrays: TokenArrays;
  roles: TokenRole[];
  /** Lexer and parser diagnostics (syntax, unbalanced brackets, escapes, nesting). */
  diagnostics: CoreDiagnostic[];
  /** True when any of the diagnostics is an error. */
  hasSyntaxErrors: boolean;
  /** After a string that lost its closing quote, the offset from which everything is a consequence (or -1). */
  garbledFrom: number;
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const TIME_ANCHOR_SET = new Set(TIME_ANCHORS);
const RELATIVE_SET = new Set(RELATIVE_WORDS);
const DIRECTION_SET = new Set(DIRECTIONS);
const UNIT_SET = new Set(TIME_UNITS);
const CMP_SET = new Set(OCCURS_COMPARISONS);
const AGG_SET = new Set(OVER_AGGREGATES);
const CLAUSE_SET = new Set(CHAIN_CLAUSES);
const LEVEL_COUNT = BINARY_LEVELS.length;
const CMP_LEVEL = BINARY_LEVELS.findIndex((ops) => ops.includes('occurs'));
const ALL_BINARY = new Set(BINARY_LEVELS.flat());


export function parse(text: string): ParseResult {
  return new Parser(text).run();
}

/** A short-lived view of one token for the parser (the tokens themselves live in TokenArrays). */
class TokView {
  readonly kind: Token['kind'];
  readonly start: number;
  readonly end: number;
  readonly low: string;
  readonly hard: boolean;
  readonly lvl: number;
  constructor(private readonly arr: TokenArrays, readonly i: number) {
    this.kind = arr.kind(i);
    this.start = arr.starts[i];
    this.end = arr.ends[i];
    this.low = arr.op(i);
    this.hard = arr.hards[i] === 1;
    this.lvl = arr.lvls[i];
  }
  get text(): string { return this.arr.textOf(this.i); }
}
type PTok = TokView;

class Parser {
  private readonly T: TokenArrays;
  private readonly ring: (TokView | undefined)[] = new Array(64);
  private readonly roles: TokenRole[];
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

  constructor(private readonly text: string) {
    const lexed = lex(text);
    this.T = lexed.tokens;
    this.diags = lexed.diagnostics;
    this.unterminatedAt = lexed.unterminatedAt;
    this.roles = new Array<TokenRole>(this.T.n).fill('');
    this.match = new Int32Array(this.T.n).fill(-1);
    this.strayCloser = new Uint8Array(this.T.n);
    this.pairBrackets();
  }

  run(): ParseResult {
    let root: Expr;
    const extras: Expr[] = [];
    this.skipStray();
    if (this.cur().kind === 'eof') {
      root = { kind: 'missing', start: 0, end: 0 };
    } else {
      root = this.parseTop();
      let reported = false;
      while (this.cur().kind !== 'eof') {
        const t = this.cur();
        if (!reported) {
          this.errorAt(this.pos, `Unexpected ${describe(t)}: expected and, or, or the end of the expression`);
          reported = true;
        }
        const before = this.pos;
        if (this.canStartExpression(t)) extras.push(this.parseTop());
        if (this.pos === before) this.advance();
        this.skipStray();
      }
    }
    const garbledFrom = this.pruneStringCascade();
    const diagnostics = this.diags.length > 500 ? this.diags.slice(0, 500) : this.diags;
    const arrays = this.T;
    return {
      text: this.text, root, extras, tokenArrays: arrays, roles: this.roles, diagnostics, garbledFrom,
      get tokens() { return arrays.all(); },
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
    let culprit: PTok | undefined;
    for (let i = 0; i < this.T.n; i++) {
      const t = this.tok(i);
      if (t.start >= u) break;
      if (t.kind !== 'string' || t.start < lineStart) continue;
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
    const toks = { length: A.n } as { length: number; [i: number]: PTok };
    const tokAt = (i: number) => this.tok(i);
    let reported = 0;
    const report = (d: CoreDiagnostic) => {
      this.bracketProblems = true;
      if (reported++ < 20) this.diags.push(d);
    };
    for (let i = 0; i < toks.length; i++) {
      if (A.kinds[i] !== 6 /* punct */) continue;
      const s = A.op(i);
      if (s !== '(' && s !== '[' && s !== '{' && s !== ')' && s !== ']' && s !== '}') continue;
      const t = tokAt(i);
      if (s === '(' || s === '[' || s === '{') { stack.push(i); continue; }
      if (s !== ')' && s !== ']' && s !== '}') continue;
      if (stack.length === 0) {
        this.strayCloser[i] = 1;
        report(diag(t, `Unmatched ${s}: remove it, or add the opening ${opener(s)} where it belongs`, 'pql/unbalanced'));
        continue;
      }
      const top = stack[stack.length - 1];
      if (CLOSERS[A.op(top)] === s) { stack.pop(); this.match[top] = i; this.match[i] = top; continue; }
      // Mismatch: does the closer belong to a bracket further out? Then the inner ones were left open.
      let k = stack.length - 2;
      while (k >= 0 && CLOSERS[A.op(stack[k])] !== s) k--;
      if (k >= 0) {
        while (stack.length - 1 > k) {
          const o = stack.pop()!;
          report(diag(tokAt(o), `${A.op(o)} is not closed: add ${CLOSERS[A.op(o)]} before ${s}`, 'pql/unbalanced', { start: t.start, end: t.start }, CLOSERS[A.op(o)]));
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
      report(diag(tokAt(o), `${A.op(o)} is not closed: add ${CLOSERS[A.op(o)]}`, 'pql/unbalanced'));
    }
  }

  // ----- token helpers ----------------------------------------------------------------------------------------------

  /** The view of token i (a small cache: views are short-lived, the arrays hold the tokens). */
  private tok(i: number): PTok {
    const slot = i & 63;
    const v = this.ring[slot];
    if (v !== undefined && v.i === i) return v;
    const nv = new TokView(this.T, i);
    this.ring[slot] = nv;
    return nv;
  }
  private cur(): PTok { return this.tok(this.pos); }
  private at(k: number): PTok { return this.tok(Math.min(this.pos + k, this.T.n - 1)); }
  private advance(): PTok {
    const t = this.tok(this.pos);
    if (t.kind !== 'eof') this.pos++;
    this.skipStray();
    return t;
  }
  /** Stray closers and bad characters were reported by the bracket pass and the lexer: the parser skips them. */
  private skipStray(): void {
    while (this.strayCloser[this.pos] || this.T.kinds[this.pos] === 7 /* bad */) this.pos++;
  }
  private take(role: TokenRole): PTok {
    this.roles[this.pos] = role;
    return this.advance();
  }
  private takeWord(role: TokenRole): Word {
    const t = this.take(role);
    return { text: t.text, start: t.start, end: t.end };
  }
  private isPunct(t: PTok, s: string): boolean { return t.kind === 'punct' && t.low === s; }
  private isWord(t: PTok, lower: string): boolean { return t.kind === 'word' && t.low === lower; }
  private prevEnd(): number { return this.pos > 0 ? this.T.ends[this.pos - 1] : 0; }

  private isName(t: PTok): boolean {
    return t.kind === 'quoted' || (t.kind === 'word' && !t.hard);
  }

  private canStartExpression(t: PTok): boolean {
    switch (t.kind) {
      case 'word': {
        const l = t.low;
        return !t.hard || l === 'not' || l === 'true' || l === 'false' || l === 'exists' || l === 'forall' || l === 'select' || l === 'let';
      }
      case 'quoted': case 'string': case 'number': case 'param': return true;
      case 'punct': { const o = t.low; return o === '(' || o === '[' || o === '{' || o === '^' || o === '-' || o === '!'; }
      default: return false;
    }
  }

  // ----- diagnostics ------------------------------------------------------------------------------------------------

  private errorAt(tokIdx: number, message: string, closerExpected = false): void {
    if (closerExpected && this.bracketProblems) return;
    if (tokIdx === this.lastErrorToken || this.diags.length >= 500) return;
    // Right after a character the lexer rejected: that report covers it.
    if (tokIdx > 0 && this.T.kinds[tokIdx - 1] === 7 /* bad */) return;
    let t = this.tok(tokIdx);
    if (t.kind === 'eof' && tokIdx > 0) t = this.tok(tokIdx - 1);
    if (this.unterminatedAt >= 0 && t.start >= this.unterminatedAt) return;
    this.lastErrorToken = tokIdx;
    this.diags.push({ range: { start: t.start, end: t.end }, severity: 'error', message, code: 'pql/syntax' });
  }

  private missing(message: string | null): Missing {
    if (message) this.errorAt(this.pos, message);
    const p = this.cur().kind === 'eof' ? this.prevEnd() : this.cur().start;
    return { kind: 'missing', start: p, end: p };
  }

  private enter(): void { this.depth++; }
  private leave(): void { this.depth--; }

  /** The nesting cap: report once, skip to the end of the innermost open bracket (or of the text), so every outer
   * level closes normally. Keeps recursion bounded on 100,000 nested parentheses. */
  private tooDeep(): Expr {
    const t = this.cur();
    if (!this.tooDeepReported) {
      this.tooDeepReported = true;
      this.diags.push({
        range: { start: t.start, end: t.end }, severity: 'error', code: 'pql/too-deep',
        message: `Expression nested more than ${MAX_NESTING} levels deep: simplify it (split it, or remove redundant parentheses)`,
      });
    }
    const top = this.openStack.length ? this.openStack[this.openStack.length - 1] : -1;
    const m = top >= 0 ? this.match[top] : -1;
    this.pos = m > this.pos ? m : m >= 0 ? this.pos : this.T.n - 1;
    return { kind: 'error', start: t.start, end: Math.max(t.start, this.prevEnd()) };
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
  private close(open: number, role: TokenRole = ''): number {
    const m = this.match[open];
    const want = CLOSERS[this.T.op(open)];
    if (m >= 0) {
      if (this.pos < m) {
        this.errorAt(this.pos, `Unexpected ${describe(this.cur())}: expected ${want}`);
        this.pos = m;
      }
      if (this.pos === m) { const t = this.take(role); return t.start; }
    }
    this.errorAt(this.pos, `Expected ${want}`, true);
    return -1;
  }

  // ----- expressions ------------------------------------------------------------------------------------------------

  parseExpr(): Expr {
    return this.parseLevel(0);
  }

  private binaryOpAt(level: number): string | null {
    const p = this.pos;
    if (this.T.lvls[p] !== level) return null;
    const op = this.T.op(p);
    if (this.noIn && op === 'in') return null;
    return op;
  }

  private parseLevel(level: number): Expr {
    if (level >= LEVEL_COUNT) return this.parseUnary();
    let first = this.parseLevel(level + 1);
    if (level === CMP_LEVEL) first = this.maybeOccurs(first);
    let op = this.binaryOpAt(level);
    if (op === null) return first;
    const operands: Expr[] = [first];
    const ops: string[] = [];
    const opStarts: number[] = [];
    const opEnds: number[] = [];
    while (op !== null) {
      const t = this.take('op');
      ops.push(op);
      opStarts.push(t.start);
      opEnds.push(t.end);
      let rhs: Expr;
      if (this.canStartExpression(this.cur()) || this.cur().kind === 'word') rhs = this.parseLevel(level + 1);
      else rhs = this.missing(`Expected an expression after ${t.text}`);
      if (level === CMP_LEVEL) rhs = this.maybeOccurs(rhs);
      operands.push(rhs);
      op = this.binaryOpAt(level);
    }
    const last = operands[operands.length - 1];
    return { kind: 'binary', level, operands, ops, opStarts, opEnds, start: first.start, end: Math.max(last.end, opEnds[opEnds.length - 1]) };
  }

  private maybeOccurs(subject: Expr): Expr {
    while (this.isWord(this.cur(), 'occurs')) {
      const t = this.take('kw');
      const time = this.parseTimeSpec(t);
      subject = { kind: 'occurs', subject, occursAt: t.start, time, start: subject.start, end: Math.max(t.end, time.end) };
    }
    return subject;
  }

  private parseUnary(): Expr {
    if (this.depth > MAX_NESTING) return this.tooDeep();
    const t = this.cur();
    let op: 'not' | '!' | '-' | null = null;
    if (t.kind === 'punct' && (t.text === '!' || t.text === '-')) op = t.text;
    else if (this.isWord(t, 'not')) op = 'not';
    if (op === null) return this.parsePostfix();
    this.take(op === 'not' ? 'kw' : 'unop');
    this.enter();
    try {
      const operand = this.canStartExpression(this.cur()) ? this.parseUnary() : this.missing(`Expected an expression after ${t.text}`);
      return { kind: 'unary', op, opStart: t.start, opEnd: t.end, operand, start: t.start, end: Math.max(t.end, operand.end) };
    } finally { this.leave(); }
  }

  private parsePostfix(): Expr {
    const base = this.parsePrimary();
    return this.parseSteps(base);
  }

  private parseSteps(base: Expr): Expr {
    let steps: Step[] | null = null;
    let end = base.end;
    for (;;) {
      const t = this.cur();
      if (t.kind !== 'punct') break;
      if (t.text === '.') {
        const dotTok = this.take('');
        const nt = this.cur();
        let step: Step;
        if (nt.kind === 'word' || nt.kind === 'quoted') {
          const isCall = this.isPunct(this.at(1), '(') && nt.kind === 'word';
          if (isCall) {
            this.take('method');
            const { args, open, close, end: e } = this.parseArgs();
            step = { kind: 'method', dot: dotTok.start, name: nt.text, nameStart: nt.start, nameEnd: nt.end, args, open, close, start: dotTok.start, end: e };
          } else {
            this.take('member');
            step = { kind: 'member', dot: dotTok.start, name: nt.text, nameStart: nt.start, nameEnd: nt.end, quoted: nt.kind === 'quoted', missing: false, start: dotTok.start, end: nt.end };
          }
        } else {
          this.errorAt(this.pos, 'Expected a field or method name after "."');
          step = { kind: 'member', dot: dotTok.start, name: '', nameStart: dotTok.end, nameEnd: dotTok.end, quoted: false, missing: true, start: dotTok.start, end: dotTok.end };
        }
        (steps ??= []).push(step);
        end = step.end;
        continue;
      }
      if (t.text === '[') {
        const open = this.pos;
        this.take('');
        const saved = this.pushBracket(open);
        const cond = this.isCloserOf(open) ? this.missing('Expected a condition inside [ ]') : this.parseExpr();
        this.popBracket(saved);
        const close = this.close(open);
        const e = close >= 0 ? close + 1 : Math.max(cond.end, t.end);
        const step: Step = { kind: 'filter', open: t.start, close, cond, start: t.start, end: e };
        (steps ??= []).push(step);
        end = e;
        continue;
      }
      break;
    }
    if (!steps) return base;
    if (base.kind === 'path') { for (const st of steps) base.steps.push(st); base.end = end; return base; }
    return { kind: 'path', base, steps, start: base.start, end };
  }

  private isCloserOf(open: number): boolean {
    return this.match[open] === this.pos;
  }

  /** `( args )` with the current token at `(`. */
  private parseArgs(): { args: Expr[]; open: number; close: number; end: number } {
    const open = this.pos;
    const openTok = this.take('');
    const args: Expr[] = [];
    const saved = this.pushBracket(open);
    if (!this.isCloserOf(open)) {
      for (;;) {
        const before = this.pos;
        args.push(this.parseExpr());
        if (this.isCloserOf(open) || this.cur().kind === 'eof') break;
        if (this.isPunct(this.cur(), ',')) { this.take(''); continue; }
        if (this.canStartExpression(this.cur())) { this.errorAt(this.pos, `Expected , between arguments`); continue; }
        this.errorAt(this.pos, `Unexpected ${describe(this.cur())}: expected , or )`);
        if (this.match[open] >= 0) { this.pos = this.match[open]; break; }
        if (this.pos === before) this.advance();
        if (this.isCloserOf(open) || this.cur().kind === 'eof') break;
      }
    }
    this.popBracket(saved);
    const close = this.close(open);
    const end = close >= 0 ? close + 1 : args.length ? Math.max(openTok.end, args[args.length - 1].end) : openTok.end;
    return { args, open: openTok.start, close, end };
  }

  private parsePrimary(): Expr {
    const t = this.cur();
    const start = t.start, end = t.end;
    switch (t.kind) {
      case 'string': this.take('string'); return { kind: 'string', value: t.text, start, end };
      case 'number': {
        this.take('number');
        const raw = t.text;
        return { kind: 'number', value: Number(raw), integer: isDigits(raw), raw, start, end };
      }
      case 'param': this.take('param'); return { kind: 'param', index: Number(t.text), start, end };
      case 'quoted':
        if (this.isPunct(this.at(1), '=>')) return this.parseLambda();
        this.take('name');
        return { kind: 'name', name: t.text, quoted: true, start, end };
      case 'word': return this.parseWordPrimary(t);
      case 'punct':
        switch (t.text) {
          case '(': return this.lambdaAhead() ? this.parseLambda() : this.parseParen();
          case '[': return this.parseArrayLiteral();
          case '{': return this.parseObjectLiteral();
          case '^': {
            let levels = 0;
            while (this.isPunct(this.cur(), '^')) { this.take('up'); levels++; }
            const r = { start: t.start, end: this.prevEnd() };
            if (!this.isPunct(this.cur(), '.')) this.errorAt(this.pos, `${'^'.repeat(levels)} must be followed by . and a field of the enclosing item, e.g. ^.person.gender`);
            return { kind: 'up', levels, start: r.start, end: r.end };
          }
        }
        break;
      case 'eof':
        return this.missing('Expected an expression');
    }
    if (t.kind === 'punct' && (t.text === ')' || t.text === ']' || t.text === '}' || t.text === ',' || ALL_BINARY.has(t.text))) {
      return this.missing(`Expected an expression before ${describe(t)}`);
    }
    this.errorAt(this.pos, `Unexpected ${describe(t)}: expected an expression`);
    this.advance();
    return { kind: 'error', start, end };
  }

  private parseWordPrimary(t: PTok): Expr {
    const l = t.low;
    const start = t.start, end = t.end;
    const next = this.at(1);
    if (l === 'true' || l === 'false') { this.take('kw'); return { kind: 'bool', value: l === 'true', start, end }; }
    if (l === 'let') return this.parseLet();
    if (l === 'exists' || l === 'forall' || l === 'select' || (l === 'some' && this.isName(next) && this.isWord(this.at(2), 'from'))) return this.parseQuantifier();
    if (this.isPunct(next, '=>')) return this.parseLambda();
    if (l === 'chain' && this.isPunct(next, '(')) return this.parseChain();
    if (AGG_SET.has(l) && this.overAggregateAhead()) return this.parseAggregate();
    if (this.isPunct(next, '(')) {
      this.take('fn');
      const r = this.parseArgs();
      return { kind: 'call', name: t.text, nameStart: start, nameEnd: end, args: r.args, open: r.open, close: r.close, start, end: r.end };
    }
    if (TIME_ANCHOR_SET.has(l) && !this.isPunct(next, '.')) { this.take('anchor'); return { kind: 'anchor', word: l, start, end }; }
    if (t.hard) {
      return this.missing(`Expected an expression, found the keyword ${t.text}${l === 'and' || l === 'or' || l === 'in' || l === 'like' ? '' : ' (write a field with that name in backticks: `' + t.text + '`)'}`);
    }
    this.take('name');
    return { kind: 'name', name: t.text, quoted: false, start, end };
  }

  private overAggregateAhead(): boolean {
    const next = this.at(1);
    if (this.isPunct(next, '(')) {
      const m = this.match[this.pos + 1];
      return m > 0 && this.isWord(this.tok(m + 1), 'over');
    }
    if (next.kind === 'quoted' || next.kind === 'param' || this.isPunct(next, '^')) return true;
    return next.kind === 'word' && !next.hard && !this.isWord(next, 'over');
  }

  private parseParen(): Expr {
    const open = this.pos;
    const t = this.take('');
    const saved = this.pushBracket(open);
    const inner = this.isCloserOf(open) ? this.missing('Expected an expression inside ( )') : this.parseExpr();
    this.popBracket(saved);
    const close = this.close(open);
    return { kind: 'paren', inner, start: t.start, end: close >= 0 ? close + 1 : Math.max(t.end, inner.end) };
  }

  private parseArrayLiteral(): Expr {
    const open = this.pos;
    const t = this.take('');
    const items: Expr[] = [];
    const saved = this.pushBracket(open);
    this.parseList(open, () => items.push(this.parseExpr()));
    this.popBracket(saved);
    const close = this.close(open);
    return { kind: 'array', items, start: t.start, end: close >= 0 ? close + 1 : items.length ? items[items.length - 1].end : t.end };
  }

  /** Comma-separated items up to the closer paired with `open` (not consumed). */
  private parseList(open: number, item: () => void): number {
    if (this.isCloserOf(open)) return 0;
    for (;;) {
      const before = this.pos;
      item();
      if (this.isCloserOf(open) || this.cur().kind === 'eof') break;
      if (this.isPunct(this.cur(), ',')) { this.take(''); continue; }
      if (this.canStartExpression(this.cur()) && this.pos !== before) { this.errorAt(this.pos, 'Expected , between items'); continue; }
      this.errorAt(this.pos, `Unexpected ${describe(this.cur())}: expected , or ${CLOSERS[this.T.op(open)]}`);
      if (this.match[open] >= 0) { this.pos = this.match[open]; break; }
      if (this.pos === before) this.advance();
      if (this.cur().kind === 'eof') break;
    }
    return 0;
  }

  private parseObjectLiteral(): Expr {
    const open = this.pos;
    const t = this.take('');
    const entries: ObjectEntry[] = [];
    const saved = this.pushBracket(open);
    this.parseList(open, () => {
      const k = this.cur();
      if (k.kind === 'string' || k.kind === 'word' || k.kind === 'quoted') {
        this.take('key');

        let value: Expr;
        if (this.isPunct(this.cur(), ':')) { this.take('colon'); value = this.parseExpr(); }
        else value = this.missing(`Expected : after the key "${k.text}"`);
        entries.push({ key: k.text, keyStart: k.start, keyEnd: k.end, value });
      } else {
        this.errorAt(this.pos, 'Expected a key such as "count": in the object');
        if (!this.isCloserOf(open) && !this.isPunct(this.cur(), ',')) this.advance();
      }
    });
    this.popBracket(saved);
    const close = this.close(open);
    return { kind: 'object', entries, start: t.start, end: close >= 0 ? close + 1 : this.prevEnd() };
  }

  private lambdaAhead(): boolean {
    // ( name , name ... ) =>
    let k = this.pos + 1;
    const toks = { length: this.T.n } as { length: number };
    const tk = (i: number) => this.tok(Math.min(i, this.T.n - 1));
    if (this.isPunct(tk(k), ')')) return this.isPunct(tk(k + 1), '=>');
    for (;;) {
      const t = tk(k);
      if (!(t.kind === 'quoted' || (t.kind === 'word' && !t.hard))) return false;
      k++;
      if (this.isPunct(tk(k), ',')) { k++; continue; }
      if (this.isPunct(tk(k), ')')) return k + 1 < toks.length && this.isPunct(tk(k + 1), '=>');
      return false;
    }
  }

  private parseLambda(): Expr {
    const start = this.cur().start;
    const params: Word[] = [];
    if (this.isPunct(this.cur(), '(')) {
      const open = this.pos;
      this.take('');
      while (!this.isCloserOf(open) && this.cur().kind !== 'eof') {
        if (this.isPunct(this.cur(), ',')) { this.take(''); continue; }
        params.push(this.takeWord('decl'));
      }
      this.close(open);
    } else {
      params.push(this.takeWord('decl'));
    }
    const arrowTok = this.take('arrow');
    const arrow = { text: '=>', start: arrowTok.start, end: arrowTok.end };
    this.enter();
    try {
      const body = this.canStartExpression(this.cur()) ? this.parseExpr() : this.missing('Expected the lambda body after =>');
      return { kind: 'lambda', params, arrow, body, start, end: Math.max(arrow.end, body.end) };
    } finally { this.leave(); }
  }

  private parseLet(): Expr {
    const letTok = this.take('kw');
    const bindings: LetBinding[] = [];
    this.enter();
    try {
      for (;;) {
        let name: Word;
        if (this.isName(this.cur())) name = this.takeWord('decl');
        else { this.errorAt(this.pos, 'Expected a variable name after let, e.g. let S = ... in ...'); name = { text: '', start: this.cur().start, end: this.cur().start }; }
        let value: Expr;
        if (this.isPunct(this.cur(), '=')) {
          this.take('bind');
          const saved = this.noIn;
          this.noIn = true;
          try { value = this.parseExpr(); } finally { this.noIn = saved; }
        } else value = this.missing(`Expected = after let ${name.text}`);
        bindings.push({ name, value });
        if (this.isPunct(this.cur(), ',') && this.isName(this.at(1)) && this.isPunct(this.at(2), '=')) { this.take(''); continue; }
        break;
      }
      let inWord: Word | null = null;
      let body: Expr;
      if (this.isWord(this.cur(), 'in')) {
        const t = this.take('kw');
        inWord = { text: 'in', start: t.start, end: t.end };
        body = this.canStartExpression(this.cur()) ? this.parseExpr() : this.missing('Expected an expression after in');
      } else body = this.missing('Expected in and the expression that uses the variable: let V = ... in ...');
      return { kind: 'let', bindings, inWord, body, start: letTok.start, end: Math.max(this.prevEnd(), letTok.end) };
    } finally { this.leave(); }
  }

  private parseQuantifier(): Expr {
    const wTok = this.take('kw');
    const word = { text: wTok.text.toLowerCase(), start: wTok.start, end: wTok.end };
    this.enter();
    try {
      const clauses = this.parseClauses(word.text !== 'select', word.text);
      return { kind: 'quant', word, clauses, start: wTok.start, end: Math.max(wTok.end, this.prevEnd()) };
    } finally { this.leave(); }
  }

  private parseAggregate(): Expr {
    const wTok = this.take('kw');
    const word = { text: wTok.text.toLowerCase(), start: wTok.start, end: wTok.end };
    this.enter();
    try {
      const value = this.parseExpr();
      let over: Word | null = null;
      let clauses: Clause[] = [];
      if (this.isWord(this.cur(), 'over')) {
        const t = this.take('kw');
        over = { text: 'over', start: t.start, end: t.end };
        clauses = this.parseClauses(false, 'over');
      } else this.errorAt(this.pos, `Expected over: ${word.text} X.field over X from xEvent where ...`);
      return { kind: 'aggregate', word, value, over, clauses, start: wTok.start, end: Math.max(wTok.end, this.prevEnd()) };
    } finally { this.leave(); }
  }

  private parseClauses(requireWhere: boolean, what: string): Clause[] {
    const clauses: Clause[] = [];
    for (;;) {
      const start = this.cur().start;
      let variable: Word;
      if (this.isName(this.cur())) variable = this.takeWord('decl');
      else {
        this.errorAt(this.pos, `Expected a variable after ${what}: ${what === 'over' ? 'over X from xEvent' : what + ' X from xEvent where ...'}`);
        variable = { text: '', start: this.cur().start, end: this.cur().start };
      }
      let from: Word | null = null;
      let source: Expr;
      if (this.isWord(this.cur(), 'from')) {
        const t = this.take('kw');
        from = { text: 'from', start: t.start, end: t.end };
        source = this.canStartExpression(this.cur()) ? this.parseExpr() : this.missing('Expected the array to range over after from, e.g. xEvent');
      } else source = this.missing(`Expected from after ${variable.text || 'the variable'}: ${variable.text || 'X'} from xEvent`);
      let where: Word | null = null;
      let cond: Expr | null = null;
      const wt = this.cur();
      if (this.isWord(wt, 'where') || this.isPunct(wt, ':')) {
        this.take(wt.kind === 'word' ? 'kw' : 'wcolon');
        where = { text: wt.kind === 'word' ? 'where' : ':', start: wt.start, end: wt.end };
        cond = this.canStartExpression(this.cur()) ? this.parseExpr() : this.missing(`Expected a condition after ${wt.text}`);
      } else if (requireWhere && source.kind !== 'missing') {
        this.errorAt(this.pos, `Expected where and a condition: ${what} ${variable.text || 'X'} from ... where ${variable.text || 'X'}.field = ...`);
      }
      clauses.push({ start, end: Math.max(start, this.prevEnd()), variable, from, source, where, cond });
      if (this.isPunct(this.cur(), ',') && this.isName(this.at(1)) && this.isWord(this.at(2), 'from')) { this.take(''); continue; }
      return clauses;
    }
  }

  // ----- chain ------------------------------------------------------------------------------------------------------

  private parseChain(): Chain {
    const nameTok = this.take('fn');
    const open = this.pos;
    const openTok = this.take('');
    let events: Expr = this.missing(null);
    let timestamp: Expr = events;
    const items: ChainItem[] = [];
    let itemsStart = -1;
    let itemsEnd = -1;
    const extraArgs: Expr[] = [];
    const saved = this.pushBracket(open);
    const body = (): void => {
      if (this.isCloserOf(open)) { this.errorAt(this.pos, 'chain needs three arguments: chain(xEvent, timestamp, [A: WHAT(...)])'); return; }
      events = this.parseExpr();
      if (!this.expectComma(open, 'chain(xEvent, timestamp, [A: WHAT(...)])')) return;
      timestamp = this.parseExpr();
      if (!this.expectComma(open, 'chain(xEvent, timestamp, [A: WHAT(...)])')) return;
      if (this.isPunct(this.cur(), '[')) {
        const s = this.cur().start;
        this.parseChainItems(items);
        itemsStart = s;
        itemsEnd = this.prevEnd();
      } else {
        this.errorAt(this.pos, 'chain\'s third argument is the list of steps: [A: WHAT(condition) WHEN(< 7 days before now)]');
        extraArgs.push(this.parseExpr());
      }
      while (this.isPunct(this.cur(), ',')) {
        this.take('');
        this.errorAt(this.pos, 'chain takes three arguments: remove this one');
        extraArgs.push(this.parseExpr());
      }
    };
    body();
    this.popBracket(saved);
    const close = this.close(open);
    return {
      kind: 'chain', nameStart: nameTok.start, nameEnd: nameTok.end, open: openTok.start, close, events, timestamp, items, itemsStart, itemsEnd, extraArgs,
      start: nameTok.start, end: close >= 0 ? close + 1 : this.prevEnd(),
    };
  }

  private expectComma(open: number, usage: string): boolean {
    if (this.isPunct(this.cur(), ',')) { this.take(''); return true; }
    if (this.isCloserOf(open) || this.cur().kind === 'eof') { this.errorAt(this.pos, `Missing arguments: ${usage}`); return false; }
    this.errorAt(this.pos, `Expected , : ${usage}`);
    return true;
  }

  private parseChainItems(items: ChainItem[]): void {
    const open = this.pos;
    this.take('');
    const saved = this.pushBracket(open);
    this.parseList(open, () => {
      const start = this.cur().start;
      let label: Word | null = null;
      if ((this.cur().kind === 'word' || this.cur().kind === 'quoted') && this.isPunct(this.at(1), ':')) {
        label = this.takeWord('label');
        this.take('colon');
      }
      const clauses: ChainClause[] = [];
      for (;;) {
        const t = this.cur();
        if (!(t.kind === 'word' && CLAUSE_SET.has(t.text.toUpperCase()) && this.isPunct(this.at(1), '('))) break;
        const kw = t.text.toUpperCase();
        this.take('clause');
        const cOpen = this.pos;
        const openTok = this.take('');
        const savedC = this.pushBracket(cOpen);
        const arg: Expr | TimeSpec = this.isCloserOf(cOpen)
          ? this.missing(`Expected ${kw === 'WHEN' ? 'a time such as < 7 days before now' : kw === 'COUNT' ? 'a number' : 'a condition'} inside ${kw}( )`)
          : kw === 'WHEN' ? this.parseTimeSpec(null) : this.parseExpr();
        this.popBracket(savedC);
        const close = this.close(cOpen);
        clauses.push({ word: { text: kw, start: t.start, end: t.end }, open: openTok.start, close, arg, start: t.start, end: close >= 0 ? close + 1 : this.prevEnd() });
      }
      if (clauses.length === 0) {
        this.errorAt(this.pos, label ? `Expected WHAT(condition) after ${label.text}:` : 'Expected a step such as A: WHAT(eventType = "addToCart")');
        if (!this.isCloserOf(open) && !this.isPunct(this.cur(), ',') && this.canStartExpression(this.cur())) this.parseExpr();
        else if (!this.isCloserOf(open) && !this.isPunct(this.cur(), ',')) this.advance();
      }
      items.push({ start, end: Math.max(start, this.prevEnd()), label, clauses });
    });
    this.popBracket(saved);
    this.close(open);
  }

  // ----- occurs -----------------------------------------------------------------------------------------------------

  /** The right-hand side of `occurs` (also the argument of a chain's WHEN). */
  private parseTimeSpec(occursTok: PTok | null): TimeSpec {
    const t = this.cur();
    const start = t.start;
    const end = () => Math.max(start, this.prevEnd());
    if ((t.kind === 'punct' && CMP_SET.has(t.text)) || t.kind === 'number') {
      let cmp: Word | null = null;
      if (t.kind === 'punct') cmp = this.takeWord('op');
      else this.errorAt(this.pos, 'Start the relative time with a comparison: <= 3 days before now (within), = 3 days before now (that day), > 3 days before now (earlier)');
      let amount: NumberLit | Missing;
      const nt = this.cur();
      if (nt.kind === 'number') {
        this.take('number');
        amount = { kind: 'number', value: Number(nt.text), integer: isDigits(nt.text), raw: nt.text, start: nt.start, end: nt.end };
      } else amount = this.missing(`Expected a whole number after ${cmp?.text ?? 'the comparison'}, e.g. ${cmp?.text ?? '<'} 7 days before now`);
      const unit = this.expectUnit();
      const direction = this.expectDirection();
      const anchor = direction ? this.parseTimeRef() : this.missing(null);
      return { kind: 'time-rel', start, end: end(), cmp, amount, unit, direction, anchor };
    }
    if (t.kind === 'word') {
      const l = t.low;
      if (DIRECTION_SET.has(l)) {
        const direction = this.takeWord('kw');
        const anchor = this.parseTimeRef();
        return { kind: 'time-dir', start, end: end(), direction, anchor };
      }
      if (l === 'between') {
        this.take('kw');
        const from = this.parseTimeRef();
        let and: Word | null = null;
        if (this.isWord(this.cur(), 'and')) and = this.takeWord('kw');
        else this.errorAt(this.pos, 'Expected and: occurs between date(2015, 1, 8) and date(2017, 7, 1)');
        const to = and ? this.parseTimeRef() : this.missing(null);
        return { kind: 'time-between', start, end: end(), from, and, to };
      }
      if (l === 'on') {
        const on = this.takeWord('kw');
        const anchor = this.parseTimeRef();
        return { kind: 'time-at', start, end: Math.max(start, anchor.end), on, anchor };
      }
    }
    if (!this.canStartExpression(t) || (t.kind === 'word' && t.hard)) {
      this.errorAt(this.pos - 1, `Expected a time after ${occursTok ? 'occurs' : 'WHEN('}: e.g. last month, before today, < 7 days before now, between date(2020, 1, 1) and date(2020, 12, 31)`);
      const m = this.missing(null);
      return { kind: 'time-at', start: m.start, end: m.end, on: null, anchor: m };
    }
    const anchor = this.parseTimeRef();
    return { kind: 'time-at', start, end: Math.max(start, anchor.end), on: null, anchor };
  }

  private expectUnit(): Word | null {
    const t = this.cur();
    if (t.kind === 'word' && UNIT_SET.has(t.low)) return this.takeWord('unit');
    this.errorAt(this.pos, 'Expected a time unit: days, hours, weeks, months, years, minutes, seconds, ...');
    return null;
  }

  private expectDirection(): Word | null {
    const t = this.cur();
    if (t.kind === 'word' && DIRECTION_SET.has(t.low)) return this.takeWord('kw');
    this.errorAt(this.pos, 'Expected before, after or from and a time, e.g. 7 days before now');
    return null;
  }

  private parseTimeRef(): TimeRef {
    const t = this.cur();
    if (t.kind === 'word') {
      const l = t.low;
      if (TIME_ANCHOR_SET.has(l) && !this.isPunct(this.at(1), '.') && !this.isPunct(this.at(1), '(')) {
        this.take('anchor');
        return { kind: 'anchor', word: l, start: t.start, end: t.end };
      }
      if (RELATIVE_SET.has(l)) {
        const which = this.takeWord('kw');
        const unit = this.expectUnit();
        return { kind: 'relunit', which, unit, start: t.start, end: Math.max(t.end, this.prevEnd()) };
      }
    }
    if (!this.canStartExpression(t) || (t.kind === 'word' && t.hard)) {
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
