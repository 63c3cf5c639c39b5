// The typed PQL syntax tree. Every node has an exact range (offsets into the text). Binary operators of one
// precedence level form ONE n-ary node and postfix chains (`a.b.c(x)[y]`) form ONE `path` node, so a megabyte-long
// `a or b or c ...` or `a.b.c.d ...` makes a shallow tree: walkers never recurse once per operator.
import type { OffsetRange } from '../common/coreTypes';

export type Range = OffsetRange;

/** A keyword, name or label with its range (itself a Range: `start`/`end`). */
export interface Word {
  text: string;
  start: number;
  end: number;
}

/** Every node is itself a Range (`start`/`end`): no separate range object per node keeps megabyte inputs cheap. */
interface Base {
  start: number;
  end: number;
}

/** A place where an expression was expected but is missing (the parser reported it). */
export interface Missing extends Base { kind: 'missing' }
/** Tokens the parser skipped while recovering. */
export interface ErrorNode extends Base { kind: 'error' }
/** A bare name at the start of a path: a variable, `xEvent`, or a field of the implicit context. */
export interface Name extends Base { kind: 'name'; name: string; quoted: boolean }
/** `$1`, `$2`: positional input parameter. */
export interface Param extends Base { kind: 'param'; index: number }
/** `^`, `^^`: the item of an enclosing filter level (always followed by `.field` steps). */
export interface UpRef extends Base { kind: 'up'; levels: number }
export interface StringLit extends Base { kind: 'string'; value: string }
export interface NumberLit extends Base { kind: 'number'; value: number; integer: boolean; raw: string }
export interface BoolLit extends Base { kind: 'bool'; value: boolean }
/** `now`, `today`, `yesterday`, `tomorrow` used as a value. */
export interface TimeAnchor extends Base { kind: 'anchor'; word: string }
export interface ArrayLit extends Base { kind: 'array'; items: Expr[] }
export interface ObjectEntry { key: string; keyStart: number; keyEnd: number; value: Expr }
export interface ObjectLit extends Base { kind: 'object'; entries: ObjectEntry[] }
export interface Paren extends Base { kind: 'paren'; inner: Expr }
export interface Unary extends Base { kind: 'unary'; op: 'not' | '!' | '-'; opStart: number; opEnd: number; operand: Expr }
/** One precedence level: `operands[0] ops[0] operands[1] ops[1] ...`, left-associative. Ops are lower-case
 * (`notin` for notIn); a node with one operator shares its frozen `ops` array with the other such nodes. The
 * operators' own ranges are not kept (two arrays per node on megabyte inputs): operator i is the token of role 'op'
 * between operands[i] and operands[i + 1] (ParseResult.tokens and roles). */
export interface Binary extends Base { kind: 'binary'; level: number; operands: Expr[]; ops: readonly string[] }
/** `subject occurs <time>`; `occursAt` is the offset of the keyword. */
export interface Occurs extends Base { kind: 'occurs'; subject: Expr; occursAt: number; time: TimeSpec }

export type TimeRef = TimeAnchor | RelativeUnit | Expr;
/** `this month`, `last week`, `next year`. */
export interface RelativeUnit extends Base { kind: 'relunit'; which: Word; unit: Word | null }
export type TimeSpec =
  | { kind: 'time-rel'; start: number; end: number; cmp: Word | null; amount: NumberLit | Missing; unit: Word | null; direction: Word | null; anchor: TimeRef }
  | { kind: 'time-dir'; start: number; end: number; direction: Word; anchor: TimeRef }
  | { kind: 'time-at'; start: number; end: number; on: Word | null; anchor: TimeRef }
  | { kind: 'time-between'; start: number; end: number; from: TimeRef; and: Word | null; to: TimeRef };

/** `dot` is the offset of the `.`; a member or method name is `name` at [nameStart, nameEnd). */
export type Step =
  | { kind: 'member'; dot: number; name: string; nameStart: number; nameEnd: number; quoted: boolean; missing: boolean; start: number; end: number }
  | { kind: 'method'; dot: number; name: string; nameStart: number; nameEnd: number; args: Expr[]; open: number; close: number; start: number; end: number }
  | { kind: 'filter'; open: number; close: number; cond: Expr; start: number; end: number };

/** `base.step.step(...)[...]`: a postfix chain. */
export interface Path extends Base { kind: 'path'; base: Expr; steps: Step[] }
/** `name(args)`: a function call. `close` is -1 when the `)` is missing. */
export interface Call extends Base { kind: 'call'; name: string; nameStart: number; nameEnd: number; args: Expr[]; open: number; close: number }

export interface ChainClause { word: Word; open: number; close: number; arg: Expr | TimeSpec; start: number; end: number }
export interface ChainItem { start: number; end: number; label: Word | null; clauses: ChainClause[] }
/** `chain(xEvent, timestamp, [A: WHAT(...) WHEN(...) COUNT(n) WHERE(...), ...])` */
export interface Chain extends Base {
  kind: 'chain'; nameStart: number; nameEnd: number; open: number; close: number; events: Expr; timestamp: Expr;
  /** The step list `[...]`: itemsStart is -1 when there is none. */
  items: ChainItem[]; itemsStart: number; itemsEnd: number; extraArgs: Expr[];
}

/** `V from source where cond` (or `V from source : cond`). */
export interface Clause { start: number; end: number; variable: Word; from: Word | null; source: Expr; where: Word | null; cond: Expr | null }
/** `exists` / `forall` / `some` / `select` with one or more clauses. */
export interface Quantifier extends Base { kind: 'quant'; word: Word; clauses: Clause[] }
/** `sum X.a over X from xEvent where cond`. */
export interface Aggregate extends Base { kind: 'aggregate'; word: Word; value: Expr; over: Word | null; clauses: Clause[] }
export interface LetBinding { name: Word; value: Expr }
export interface Let extends Base { kind: 'let'; bindings: LetBinding[]; inWord: Word | null; body: Expr }
export interface Lambda extends Base { kind: 'lambda'; params: Word[]; arrow: Word; body: Expr }

export type Expr =
  | Missing | ErrorNode | Name | Param | UpRef | StringLit | NumberLit | BoolLit | TimeAnchor | ArrayLit | ObjectLit
  | Paren | Unary | Binary | Occurs | Path | Call | Chain | Quantifier | Aggregate | Let | Lambda | RelativeUnit;

/** The direct child expressions of a node, in source order (time specs contribute their expression parts). */
export function childExprs(e: Expr): Expr[] {
  switch (e.kind) {
    case 'array': return e.items;
    case 'object': return e.entries.map((x) => x.value);
    case 'paren': return [e.inner];
    case 'unary': return [e.operand];
    case 'binary': return e.operands;
    case 'occurs': return [e.subject, ...timeSpecExprs(e.time)];
    case 'path': {
      const out: Expr[] = [e.base];
      for (const s of e.steps) {
        if (s.kind === 'method') out.push(...s.args);
        else if (s.kind === 'filter') out.push(s.cond);
      }
      return out;
    }
    case 'call': return e.args;
    case 'chain': {
      const out: Expr[] = [e.events, e.timestamp];
      for (const it of e.items) for (const c of it.clauses) {
        if (isTimeSpec(c.arg)) out.push(...timeSpecExprs(c.arg));
        else out.push(c.arg);
      }
      out.push(...e.extraArgs);
      return out;
    }
    case 'quant': return clauseExprs(e.clauses);
    case 'aggregate': return [e.value, ...clauseExprs(e.clauses)];
    case 'let': return [...e.bindings.map((b) => b.value), e.body];
    case 'lambda': return [e.body];
    default: return [];
  }
}

function clauseExprs(clauses: Clause[]): Expr[] {
  const out: Expr[] = [];
  for (const c of clauses) { out.push(c.source); if (c.cond) out.push(c.cond); }
  return out;
}

export function isTimeSpec(x: Expr | TimeSpec): x is TimeSpec {
  return x.kind === 'time-rel' || x.kind === 'time-dir' || x.kind === 'time-at' || x.kind === 'time-between';
}

export function timeSpecExprs(t: TimeSpec): Expr[] {
  switch (t.kind) {
    case 'time-rel': return [t.amount, t.anchor];
    case 'time-dir': return [t.anchor];
    case 'time-at': return [t.anchor];
    case 'time-between': return [t.from, t.to];
  }
}
