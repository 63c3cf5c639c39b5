// Completion: what may come at the cursor, read from the token stream (robust on half-typed text) plus what the
// checker recorded (the receiver type at each `.`, the variables and implicit item of each scope).
import type { CoreCompletion, OffsetRange } from '../common/coreTypes';
import type { Analysis } from './analysis';
import type { Chain, Expr } from './ast';
import { childExprs } from './ast';
import { documentationOf, FUNCTIONS, keywordEntry, METHODS, signatureOf, type CatalogueEntry } from './catalogue';
import type { Env } from './checker';
import type { FieldCatalogue, FieldInfo } from './fields';
import { DIRECTIONS, EVENTS_NAME, HARD_KEYWORDS, RELATIVE_WORDS, TIME_ANCHORS, TIME_UNITS } from './grammarChoices';
import type { Token } from './lexer';
import { typeFromXdm, typeName, type PqlType } from './types';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function complete(a: Analysis, offset: number, fields: FieldCatalogue): CoreCompletion[] {
  const { tokens, roles } = a.parsed;
  // The token under or just before the cursor.
  let i = lastTokenBefore(tokens, offset);
  let replace: OffsetRange = { start: offset, end: offset };
  const t = i >= 0 ? tokens[i] : undefined;
  if (t && (t.kind === 'string') && offset > t.start && (offset < t.end || !a.text.slice(t.start + 1, t.end).endsWith(a.text[t.start]) || t.end - t.start < 2)) return [];
  if (t && (t.kind === 'word' || t.kind === 'quoted') && offset >= t.start && offset <= t.end) {
    replace = { start: t.start, end: t.end };
    i--;
  } else if (t && t.kind === 'number' && offset === t.end) {
    return [];
  }
  const prev = i >= 0 ? tokens[i] : undefined;
  const prevRole = i >= 0 ? roles[i] : '';

  // After a dot: fields and methods of the receiver.
  if (prev && prev.kind === 'punct' && prev.text === '.') {
    const recv = a.checked.receiverAtDot.get(prev.start);
    return memberCompletions(recv ?? { k: 'unknown' }, fields, replace);
  }
  if (prev && prev.kind === 'punct' && prev.text === '^') return [];

  // After occurs / inside WHEN( ): relative-time phrases.
  const time = timeContext(tokens, roles, i);
  if (time) return timeCompletions(time, replace);

  // Inside a chain's list of steps, between steps' clauses.
  const chain = findChainItems(a.parsed.root, offset, a.parsed.extras);
  if (chain && !insideClause(chain, offset)) {
    const atItemStart = prev && prev.kind === 'punct' && (prev.text === '[' || prev.text === ',');
    return chainCompletions(replace, !!atItemStart);
  }

  // Scopes end at their last token: in trailing whitespace, look just after the previous token.
  const env = envAt(a, replace.start < replace.end || !prev ? replace.start : Math.min(offset, prev.end));
  const endsExpression = prev !== undefined && endsAnExpression(prev, prevRole);
  if (endsExpression) return operatorCompletions(replace, prev!, prevRole);
  return expressionCompletions(env, fields, replace);
}

function lastTokenBefore(tokens: Token[], offset: number): number {
  let lo = 0, hi = tokens.length - 2; // skip eof
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start < offset) { ans = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return ans;
}

function endsAnExpression(t: Token, role: string): boolean {
  if (t.kind === 'string' || t.kind === 'number' || t.kind === 'param' || t.kind === 'quoted') return true;
  if (t.kind === 'punct') return t.text === ')' || t.text === ']' || t.text === '}';
  if (t.kind === 'word') return role === 'name' || role === 'member' || role === 'anchor' || role === 'unit' || (role === 'kw' && /^(true|false)$/i.test(t.text));
  return false;
}

export function envAt(a: Analysis, offset: number): Env {
  let best: Env = a.checked.topEnv;
  let bestSize = Infinity;
  for (const s of a.checked.scopes) {
    if (s.start <= offset && offset <= s.end && s.end - s.start <= bestSize) { best = s.env; bestSize = s.end - s.start; }
  }
  return best;
}

function fieldCompletion(f: FieldInfo, prefix: string, replace: OffsetRange, sort: string): CoreCompletion {
  const name = f.path.slice(prefix ? prefix.length + 1 : 0);
  const t = typeName(typeFromXdm(f.type, f.root, f.path));
  const doc = [f.title ? `**${f.title}**` : '', f.description ?? '', `\`${f.path}\` (${f.root === 'profile' ? 'Profile' : 'ExperienceEvent'})`].filter(Boolean).join('\n\n');
  return { label: name, kind: 'field', detail: t, documentation: doc, insertText: IDENT.test(name) && !HARD_KEYWORDS.has(name.toLowerCase()) ? name : '`' + name + '`', replace, sortText: sort + name };
}

function fieldsOf(t: PqlType, fields: FieldCatalogue): { list: FieldInfo[]; prefix: string } {
  const obj = t.k === 'array' ? t.elem : t;
  if (obj.k === 'object' && obj.root !== undefined) {
    const prefix = obj.path ?? '';
    return { list: fields.children(obj.root, prefix).filter((f) => !f.path.endsWith('.*')), prefix };
  }
  return { list: [], prefix: '' };
}

function methodAccepts(e: CatalogueEntry, t: PqlType): boolean {
  const r = e.receiver ?? 'any';
  if (t.k === 'unknown') return true;
  if (r === 'any') return true;
  switch (t.k) {
    case 'string': return r === 'string';
    case 'date': case 'date-time': return r === 'date';
    case 'array': return r === 'array' || r === 'collection' || (r === 'string' && t.elem.k === 'string');
    case 'map': return r === 'map' || r === 'collection';
    default: return false;
  }
}

function methodCompletion(e: CatalogueEntry, replace: OffsetRange, sort: string): CoreCompletion {
  const params = e.params.filter((p) => !p.optional);
  const insert = params.length ? `${e.name}(${params.map((p, i) => `\${${i + 1}:${p.name}}`).join(', ')})` : `${e.name}()`;
  return { label: e.name, kind: e.form === 'method' ? 'method' : 'function', detail: signatureOf(e), documentation: documentationOf(e), insertText: insert, snippet: true, replace, sortText: sort + e.name };
}

function memberCompletions(recv: PqlType, fields: FieldCatalogue, replace: OffsetRange): CoreCompletion[] {
  const out: CoreCompletion[] = [];
  const { list, prefix } = fieldsOf(recv, fields);
  for (const f of list) out.push(fieldCompletion(f, prefix, replace, '0'));
  const seen = new Set<string>();
  for (const m of METHODS) {
    if (seen.has(m.name)) continue;
    // Objects of the catalogue get their fields plus isNull/isNotNull; other types get the methods they accept.
    const ok = recv.k === 'object' ? m.receiver === 'any' : methodAccepts(m, recv);
    if (!ok) continue;
    seen.add(m.name);
    out.push(methodCompletion(m, replace, '1'));
  }
  return out;
}

function expressionCompletions(env: Env, fields: FieldCatalogue, replace: OffsetRange): CoreCompletion[] {
  const out: CoreCompletion[] = [];
  for (const v of env.allVars()) {
    out.push({ label: v.name, kind: 'variable', detail: typeName(v.type), replace, sortText: '0' + v.name });
  }
  out.push({ label: EVENTS_NAME, kind: 'variable', detail: 'array<ExperienceEvent>', documentation: keywordEntry(EVENTS_NAME)?.description, replace, sortText: '1' + EVENTS_NAME });
  const { list, prefix } = fieldsOf(env.item, fields);
  for (const f of list) out.push(fieldCompletion(f, prefix, replace, '2'));
  for (const f of FUNCTIONS) {
    if (f.name === 'chain') continue;
    out.push(methodCompletion(f, replace, '3'));
  }
  for (const k of ['not', 'true', 'false']) out.push({ label: k, kind: 'keyword', documentation: keywordEntry(k)?.description, replace, sortText: '4' + k });
  out.push(...SNIPPETS.map((s) => ({ ...s, replace })));
  return out;
}

const SNIPPETS: CoreCompletion[] = [
  { label: 'chain', kind: 'snippet', detail: 'chain(xEvent, timestamp, [A: WHAT(...) WHEN(...)])', documentation: 'Ordered sequence of events.', insertText: 'chain(xEvent, timestamp, [${1:A}: WHAT(${2:eventType = "${3:commerce.purchases}"}) WHEN(${4:< 7 days before now})])', snippet: true, sortText: '5chain' },
  { label: 'select', kind: 'snippet', detail: 'select X from xEvent where ...', documentation: 'The events (or array items) matching a condition.', insertText: 'select ${1:X} from ${2:xEvent} where ${3:$1.eventType = "${4:commerce.purchases}"}', snippet: true, sortText: '5select' },
  { label: 'exists', kind: 'snippet', detail: 'exists E from xEvent where ...', documentation: 'At least one binding satisfies the condition.', insertText: 'exists ${1:E} from ${2:xEvent} where ${3:$1.eventType = "${4:commerce.purchases}"}', snippet: true, sortText: '5exists' },
  { label: 'forall', kind: 'snippet', detail: 'forall E from xEvent where ...', documentation: 'Every binding satisfies the condition.', insertText: 'forall ${1:E} from ${2:xEvent} where ${3:condition}', snippet: true, sortText: '5forall' },
  { label: 'let', kind: 'snippet', detail: 'let V = ... in ...', documentation: 'Binds a sub-expression to a variable.', insertText: 'let ${1:S} = ${2:value} in ${3:$1 > 0}', snippet: true, sortText: '5let' },
  { label: 'xEvent filter', kind: 'snippet', detail: 'xEvent[...].count() > 0', documentation: 'Count the events matching a condition.', insertText: 'xEvent[${1:eventType = "${2:commerce.purchases}"}].count() > ${3:0}', snippet: true, filterText: 'xEvent', sortText: '5xEvent' },
];

function operatorCompletions(replace: OffsetRange, prev: Token, role: string): CoreCompletion[] {
  const ops: [string, string][] = [
    ['and', 'both conditions'], ['or', 'either condition'], ['in', 'value in [..]'], ['notIn', 'value not in [..]'], ['like', 'SQL-like pattern "%x%"'],
    ['occurs', 'timestamp occurs last month / < 7 days before now'],
  ];
  const out: CoreCompletion[] = ops.map(([k, d]) => ({ label: k, kind: 'keyword' as const, detail: d, documentation: keywordEntry(k)?.description, replace, sortText: '0' + k }));
  if (role === 'unit' || role === 'anchor') return out.filter((o) => o.label === 'and' || o.label === 'or');
  if (prev.kind === 'word' || prev.kind === 'quoted' || prev.kind === 'punct') {
    out.push({ label: 'where', kind: 'keyword', detail: 'the condition of select/exists/forall', replace, sortText: '1where' });
    out.push({ label: 'from', kind: 'keyword', detail: 'X from xEvent', replace, sortText: '1from' });
  }
  return out;
}

// ----- chain steps -------------------------------------------------------------------------------------------------

function findChainItems(root: Expr, offset: number, extras: Expr[]): Chain | null {
  let found: Chain | null = null;
  const stack: Expr[] = [root, ...extras];
  while (stack.length) {
    const e = stack.pop()!;
    if (offset < e.start || offset > e.end + 1) continue;
    if (e.kind === 'chain' && e.itemsStart >= 0 && offset > e.itemsStart && offset <= Math.max(e.itemsEnd, e.close >= 0 ? e.close : e.end)) {
      if (e.itemsEnd > offset || e.close < 0 || offset < e.close) found = e;
    }
    for (const c of childExprs(e)) stack.push(c);
  }
  return found;
}

function insideClause(c: Chain, offset: number): boolean {
  for (const it of c.items) for (const cl of it.clauses) {
    if (offset > cl.open && (cl.close < 0 || offset <= cl.close)) return true;
  }
  return false;
}

function chainCompletions(replace: OffsetRange, atItemStart: boolean): CoreCompletion[] {
  const clause = (k: string, body: string, sort: string): CoreCompletion => ({
    label: k, kind: 'keyword', detail: `${k}(...)`, documentation: keywordEntry(k)?.description, insertText: `${k}(${body})`, snippet: true, replace, sortText: sort,
  });
  const out = [
    clause('WHAT', '${1:eventType = "${2:commerce.purchases}"}', '1'),
    clause('WHEN', '${1:< 7 days before now}', '2'),
    clause('COUNT', '${1:2}', '3'),
    clause('WHERE', '${1:condition}', '4'),
  ];
  if (atItemStart) out.unshift({ label: 'step', kind: 'snippet', detail: 'A: WHAT(...)', insertText: '${1:A}: WHAT(${2:eventType = "${3:commerce.purchases}"})', snippet: true, replace, sortText: '0' });
  return out;
}

// ----- relative time ---------------------------------------------------------------------------------------------

type TimeState = 'start' | 'amount' | 'unit' | 'direction' | 'anchor' | 'relunit';

/** Where the cursor stands inside an occurs right-hand side (or WHEN( )), or null. */
function timeContext(tokens: Token[], roles: string[], i: number): TimeState | null {
  const seq: Token[] = [];
  for (let k = i; k >= 0 && seq.length < 8; k--) {
    const t = tokens[k];
    const l = t.kind === 'word' ? t.text.toLowerCase() : t.text;
    if (t.kind === 'word' && l === 'occurs' && roles[k] === 'kw') return stateOf(seq.reverse());
    if (t.kind === 'punct' && t.text === '(' && k > 0 && tokens[k - 1].kind === 'word' && tokens[k - 1].text.toUpperCase() === 'WHEN' && roles[k - 1] === 'clause') return stateOf(seq.reverse());
    if (t.kind === 'punct' && (t.text === '(' || t.text === ')' || t.text === ',' || t.text === '[' || t.text === ']')) return null;
    seq.push(t);
  }
  return null;
}

function stateOf(seq: Token[]): TimeState | null {
  if (seq.length === 0) return 'start';
  const last = seq[seq.length - 1];
  const l = last.kind === 'word' ? last.text.toLowerCase() : last.text;
  if (last.kind === 'punct' && ['<', '<=', '>', '>=', '=', '!='].includes(last.text)) return 'amount';
  if (last.kind === 'number') return 'unit';
  if (TIME_UNITS.includes(l)) return seq.length >= 2 && RELATIVE_WORDS.includes(seq[seq.length - 2].text.toLowerCase()) ? null : 'direction';
  if (DIRECTIONS.includes(l) || l === 'between' || l === 'on' || (l === 'and' && seq.some((t) => t.text.toLowerCase() === 'between'))) return 'anchor';
  if (RELATIVE_WORDS.includes(l)) return 'relunit';
  return null;
}

function timeCompletions(state: TimeState, replace: OffsetRange): CoreCompletion[] {
  const item = (label: string, insert: string | undefined, detail: string, sort: string, kind: CoreCompletion['kind'] = 'keyword'): CoreCompletion => ({
    label, kind, detail, insertText: insert, snippet: insert !== undefined && insert.includes('$'), replace, sortText: sort + label,
  });
  const units = (s: string) => ['minutes', 'hours', 'days', 'weeks', 'months', 'years', 'seconds', 'milliseconds', 'decades', 'centuries', 'millennia'].map((u, k) => item(u, undefined, 'time unit', s + String.fromCharCode(97 + k)));
  const anchors = (s: string) => [
    ...TIME_ANCHORS.map((w) => item(w, undefined, keywordEntry(w)?.description ?? 'time', s)),
    item('date(y, m, d)', 'date(${1:2024}, ${2:1}, ${3:1})', 'a date', s + 'z', 'function'),
  ];
  switch (state) {
    case 'start': return [
      item('last month', undefined, 'during the previous calendar month', '0'),
      item('this month', undefined, 'during the current month', '0'),
      item('last week', undefined, 'during the previous week', '0'),
      item('today', undefined, 'today', '0'),
      item('yesterday', undefined, 'yesterday', '0'),
      item('before today', undefined, 'any time before today', '1'),
      item('< 7 days before now', '< ${1:7} ${2:days} before ${3:now}', 'within the last 7 days', '1', 'snippet'),
      item('<= 24 hours before now', '<= ${1:24} ${2:hours} before ${3:now}', 'within the last 24 hours', '1', 'snippet'),
      item('= 3 days before today', '= ${1:3} ${2:days} before ${3:today}', 'exactly that day', '1', 'snippet'),
      item('> 30 days before now', '> ${1:30} ${2:days} before ${3:now}', 'earlier than 30 days ago', '1', 'snippet'),
      item('after date(...)', 'after date(${1:2024}, ${2:1}, ${3:1})', 'after a date', '2', 'snippet'),
      item('between date(...) and date(...)', 'between date(${1:2024}, ${2:1}, ${3:1}) and date(${4:2024}, ${5:12}, ${6:31})', 'between two dates', '2', 'snippet'),
      item('on date(...)', 'on date(${1:2024}, ${2:1}, ${3:1})', 'on a date', '2', 'snippet'),
      ...['<', '<=', '=', '>', '>='].map((c) => item(c, undefined, 'comparison, then an amount: 7 days before now', '3', 'operator')),
    ];
    case 'amount': return [item('7 days before now', '${1:7} ${2:days} before ${3:now}', 'amount, unit, direction, time', '0', 'snippet')];
    case 'unit': return units('0');
    case 'relunit': return [item('day', undefined, 'unit', '0'), item('week', undefined, 'unit', '0'), item('month', undefined, 'unit', '0'), item('year', undefined, 'unit', '0'), item('hour', undefined, 'unit', '1')];
    case 'direction': return DIRECTIONS.map((d) => item(d, undefined, keywordEntry(d)?.description ?? 'direction', '0'));
    case 'anchor': return [...anchors('0'), ...RELATIVE_WORDS.map((w) => item(`${w} month`, `${w} \${1:month}`, `${w} + a unit`, '1', 'snippet'))];
  }
}
