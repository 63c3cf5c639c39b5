// Semantic analysis: resolves names (variables, xEvent, fields of the profile or of an event), infers types, and
// checks functions, methods, operators and conditions against the catalogue. Unknown types never produce a
// diagnostic. Besides diagnostics it records what completion, hover and semantic tokens need: every resolved name
// (occurrences), the scopes with their variables and implicit item (scopes), and the receiver type at every `.`.
import type { CoreDiagnostic, CoreFix } from '../common/coreTypes';
import type { Chain, Clause, Expr, Lambda, Path, Range, Step, TimeRef, TimeSpec } from './ast';
import { isTimeSpec } from './ast';
import * as catalogue from './catalogue';
import { CATALOGUE, FUNCTIONS, METHODS, receiverName, type CatalogueEntry, type ParamSpec, type ReceiverKind } from './catalogue';
import type { FieldCatalogue, FieldInfo, FieldRoot } from './fields';
import * as choices from './grammarChoices';
import type { ParseResult } from './parser';
import * as types from './types';
import { arrayOf, joinTypes, typeFromXdm, typeName, type PqlType } from './types';
import { closestMatch } from '../common/closestMatch';

// Imported values used on the hot path are copied into module constants once: a module loaded as CommonJS (tsx,
// tests) reads each import through a getter on every use.
const { T_BOOLEAN, T_DATE, T_DATETIME, T_EVENTS, T_FUNCTION, T_INTEGER, T_NUMBER, T_OBJECT, T_PROFILE, T_STRING, T_UNKNOWN } = types;
const { isDateLike, isNonBooleanScalar, isNumeric } = types;
const { functionNamed, methodsNamed } = catalogue;
const { EVENTS_NAME, MAX_DIAGNOSTICS } = choices;

export interface VarInfo {
  name: string;
  type: PqlType;
  decl: Range;
  kind: 'variable' | 'parameter';
}

/** The variables one scope declares: a Map, or OneVar for the common single variable (`select X from ...`). */
export interface VarTable {
  get(name: string): VarInfo | undefined;
  forEach(f: (v: VarInfo, name: string) => void): void;
}

/** A scope's single variable (lighter than a Map on megabyte inputs with thousands of clauses). */
class OneVar implements VarTable {
  constructor(private readonly v: VarInfo) {}
  get(name: string): VarInfo | undefined { return name === this.v.name ? this.v : undefined; }
  forEach(f: (v: VarInfo, name: string) => void): void { f(this.v, this.v.name); }
}

/** Names in scope plus the stack of implicit items (outermost first: the profile, then each enclosing filter's or
 * clause's element). Bare field names resolve against the innermost item first. */
export class Env {
  constructor(
    readonly parent: Env | null,
    readonly vars: VarTable | null,
    readonly ctx: readonly PqlType[],
  ) {}

  lookup(name: string): VarInfo | undefined {
    for (let e: Env | null = this as Env | null; e; e = e.parent) {
      const v = e.vars?.get(name);
      if (v) return v;
    }
    return undefined;
  }

  allVars(): VarInfo[] {
    const seen = new Map<string, VarInfo>();
    for (let e: Env | null = this as Env | null; e; e = e.parent) e.vars?.forEach((v, k) => { if (!seen.has(k)) seen.set(k, v); });
    return [...seen.values()];
  }

  withVars(vars: VarInfo[]): Env {
    const m = new Map<string, VarInfo>();
    for (const v of vars) if (v.name) m.set(v.name, v);
    return new Env(this, m, this.ctx);
  }

  /** The scope one filter level in, whose implicit item is `item` (one Env per item type: scopes share it). */
  withItem(item: PqlType): Env {
    let memo = this.itemEnvs;
    if (memo === undefined) { memo = new Map(); this.itemEnvs = memo; }
    let env = memo.get(item);
    if (env === undefined) {
      env = new Env(this, null, [...this.ctx, item]);
      memo.set(item, env);
    }
    return env;
  }

  private itemEnvs: Map<PqlType, Env> | undefined = undefined;

  get item(): PqlType {
    return this.ctx[this.ctx.length - 1];
  }
}

export interface Occurrence {
  start: number;
  end: number;
  kind: 'field' | 'variable' | 'parameter' | 'events' | 'function' | 'method' | 'label';
  name: string;
  type: PqlType;
  field?: FieldInfo;
  entry?: CatalogueEntry;
  decl?: Range;
}

export interface ScopeRecord {
  start: number;
  end: number;
  env: Env;
}

export interface CheckResult {
  diagnostics: CoreDiagnostic[];
  occurrences: Occurrence[];
  scopes: ScopeRecord[];
  topEnv: Env;
  /** The receiver type at each `.` offset (member and method completion). */
  receiverAtDot: DotTypes;
  rootType: PqlType;
}

/** Receiver types by the offset of their `.`: two parallel columns (cheaper than a Map on megabyte inputs). */
export class DotTypes {
  private readonly offsets = new IntColumn();
  private readonly types = new Column<PqlType>();
  set(offset: number, t: PqlType): void {
    this.offsets.push(offset);
    this.types.push(t);
  }
  get(offset: number): PqlType | undefined {
    const o = this.offsets.items;
    for (let i = this.offsets.n - 1; i >= 0; i--) if (o[i] === offset) return this.types.at(i);
    return undefined;
  }
}

export interface CheckOptions {
  isCancelled?: () => boolean;
}

/** `pql/not-boolean`: a segment expression (an AEP segment definition's PQL) must be a condition. Only known
 * non-Boolean types are reported: `if(c, 1, 2)` alone is an integer, a select or filter (truthy when not empty)
 * and unknown types pass. */
export function notBooleanDiagnostic(parsed: ParseResult, checked: CheckResult): CoreDiagnostic | null {
  const root = parsed.root;
  if (parsed.hasSyntaxErrors || root.kind === 'missing') return null;
  const t = checked.rootType;
  if (isNonBooleanScalar(t) || t.k === 'map' || t.k === 'entry' || (t.k === 'object' && t.root !== undefined)) {
    return {
      range: { start: root.start, end: root.end }, severity: 'error', code: 'pql/not-boolean',
      message: `A segment expression must be a condition (Boolean), but this is ${article(typeName(t))}. ${booleanHint(t)}`,
    };
  }
  return null;
}

export class Cancelled extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_LIKE = /^[0-9a-f-]+$/i;

export function check(parsed: ParseResult, fields: FieldCatalogue, options: CheckOptions = {}): CheckResult {
  return new Checker(parsed, fields, options).run();
}

const FIRST_CHUNK = 512;
const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;

/** A growable list in chunks: a small first one (most texts are short), then chunks of CHUNK entries, which V8
 * allocates outside the young generation so that scavenges never copy them. Pushing onto one long JS array (or
 * copying it to grow) is several times slower, and these lists hold one entry per name of a megabyte text. */
class Column<T> {
  private readonly chunks: T[][] = [];
  private cur: T[] = new Array<T>(FIRST_CHUNK);
  private fill = 0;
  n = 0;
  constructor() { this.chunks.push(this.cur); }
  push(x: T): void {
    if (this.fill === this.cur.length) {
      this.cur = new Array<T>(CHUNK);
      this.chunks.push(this.cur);
      this.fill = 0;
    }
    this.cur[this.fill++] = x;
    this.n++;
  }
  at(i: number): T {
    if (i < FIRST_CHUNK) return this.chunks[0][i];
    const j = i - FIRST_CHUNK;
    return this.chunks[1 + (j >> CHUNK_BITS)][j & (CHUNK - 1)];
  }
}

/** Growable Int32Array. */
class IntColumn {
  items = new Int32Array(256);
  n = 0;
  push(x: number): void {
    if (this.n === this.items.length) {
      const next = new Int32Array(this.n * 2);
      next.set(this.items);
      this.items = next;
    }
    this.items[this.n++] = x;
  }
}

const OCC_KINDS: readonly Occurrence['kind'][] = ['field', 'variable', 'parameter', 'events', 'function', 'method', 'label'];
const OCC_KIND_CODE = new Map<Occurrence['kind'], number>(OCC_KINDS.map((k, i) => [k, i]));

/** Occurrences as columns while checking (no object per name); the objects are built when asked for. */
class OccurrenceLog {
  private readonly starts = new IntColumn();
  private readonly ends = new IntColumn();
  private readonly kinds = new IntColumn();
  private readonly names = new Column<string>();
  private readonly types = new Column<PqlType>();
  /** The field (kind field), catalogue entry (function, method) or declaration (variable, parameter). */
  private readonly extras = new Column<FieldInfo | CatalogueEntry | Range | undefined>();
  private sorted = true;

  add(start: number, end: number, kind: Occurrence['kind'], name: string, type: PqlType, extra: FieldInfo | CatalogueEntry | Range | undefined): void {
    const n = this.starts.n;
    if (n > 0 && start < this.starts.items[n - 1]) this.sorted = false;
    this.starts.push(start);
    this.ends.push(end);
    this.kinds.push(OCC_KIND_CODE.get(kind)!);
    this.names.push(name);
    this.types.push(type);
    this.extras.push(extra);
  }

  /** The occurrences sorted by start (stable: equal starts keep their order). */
  list(): Occurrence[] {
    const n = this.starts.n;
    const out: Occurrence[] = new Array<Occurrence>(n);
    for (let i = 0; i < n; i++) {
      const kind = OCC_KINDS[this.kinds.items[i]];
      const x = this.extras.at(i);
      out[i] = {
        start: this.starts.items[i], end: this.ends.items[i], kind, name: this.names.at(i), type: this.types.at(i),
        field: kind === 'field' ? x as FieldInfo | undefined : undefined,
        entry: kind === 'function' || kind === 'method' ? x as CatalogueEntry | undefined : undefined,
        decl: kind === 'variable' || kind === 'parameter' ? x as Range | undefined : undefined,
      };
    }
    if (!this.sorted) out.sort((a, b) => a.start - b.start);
    return out;
  }
}

/** Scopes as columns while checking; the records are built when asked for. */
class ScopeLog {
  private readonly starts = new IntColumn();
  private readonly ends = new IntColumn();
  private readonly envs = new Column<Env>();

  add(start: number, end: number, env: Env): void {
    this.starts.push(start);
    this.ends.push(end);
    this.envs.push(env);
  }

  list(): ScopeRecord[] {
    const out: ScopeRecord[] = new Array<ScopeRecord>(this.starts.n);
    for (let i = 0; i < out.length; i++) out[i] = { start: this.starts.items[i], end: this.ends.items[i], env: this.envs.at(i) };
    return out;
  }
}

class Checker {
  private readonly diags: CoreDiagnostic[] = [];
  private readonly occ_ = new OccurrenceLog();
  private readonly scopes_ = new ScopeLog();
  private readonly receiverAtDot = new DotTypes();
  /** Field lookups by root and path: the field and its PQL type (a megabyte of PQL repeats the same paths). */
  private readonly fieldCache = new Map<string, { f: FieldInfo | undefined; t: PqlType }>();
  private readonly childCache = new Map<PqlType, Map<string, { f: FieldInfo | undefined; t: PqlType }>>();
  private readonly arrayTypes = new Map<PqlType, PqlType>();
  /** The element type of the first clause of the last clauses() call. */
  private firstElement: PqlType = T_UNKNOWN;
  /** The value types of the first three arguments of the last args() call. */
  private argType0: PqlType = T_UNKNOWN;
  private argType1: PqlType = T_UNKNOWN;
  private argType2: PqlType = T_UNKNOWN;
  private visits = 0;
  private readonly topEnv = new Env(null, null, [T_PROFILE]);

  constructor(private readonly parsed: ParseResult, private readonly fields: FieldCatalogue, private readonly options: CheckOptions) {}

  run(): CheckResult {
    const root = this.parsed.root;
    let rootType: PqlType;
    if (root.kind === 'lambda') {
      // `(Profile) => Profile.homeAddress...`: the first parameter is the profile.
      rootType = this.lambda(root, this.topEnv, [T_PROFILE]);
    } else {
      rootType = this.expr(root, this.topEnv);
    }
    for (const extra of this.parsed.extras) this.expr(extra, this.topEnv);
    const occ = this.occ_;
    const sc = this.scopes_;
    let occurrences: Occurrence[] | undefined;
    let scopes: ScopeRecord[] | undefined;
    return {
      diagnostics: this.diags, topEnv: this.topEnv, receiverAtDot: this.receiverAtDot, rootType,
      get occurrences() { return (occurrences ??= occ.list()); },
      get scopes() { return (scopes ??= sc.list()); },
    };
  }

  // ----- diagnostics ------------------------------------------------------------------------------------------------

  private report(range: Range, severity: CoreDiagnostic['severity'], code: string, message: string, fixes?: CoreFix[]): void {
    if (this.diags.length >= MAX_DIAGNOSTICS) return;
    const d: CoreDiagnostic = { range: { start: range.start, end: range.end }, severity, code, message };
    if (fixes?.length) d.fixes = fixes;
    this.diags.push(d);
  }
  private error(range: Range, code: string, message: string, fixes?: CoreFix[]): void { this.report(range, 'error', code, message, fixes); }
  private warn(range: Range, code: string, message: string, fixes?: CoreFix[]): void { this.report(range, 'warning', code, message, fixes); }

  private text(r: Range): string {
    const s = this.parsed.text.slice(r.start, r.end);
    return s.length > 40 ? s.slice(0, 37) + '…' : s;
  }

  private scope(start: number, end: number, env: Env): void {
    if (end >= start) this.scopes_.add(start, end, env);
  }

  // ----- expressions ------------------------------------------------------------------------------------------------

  private expr(e: Expr, env: Env): PqlType {
    if ((++this.visits & 1023) === 0 && this.options.isCancelled?.()) throw new Cancelled();
    // The most frequent kinds first (a switch on strings compares case by case).
    if (e.kind === 'binary') return this.binary(e, env);
    if (e.kind === 'path') return this.path(e, env);
    if (e.kind === 'name') return this.name(e.name, e, env);
    if (e.kind === 'string') return T_STRING;
    switch (e.kind) {
      case 'missing': case 'error': return T_UNKNOWN;
      case 'number': return e.integer ? T_INTEGER : T_NUMBER;
      case 'bool': return T_BOOLEAN;
      case 'anchor': return T_DATETIME;
      case 'relunit': return T_DATETIME;
      case 'param':
        if (e.index < 1) this.error(e, 'pql/syntax', 'Positional parameters start at $1 (the profile)');
        return e.index === 1 ? T_PROFILE : T_UNKNOWN;
      case 'up': {
        const n = env.ctx.length;
        if (e.levels > n - 1) {
          this.error(e, 'pql/up', `${'^'.repeat(e.levels)} goes up ${e.levels} level${e.levels > 1 ? 's' : ''}, but only ${n - 1} enclosing filter level${n - 1 === 1 ? ' exists' : 's exist'} here: use fewer ^`);
          return T_UNKNOWN;
        }
        return env.ctx[n - 1 - e.levels];
      }
      case 'array': {
        let t: PqlType | null = null;
        for (let i = 0; i < e.items.length; i++) { const x = this.expr(e.items[i], env); t = t === null ? x : joinTypes(t, x); }
        return this.arrayOf(t ?? T_UNKNOWN);
      }
      case 'object':
        for (const en of e.entries) this.expr(en.value, env);
        return T_OBJECT;
      case 'paren': return this.expr(e.inner, env);
      case 'unary': {
        const t = this.expr(e.operand, env);
        if (e.op === '-') {
          if (t.k !== 'unknown' && !isNumeric(t)) this.error(e.operand, 'pql/type', `Unary - needs a number, but ${this.text(e.operand)} is ${article(typeName(t))}`);
          return isNumeric(t) ? t : T_NUMBER;
        }
        if (nonCondition(t)) this.condition(e.operand, t, `The operand of ${e.op}`, e.op === 'not' ? 'Parenthesise the condition: not (a = b)' : 'Parenthesise the condition: !(a = b)');
        return T_BOOLEAN;
      }
      case 'occurs': {
        const t = this.expr(e.subject, env);
        this.occursSubject(e.subject, t);
        this.timeSpec(e.time, env);
        return T_BOOLEAN;
      }
      case 'call': return this.call(e, env);
      case 'chain': return this.chain(e, env);
      case 'quant': {
        this.clauses(e.clauses, env, e.end);
        return e.word.text === 'select' ? this.arrayOf(this.firstElement) : T_BOOLEAN;
      }
      case 'aggregate': {
        const inner = this.clauses(e.clauses, env, e.end);
        this.scope(e.value.start, e.value.end, inner);
        const v = this.expr(e.value, inner);
        if (e.word.text !== 'count' && v.k !== 'unknown' && !isNumeric(v) && !(isDateLike(v) && (e.word.text === 'min' || e.word.text === 'max'))) {
          this.error(e.value, 'pql/type', `${e.word.text} needs numbers, but ${this.text(e.value)} is ${article(typeName(v))}`);
        }
        if (e.word.text === 'count') return T_INTEGER;
        if (e.word.text === 'average') return T_NUMBER;
        return isNumeric(v) || isDateLike(v) ? v : T_NUMBER;
      }
      case 'let': {
        let cur = env;
        for (const b of e.bindings) {
          const t = this.expr(b.value, cur);
          const v: VarInfo = { name: b.name.text, type: t, decl: b.name, kind: 'variable' };
          this.occ(b.name.start, b.name.end, 'variable', b.name.text, t, b.name);
          cur = cur.withVars([v]);
          this.scope(b.value.end, e.end, cur);
        }
        return this.expr(e.body, cur);
      }
      case 'lambda': return this.lambda(e, env, []);
    }
  }

  /** Records a resolved name at [start, end); `extra` is its field, catalogue entry or declaration (by kind). */
  private occ(start: number, end: number, kind: Occurrence['kind'], name: string, type: PqlType, extra?: FieldInfo | CatalogueEntry | Range): void {
    this.occ_.add(start, end, kind, name, type, extra);
  }

  private field(root: FieldRoot, path: string): { f: FieldInfo | undefined; t: PqlType } {
    const key = root === 'profile' ? 'p' + path : 'e' + path;
    let r = this.fieldCache.get(key);
    if (!r) {
      const f = this.fields.lookup(root, path);
      r = { f, t: f ? typeFromXdm(f.type, root, path) : T_UNKNOWN };
      this.fieldCache.set(key, r);
    }
    return r;
  }

  /** The field `name` of an object type (cached per type object and name: no path strings built on hits). */
  private child(obj: PqlType, root: FieldRoot, name: string): { f: FieldInfo | undefined; t: PqlType } {
    let m = this.childCache.get(obj);
    if (!m) { m = new Map(); this.childCache.set(obj, m); }
    let r = m.get(name);
    if (!r) {
      const prefix = obj.k === 'object' ? obj.path ?? '' : '';
      r = this.field(root, prefix ? prefix + '.' + name : name);
      m.set(name, r);
    }
    return r;
  }

  /** array<elem>, one type object per element type (types are immutable; a megabyte of `in [...]` repeats them). */
  private arrayOf(elem: PqlType): PqlType {
    let t = this.arrayTypes.get(elem);
    if (t === undefined) { t = arrayOf(elem); this.arrayTypes.set(elem, t); }
    return t;
  }

  private lambda(e: Lambda, env: Env, paramTypes: PqlType[]): PqlType {
    const vars: VarInfo[] = e.params.map((p, i) => ({ name: p.text, type: paramTypes[i] ?? T_UNKNOWN, decl: p, kind: 'parameter' as const }));
    for (const v of vars) this.occ(v.decl.start, v.decl.end, 'parameter', v.name, v.type, v.decl);
    const inner = env.withVars(vars);
    this.scope(e.arrow.end, e.end, inner);
    return this.expr(e.body, inner);
  }

  // ----- names and fields -------------------------------------------------------------------------------------------

  private name(name: string, range: Range, env: Env): PqlType {
    const v = env.lookup(name);
    if (v) {
      this.occ(range.start, range.end, v.kind, name, v.type, v.decl);
      return v.type;
    }
    if (name === EVENTS_NAME) {
      this.occ(range.start, range.end, 'events', name, T_EVENTS);
      return T_EVENTS;
    }
    // A field of the innermost implicit item, else of an enclosing one (a profile field inside an event filter).
    let allKnown = true;
    for (let i = env.ctx.length - 1; i >= 0; i--) {
      const item = env.ctx[i];
      const obj = item.k === 'array' ? item.elem : item;
      if (obj.k !== 'object' || obj.root === undefined) { allKnown = false; continue; }
      const { f, t } = this.child(obj, obj.root, name);
      if (f) {
        this.occ(range.start, range.end, 'field', name, t, f);
        return t;
      }
    }
    const inner = env.item;
    if (allKnown && inner.k === 'object' && inner.root !== undefined && !this.tenant(inner.path ?? '', name)) {
      this.unknownField(name, range, inner.root, inner.path ?? '', env.allVars().length === 0 && /^[A-Z]\w{0,2}$/.test(name));
    }
    this.occ(range.start, range.end, 'field', name, T_UNKNOWN);
    return T_UNKNOWN;
  }

  /** Paths under a tenant namespace (first segment starts with `_`) are never reported. */
  private tenant(prefix: string, name: string): boolean {
    return (prefix || name).startsWith('_');
  }

  private unknownField(name: string, range: Range, root: FieldRoot, prefix: string, looksLikeVariable: boolean): void {
    const where = prefix ? `"${prefix}"` : root === 'profile' ? 'the Profile' : 'the ExperienceEvent';
    const siblings = this.fields.children(root, prefix).map((f) => f.path.slice(prefix ? prefix.length + 1 : 0));
    const best = closestMatch(name, siblings);
    const fixes: CoreFix[] | undefined = best ? [{ title: `Change to ${best}`, edits: [{ range: rangeOf(range), newText: best }], preferred: true }] : undefined;
    let msg = `Unknown field "${name}" in ${where} (not in the XDM standard field groups).`;
    if (root === 'profile' && !prefix && this.fields.lookup('event', name)) {
      msg += ` ${name} is an ExperienceEvent field: reach events through xEvent, e.g. xEvent[${name} ...] or select X from xEvent where X.${name} ...`;
      this.warn(range, 'pql/unknown-field', msg);
      return;
    }
    if (best) msg += ` Did you mean "${best}"?`;
    else if (looksLikeVariable) msg += ` If ${name} is meant as a variable, bind it: select ${name} from xEvent where ${name}.…`;
    else msg += ' Check the spelling; custom fields live under your tenant namespace (_tenant.…).';
    this.warn(range, 'pql/unknown-field', msg, fixes);
  }

  /** The member `name` (at [start, end)) of a value of type t. */
  private member(t: PqlType, name: string, start: number, end: number): PqlType {
    switch (t.k) {
      case 'object': {
        if (t.root === undefined) return T_UNKNOWN;
        const prefix = t.path ?? '';
        const { f, t: rt } = this.child(t, t.root, name);
        if (f) {
          this.occ(start, end, 'field', name, rt, f);
          return rt;
        }
        if (!this.tenant(prefix, name)) this.unknownField(name, { start, end }, t.root, prefix, false);
        this.occ(start, end, 'field', name, T_UNKNOWN);
        return T_UNKNOWN;
      }
      case 'array': {
        // Dotted paths through arrays are accepted by example (`xEvent.metrics.commerce.abandons.value > 0`).
        const r = this.member(t.elem, name, start, end);
        return r.k === 'array' || r.k === 'unknown' ? r : this.arrayOf(r);
      }
      case 'map': {
        const v = t.value;
        const f = v.k === 'object' && v.root ? this.fields.lookup(v.root, v.path ?? '') : undefined;
        this.occ(start, end, 'field', name, v, f);
        return v;
      }
      case 'string': case 'integer': case 'number': case 'boolean': case 'date': case 'date-time':
        this.warn({ start, end }, 'pql/unknown-field', `"${name}": ${article(typeName(t))} has no fields. Remove .${name}, or call a method instead`);
        return T_UNKNOWN;
      default:
        return T_UNKNOWN;
    }
  }

  // ----- paths, methods, functions ----------------------------------------------------------------------------------

  private path(e: Path, env: Env): PqlType {
    let t = this.expr(e.base, env);
    let prevEnd = e.base.end;
    const steps = e.steps;
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i];
      t = this.step(t, s, env, e.start, prevEnd);
      prevEnd = s.end;
    }
    return t;
  }

  /** One postfix step on a receiver of type t spanning [recvStart, recvEnd). */
  private step(t: PqlType, s: Step, env: Env, recvStart: number, recvEnd: number): PqlType {
    switch (s.kind) {
      case 'member':
        this.receiverAtDot.set(s.dot, t);
        if (s.missing) return T_UNKNOWN;
        return this.member(t, s.name, s.nameStart, s.nameEnd);
      case 'method':
        this.receiverAtDot.set(s.dot, t);
        return this.method(t, s, env, recvStart, recvEnd);
      case 'filter': {
        if (t.k !== 'unknown' && t.k !== 'array' && t.k !== 'object') {
          this.error({ start: s.open, end: s.open + 1 }, 'pql/type', `[...] filters an array, but ${this.text({ start: recvStart, end: recvEnd })} is ${article(typeName(t))}`);
        }
        const inner = env.withItem(this.elementOf(t));
        this.scope(s.open + 1, s.close >= 0 ? s.close : s.end, inner);
        const c = this.expr(s.cond, inner);
        this.condition(s.cond, c, 'A filter condition', 'Compare the field, e.g. [eventType = "commerce.purchases"]');
        return t.k === 'array' ? t : T_UNKNOWN;
      }
    }
  }

  private elementOf(t: PqlType): PqlType {
    if (t.k === 'array') return t.elem;
    if (t.k === 'map') return t.value;
    return T_UNKNOWN;
  }

  private method(recv: PqlType, s: Extract<Step, { kind: 'method' }>, env: Env, recvStart: number, recvEnd: number): PqlType {
    const cands = methodsNamed(s.name);
    if (cands.length === 0) {
      const fn = functionNamed(s.name);
      const best = closestMatch(s.name, METHODS.map((m) => m.name));
      let msg = `Unknown method "${s.name}".`;
      if (best) msg += ` Did you mean "${best}"?`;
      else if (fn) msg += ` ${fn.name} is a function: write ${fn.name}(...)`;
      else msg += ' See the PQL functions: string methods (startsWith, contains, …), array methods (count, filter, …), map methods (get, keys, values).';
      this.error(nameRangeOf(s), 'pql/unknown-function', msg, best ? [{ title: `Change to ${best}`, edits: [{ range: nameRangeOf(s), newText: best }], preferred: true }] : undefined);
      const inner = env.withItem(this.elementOf(recv));
      for (const a of s.args) this.expr(a, inner);
      return T_UNKNOWN;
    }
    let entry: CatalogueEntry | undefined;
    for (let i = 0; i < cands.length; i++) if (receiverAccepts(cands[i].receiver ?? 'any', recv)) { entry = cands[i]; break; }
    if (!entry) {
      entry = cands[0];
      this.error(nameRangeOf(s), 'pql/type', `${s.name}() applies to ${receiverPhrase(entry.receiver ?? 'any')}, but ${this.text({ start: recvStart, end: recvEnd })} is ${article(typeName(recv))}${typeHint(entry.receiver ?? 'any', recv)}`);
    }
    this.occ(s.nameStart, s.nameEnd, 'method', s.name, T_FUNCTION, entry);
    if (takesElementArgs(entry)) {
      // Inside the parentheses (even before any argument is typed) bare names are the elements' fields.
      this.scope(s.open + 1, s.close >= 0 ? s.close : s.end, env.withItem(this.elementOf(recv)));
    }
    this.arity(entry, s.args, s.nameStart, s.close >= 0 ? s.close + 1 : s.end, s.close);
    this.args(entry, s.args, env, recv);
    return this.result(entry, recv, s.args);
  }

  /** Checks the arguments, each against its parameter; the value types of the first three go to argType0..2
   * (all that result rules read). */
  private args(entry: CatalogueEntry, args: Expr[], env: Env, recv: PqlType): void {
    let t0 = T_UNKNOWN, t1 = T_UNKNOWN, t2 = T_UNKNOWN;
    for (let i = 0; i < args.length; i++) {
      const t = this.arg(entry, entry.params[i], args[i], env, recv);
      if (i === 0) t0 = t;
      else if (i === 1) t1 = t;
      else if (i === 2) t2 = t;
    }
    this.argType0 = t0;
    this.argType1 = t1;
    this.argType2 = t2;
  }

  private arity(entry: CatalogueEntry, args: Expr[], callStart: number, callEnd: number, close: number): void {
    const params = entry.params;
    const max = params.length;
    let min = 0;
    for (let i = 0; i < max; i++) if (!params[i].optional) min++;
    const n = args.length;
    if (n >= min && n <= max) return;
    if (close < 0 && n < min) return; // still typing: the parser reported the missing `)`
    // Arguments a minority of Adobe's sources leave out: accepted with a warning that says what the majority writes.
    let lenientMin = min;
    for (let i = n; i < max; i++) if (!params[i].optional && params[i].omittedBy) lenientMin--;
    if (n < min && n >= lenientMin) {
      const missing = params.slice(n).filter((p) => !p.optional && p.omittedBy);
      this.warn({ start: callStart, end: callEnd }, 'pql/arity',
        `${entry.name} without ${missing.map((p) => p.name).join(', ')} follows ${missing[0].omittedBy}; most sources pass it: ${entry.example}`);
      return;
    }
    const callRange = { start: callStart, end: callEnd };
    const count = min === max ? `${min} argument${min === 1 ? '' : 's'}` : `${min} to ${max} arguments`;
    const list = entry.params.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(', ');
    const range = n > max ? { start: args[max].start, end: args[n - 1].end } : callRange;
    this.error(range, 'pql/arity', `${entry.name} takes ${count}${list ? ` (${list})` : ''}, but got ${n}. ${n > max ? 'Remove the extra argument' + (n - max > 1 ? 's' : '') : 'Add the missing argument' + (min - n > 1 ? 's' : '')}: ${entry.example}`);
  }

  /** Checks one argument against its parameter; returns the argument's value type (a lambda's body type). */
  private arg(entry: CatalogueEntry, p: ParamSpec | undefined, a: Expr, env: Env, recv: PqlType): PqlType {
    if (!p) return this.expr(a, env);
    switch (p.type) {
      case 'element': case 'condition': case 'element-or-lambda': case 'condition-or-lambda': {
        if (a.kind === 'lambda' && (p.type === 'element-or-lambda' || p.type === 'condition-or-lambda')) {
          const params = recv.k === 'map' ? [recv.key, recv.value] : [this.elementOf(recv)];
          const t = this.lambda(a, env, params);
          if (p.type === 'condition-or-lambda' && nonCondition(t)) this.condition(a.body, t, () => `The body of ${entry.name}'s lambda`, 'Make it a condition, e.g. x => x.price > 10');
          return t;
        }
        const inner = env.withItem(this.elementOf(recv));
        this.scope(a.start, a.end, inner);
        const t = this.expr(a, inner);
        if ((p.type === 'condition' || p.type === 'condition-or-lambda') && nonCondition(t)) this.condition(a, t, () => `${entry.name}'s ${p.name}`, 'Compare a field of the element, e.g. price > 10');
        return t;
      }
      default: {
        const t = this.expr(a, env);
        if (t.k === 'unknown') return t;
        let ok = true;
        switch (p.type) {
          case 'boolean': ok = !isNonBooleanScalar(t) && t.k !== 'map' && t.k !== 'entry'; break;
          case 'string': ok = t.k === 'string' || t.k === 'object'; break;
          case 'integer': ok = t.k === 'integer'; break;
          case 'number': ok = isNumeric(t); break;
          case 'array': ok = t.k === 'array' || t.k === 'object'; break;
        }
        if (!ok) {
          const want = p.type === 'integer' ? 'a whole number' : p.type === 'array' ? 'an array, e.g. ["a", "b"]' : article(p.type);
          this.error(a, 'pql/type', `${entry.name}'s ${p.name} must be ${want}, but ${this.text(a)} is ${article(typeName(t))}`);
        }
        return t;
      }
    }
  }

  /** The result type of a call of entry on recv, whose argument types args() just computed. */
  private result(entry: CatalogueEntry, recv: PqlType, args: Expr[]): PqlType {
    const t0 = this.argType0, t1 = this.argType1, t2 = this.argType2;
    switch (entry.result) {
      case 'boolean': return T_BOOLEAN;
      case 'integer': return T_INTEGER;
      case 'number': return T_NUMBER;
      case 'string': return T_STRING;
      case 'date': return T_DATE;
      case 'date-time': return T_DATETIME;
      case 'receiver': return recv.k === 'array' ? recv : T_UNKNOWN;
      case 'element': return this.elementOf(recv);
      case 'group-by': return recv.k === 'array' ? { k: 'map', key: t0, value: recv } : T_UNKNOWN;
      case 'map-keys': return recv.k === 'map' ? arrayOf(recv.key) : T_UNKNOWN;
      case 'map-values': return recv.k === 'map' ? arrayOf(recv.value) : T_UNKNOWN;
      case 'map-value': return recv.k === 'map' ? recv.value : T_UNKNOWN;
      case 'mapped': {
        const body = t0;
        if (body.k === 'entry') return { k: 'map', key: body.key, value: body.value };
        return recv.k === 'array' || recv.k === 'map' ? arrayOf(body) : T_UNKNOWN;
      }
      case 'if': return joinTypes(t1, t2);
      case 'entry': return { k: 'entry', key: t0, value: t1 };
      case 'aggregate': {
        const v = args.length ? t0 : this.elementOf(recv);
        return isNumeric(v) || (isDateLike(v) && entry.name !== 'sum') ? v : T_NUMBER;
      }
      default: return T_UNKNOWN;
    }
  }

  private call(e: Extract<Expr, { kind: 'call' }>, env: Env): PqlType {
    const entry = functionNamed(e.name);
    if (!entry) {
      const method = methodsNamed(e.name)[0];
      const best = closestMatch(e.name, FUNCTIONS.map((f) => f.name));
      let msg = `Unknown function "${e.name}".`;
      const fixes: CoreFix[] = [];
      if (best) { msg += ` Did you mean "${best}"?`; fixes.push({ title: `Change to ${best}`, edits: [{ range: nameRangeOf(e), newText: best }], preferred: true }); }
      else if (method) msg += ` ${method.name} is a method: write ${method.receiver === 'string' ? 'field' : 'array'}.${method.name}(...)${method.example ? `, e.g. ${method.example}` : ''}`;
      else msg += ` PQL's functions are ${FUNCTIONS.map((f) => f.name).join(', ')}.`;
      this.error(nameRangeOf(e), 'pql/unknown-function', msg, fixes);
      for (const a of e.args) this.expr(a, env);
      return T_UNKNOWN;
    }
    this.occ(e.nameStart, e.nameEnd, 'function', entry.name, T_FUNCTION, entry);
    this.arity(entry, e.args, e.nameStart, e.close >= 0 ? e.close + 1 : e.end, e.close);
    this.args(entry, e.args, env, T_UNKNOWN);
    const t0 = this.argType0;
    if (entry.name === 'if' && e.args[0]) this.condition(e.args[0], t0, 'The test of if', 'Compare a field, e.g. if(person.gender = "female", 60, 65)');
    if (entry.name === 'inSegment' && e.args[0]?.kind === 'string') this.segmentId(e.args[0].value, e.args[0]);
    if (entry.name === 'date') this.dateArgs(e.args);
    return this.result(entry, T_UNKNOWN, e.args);
  }

  private segmentId(id: string, range: Range): void {
    if (UUID.test(id)) return;
    if (id.trim() === '') {
      this.error(range, 'pql/segment-id', 'inSegment needs an audience id: inSegment("e3be6d7f-1727-401f-a41e-c296b45f607a")');
    } else if (UUID_LIKE.test(id) && /-/.test(id)) {
      this.error(range, 'pql/segment-id', `"${id}" is not a well-formed audience id: an id is a UUID of 8-4-4-4-12 hex digits, e.g. e3be6d7f-1727-401f-a41e-c296b45f607a`);
    } else {
      this.warn(range, 'pql/segment-id', `"${id}" is not an audience id (a UUID such as e3be6d7f-1727-401f-a41e-c296b45f607a). inSegment references audiences by id; use the audience's id`);
    }
  }

  private dateArgs(args: Expr[]): void {
    const limits: [string, number, number][] = [['year', 1, 9999], ['month', 1, 12], ['day', 1, 31]];
    args.slice(0, 3).forEach((a, i) => {
      const v = a.kind === 'number' ? a.value : null;
      if (v !== null && a.kind === 'number' && a.integer && (v < limits[i][1] || v > limits[i][2])) {
        this.error(a, 'pql/type', `date's ${limits[i][0]} must be between ${limits[i][1]} and ${limits[i][2]}`);
      }
    });
  }

  // ----- chain, quantifiers, time -----------------------------------------------------------------------------------

  private chain(e: Chain, env: Env): PqlType {
    const entry = functionNamed('chain')!;
    this.occ(e.nameStart, e.nameEnd, 'function', 'chain', T_FUNCTION, entry);
    const events = this.expr(e.events, env);
    if (events.k !== 'unknown' && events.k !== 'array' && e.events.kind !== 'missing') {
      this.error(e.events, 'pql/type', `chain's first argument must be the events array (xEvent), but ${this.text(e.events)} is ${article(typeName(events))}`);
    }
    const inner = env.withItem(this.elementOf(events));
    this.scope(e.timestamp.start, e.timestamp.end, inner);
    const ts = this.expr(e.timestamp, inner);
    if (ts.k !== 'unknown' && !isDateLike(ts) && ts.k !== 'string') {
      this.error(e.timestamp, 'pql/type', `chain's second argument is the event timestamp field (timestamp), but ${this.text(e.timestamp)} is ${article(typeName(ts))}`);
    }
    // Labels seen so far: the first one, then a set (most chains have one or two steps).
    let firstLabel: string | undefined;
    let moreLabels: Set<string> | undefined;
    for (let k = 0; k < e.items.length; k++) {
      const item = e.items[k];
      if (item.label) {
        const label = item.label.text;
        this.occ(item.label.start, item.label.end, 'label', label, T_UNKNOWN);
        if (label === firstLabel || moreLabels?.has(label)) this.warn(item.label, 'pql/chain', `The step label ${label} is used twice: give each step its own label`);
        if (firstLabel === undefined) firstLabel = label;
        else if (label !== firstLabel) (moreLabels ??= new Set()).add(label);
      }
      let seen = 0;
      for (let j = 0; j < item.clauses.length; j++) {
        const c = item.clauses[j];
        const kw = c.word.text;
        const bit = CLAUSE_BIT[kw] ?? 0;
        if (seen & bit) this.error(c.word, 'pql/chain', `A step has one ${kw}(...): merge the conditions with and`);
        seen |= bit;
        if (isTimeSpec(c.arg)) { this.scope(c.open + 1, c.close >= 0 ? c.close : c.end, inner); this.timeSpec(c.arg, inner); continue; }
        const a = c.arg;
        if (kw === 'COUNT') {
          const t = this.expr(a, env);
          if (t.k !== 'unknown' && t.k !== 'integer') this.error(a, 'pql/type', `COUNT takes a whole number of occurrences, e.g. COUNT(5), but ${this.text(a)} is ${article(typeName(t))}`);
          else if (a.kind === 'number' && a.value < 1) this.error(a, 'pql/type', 'COUNT must be at least 1');
          continue;
        }
        this.scope(c.open + 1, c.close >= 0 ? c.close : c.end, inner);
        const t = this.expr(a, inner);
        if (kw === 'WHEN') { this.occursSubject(a, t); continue; }
        if (nonCondition(t)) this.condition(a, t, () => `${kw}(...)`, () => `Compare an event field, e.g. ${kw}(eventType = "commerce.purchases")`);
      }
      if (item.clauses.length > 0 && !(seen & CLAUSE_BIT.WHAT)) {
        this.error(item.label ?? item.clauses[0].word, 'pql/chain', 'Each chain step needs WHAT(condition): the event it matches, e.g. A: WHAT(eventType = "addToCart")');
      }
    }
    for (const a of e.extraArgs) this.expr(a, env);
    return T_BOOLEAN;
  }

  /** The scope inside the clauses; the first clause's element type goes to firstElement. */
  private clauses(clauses: Clause[], env: Env, end: number): Env {
    let cur = env;
    let first: PqlType = T_UNKNOWN;
    for (let i = 0; i < clauses.length; i++) {
      const c = clauses[i];
      const src = this.expr(c.source, cur);
      if (src.k !== 'unknown' && src.k !== 'array' && src.k !== 'object' && src.k !== 'map' && c.source.kind !== 'missing') {
        this.error(c.source, 'pql/type', `from needs an array to range over (xEvent, or a field such as E.productListItems), but ${this.text(c.source)} is ${article(typeName(src))}`);
      }
      const elem = this.elementOf(src);
      if (i === 0) first = elem;
      const v: VarInfo = { name: c.variable.text, type: elem, decl: c.variable, kind: 'variable' };
      if (v.name) this.occ(c.variable.start, c.variable.end, 'variable', v.name, elem, c.variable);
      const vars = v.name ? new OneVar(v) : null;
      // The item stack is the one of a filter on elem (shared: stacks are never modified).
      cur = new Env(cur, vars, cur.withItem(elem).ctx);
      this.scope(c.where ? c.where.end : c.source.end, end, cur);
      if (c.cond) {
        const t = this.expr(c.cond, cur);
        if (nonCondition(t)) this.condition(c.cond, t, 'The where condition', () => `Compare a field, e.g. ${v.name || 'X'}.eventType = "commerce.purchases"`);
      }
    }
    this.firstElement = first;
    return cur;
  }

  private occursSubject(range: Range, t: PqlType): void {
    if (t.k === 'unknown' || isDateLike(t)) return;
    if (t.k === 'array' && (isDateLike(t.elem) || t.elem.k === 'unknown')) return;
    if (t.k === 'string') {
      this.warn(range, 'pql/type', `occurs compares timestamps, but ${this.text(range)} is a string: use a date or date-time field such as timestamp`);
      return;
    }
    this.error(range, 'pql/type', `occurs compares timestamps, but ${this.text(range)} is ${article(typeName(t))}: use a date or date-time field such as timestamp`);
  }

  private timeSpec(t: TimeSpec, env: Env): void {
    if (t.kind === 'time-rel') {
      const a = t.amount;
      if (a.kind === 'number' && !a.integer) this.error(a, 'pql/type', `The amount of time must be a whole number: write ${Math.round(a.value)} ${t.unit?.text ?? 'days'}, or use a smaller unit`);
    }
    if (t.kind === 'time-between') {
      this.timeRef(t.from, env);
      this.timeRef(t.to, env);
    } else this.timeRef(t.anchor, env);
  }

  private timeRef(r: TimeRef, env: Env): void {
    if (r.kind === 'anchor' || r.kind === 'relunit' || r.kind === 'missing') return;
    const rt = this.expr(r, env);
    if (rt.k !== 'unknown' && !isDateLike(rt) && rt.k !== 'string') {
      this.error(r, 'pql/type', `Expected a time (now, today, last month, date(2020, 1, 1) or a date-time field), but ${this.text(r)} is ${article(typeName(rt))}`);
    }
  }

  // ----- operators --------------------------------------------------------------------------------------------------

  private binary(e: Extract<Expr, { kind: 'binary' }>, env: Env): PqlType {
    const op0 = e.ops[0];
    if (op0 === 'and' || op0 === 'or') {
      for (let i = 0; i < e.operands.length; i++) {
        const o = e.operands[i];
        const t = this.expr(o, env);
        this.condition(o, t, op0 === 'and' ? 'An operand of and' : 'An operand of or', 'Compare it, e.g. person.gender = "female"');
      }
      return T_BOOLEAN;
    }
    if (op0 === '+' || op0 === '-' || op0 === '*' || op0 === '/' || op0 === '%') {
      let allInt = true;
      let any = false;
      for (let i = 0; i < e.operands.length; i++) {
        const o = e.operands[i];
        const t = this.expr(o, env);
        if (t.k === 'unknown' || t.k === 'array' || t.k === 'object' || t.k === 'date' || t.k === 'date-time') { allInt = false; continue; }
        if (!isNumeric(t)) {
          this.error(o, 'pql/type', `Arithmetic (${e.ops[Math.max(0, i - 1)]}) needs numbers, but ${this.text(o)} is ${article(typeName(t))}`);
          allInt = false;
          continue;
        }
        any = true;
        if (t.k !== 'integer') allInt = false;
      }
      if (e.ops.includes('/')) allInt = false;
      return any && allInt ? T_INTEGER : T_NUMBER;
    }
    // Comparisons, membership, like: left to right.
    let left = this.expr(e.operands[0], env);
    for (let i = 0; i < e.ops.length; i++) {
      const op = e.ops[i];
      const ro = e.operands[i + 1];
      const lo = e.operands[i];
      const right = this.expr(ro, env);
      if (op === 'in' || op === 'notin') {
        if (right.k !== 'unknown' && right.k !== 'array' && right.k !== 'object' && ro.kind !== 'missing') {
          const fix: CoreFix[] = ro.kind === 'string' || ro.kind === 'number' ? [{ title: 'Wrap in [ ]', edits: [{ range: rangeOf(ro), newText: `[${this.parsed.text.slice(ro.start, ro.end)}]` }], preferred: true }] : [];
          this.error(ro, 'pql/type', `${op === 'in' ? 'in' : 'notIn'} needs an array on its right, e.g. ["US", "CA"], but ${this.text(ro)} is ${article(typeName(right))}`, fix);
        }
      } else if (op === 'like') {
        if (left.k !== 'unknown' && left.k !== 'string' && left.k !== 'object' && left.k !== 'array') this.error(lo, 'pql/type', `like matches strings, but ${this.text(lo)} is ${article(typeName(left))}`);
        if (right.k !== 'unknown' && right.k !== 'string') this.error(ro, 'pql/type', `like needs a string pattern on its right, e.g. "%es%", but ${this.text(ro)} is ${article(typeName(right))}`);
      } else if (op === '<' || op === '<=' || op === '>' || op === '>=') {
        if (left.k === 'boolean' || left.k === 'map' || left.k === 'entry') this.error(lo, 'pql/type', `${op} compares numbers, strings or dates, but ${this.text(lo)} is ${article(typeName(left))}`);
        if (right.k === 'boolean' || right.k === 'map' || right.k === 'entry') this.error(ro, 'pql/type', `${op} compares numbers, strings or dates, but ${this.text(ro)} is ${article(typeName(right))}`);
      }
      left = T_BOOLEAN;
    }
    return T_BOOLEAN;
  }

  /** Reports a known non-Boolean where a condition is required. */
  /** Reports a known non-Boolean where a condition is required. `what` and `hint` are built only when reporting. */
  private condition(e: Expr, t: PqlType, what: string | (() => string), hint: string | (() => string)): void {
    if (!(isNonBooleanScalar(t) || t.k === 'map' || t.k === 'entry')) return;
    if (e.kind === 'missing' || e.kind === 'error') return;
    const w = typeof what === 'string' ? what : what();
    const h = typeof hint === 'string' ? hint : hint();
    this.error(e, 'pql/type', `${w} must be a condition (Boolean), but ${this.text(e)} is ${article(typeName(t))}. ${h}`);
  }
}

/** A fresh range object (never hand out an AST node as a range: it would carry the whole subtree). */
export function rangeOf(r: Range): Range {
  return { start: r.start, end: r.end };
}

export function nameRangeOf(n: { nameStart: number; nameEnd: number }): Range {
  return { start: n.nameStart, end: n.nameEnd };
}

const CLAUSE_BIT: Readonly<Record<string, number>> = { WHAT: 1, WHEN: 2, COUNT: 4, WHERE: 8 };

const elementArgs = new Map<CatalogueEntry, boolean>();
/** Whether some parameter of the entry is evaluated per element (bare names inside are the element's fields). */
function takesElementArgs(entry: CatalogueEntry): boolean {
  let r = elementArgs.get(entry);
  if (r === undefined) {
    r = entry.params.some((p) => p.type !== 'boolean' && p.type !== 'string' && p.type !== 'integer' && p.type !== 'number' && p.type !== 'array' && p.type !== 'any');
    elementArgs.set(entry, r);
  }
  return r;
}

/** A known type that is not a condition (the "must be Boolean" checks report it). */
function nonCondition(t: PqlType): boolean {
  return isNonBooleanScalar(t) || t.k === 'map' || t.k === 'entry';
}

function receiverAccepts(kind: ReceiverKind, t: PqlType): boolean {
  if (t.k === 'unknown' || t.k === 'object' || kind === 'any') return true;
  switch (kind) {
    case 'string': return t.k === 'string' || (t.k === 'array' && (t.elem.k === 'string' || t.elem.k === 'unknown' || t.elem.k === 'object'));
    case 'array': return t.k === 'array';
    case 'map': return t.k === 'map';
    case 'collection': return t.k === 'array' || t.k === 'map';
    case 'date': return isDateLike(t) || t.k === 'string' || (t.k === 'array' && (isDateLike(t.elem) || t.elem.k === 'unknown'));
  }
}

function receiverPhrase(kind: ReceiverKind): string {
  switch (kind) {
    case 'string': return 'strings';
    case 'array': return 'arrays';
    case 'map': return 'maps';
    case 'collection': return 'arrays and maps';
    case 'date': return 'dates and timestamps';
    default: return receiverName(kind);
  }
}

function typeHint(kind: ReceiverKind, t: PqlType): string {
  if (kind === 'string' && isNumeric(t)) return ': compare numbers with =, <, > instead';
  if (kind === 'array' && t.k === 'map') return ': call values() first, e.g. .values().count()';
  if (kind === 'map' && t.k === 'array') return ': arrays are filtered with [condition] instead';
  return '';
}

function booleanHint(t: PqlType): string {
  if (isNumeric(t)) return 'Compare it, e.g. ... > 0.';
  if (t.k === 'string') return 'Compare it, e.g. ... = "value".';
  if (t.k === 'date' || t.k === 'date-time') return 'Test it with occurs, e.g. ... occurs last month.';
  return 'Test it, e.g. with .isNotNull() or a comparison.';
}

function article(s: string): string {
  return /^[aeiouAEIOU]/.test(s) ? `an ${s}` : `a ${s}`;
}

/** Catalogue entries (exported for tests that check every documented row is present). */
export const ALL_ENTRIES = CATALOGUE;
