// Hover, signature help, formatting and semantic tokens.
import type { CoreEdit, CoreHover, CoreSemanticToken, CoreSignatureHelp } from '../common/coreTypes';
import type { Analysis } from './analysis';
import { documentationOf, functionNamed, keywordEntry, methodsNamed, signatureOf, type CatalogueEntry } from './catalogue';
import type { Occurrence } from './checker';
import type { FieldCatalogue } from './fields';
import { FORMAT_INDENT, FORMAT_LINE_WIDTH, KEYWORD_CANONICAL } from './grammarChoices';
import type { Token } from './lexer';
import type { TokenRole } from './parser';
import { isDateLike, typeName, type PqlType } from './types';

// ----- hover -------------------------------------------------------------------------------------------------------

function occurrenceAt(occ: Occurrence[], offset: number): Occurrence | undefined {
  let lo = 0, hi = occ.length - 1, ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (occ[mid].start <= offset) { ans = mid; lo = mid + 1; } else hi = mid - 1;
  }
  for (let k = ans; k >= 0 && k > ans - 4; k--) if (occ[k].start <= offset && offset < occ[k].end) return occ[k];
  // At the very end of a word (cursor after the last letter).
  if (ans >= 0 && occ[ans].end === offset) return occ[ans];
  return undefined;
}

function tokenAt(tokens: Token[], offset: number): number {
  let lo = 0, hi = tokens.length - 2, ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start <= offset) { ans = mid; lo = mid + 1; } else hi = mid - 1;
  }
  if (ans >= 0 && offset < tokens[ans].end) return ans;
  if (ans >= 0 && offset === tokens[ans].end && tokens[ans].kind === 'word') return ans;
  return -1;
}

function entryMarkdown(e: CatalogueEntry): string {
  return '```pql\n' + signatureOf(e) + '\n```\n' + documentationOf(e);
}

export function hover(a: Analysis, offset: number, fields: FieldCatalogue): CoreHover | null {
  const o = occurrenceAt(a.checked.occurrences, offset);
  if (o) {
    const range = { start: o.start, end: o.end };
    switch (o.kind) {
      case 'field': {
        const f = o.field;
        if (!f) return { range, markdown: `**${o.name}**: ${typeName(o.type)}\n\n_Not in the ${fields.description}._` };
        const parts = [
          '```pql\n' + `${f.path}: ${f.type}` + '\n```',
          f.title ? `**${f.title}**` : '',
          f.description ?? '',
          `${f.root === 'profile' ? 'Profile' : 'ExperienceEvent'} field${f.fieldGroup ? ` from \`${f.fieldGroup}\`` : ''} — ${fields.description}`,
        ];
        return { range, markdown: parts.filter(Boolean).join('\n\n') };
      }
      case 'variable': case 'parameter':
        return { range, markdown: '```pql\n' + `(${o.kind}) ${o.name}: ${typeName(o.type)}` + '\n```' + elementNote(o.type) };
      case 'events': {
        const e = keywordEntry('xEvent')!;
        return { range, markdown: '```pql\nxEvent: array<ExperienceEvent>\n```\n' + documentationOf(e) };
      }
      case 'function': case 'method':
        if (o.entry) return { range, markdown: entryMarkdown(o.entry) };
        break;
      case 'label':
        return { range, markdown: `**${o.name}**: chain step label` };
    }
  }
  const ti = tokenAt(a.parsed.tokens, offset);
  if (ti < 0) return null;
  const t = a.parsed.tokens[ti];
  const role = a.parsed.roles[ti];
  const range = { start: t.start, end: t.end };
  if (role === 'kw' || role === 'op' || role === 'unop' || role === 'clause' || role === 'anchor' || role === 'arrow' || role === 'up' || role === 'param') {
    const e = keywordEntry(role === 'param' ? '$1' : t.text);
    if (e) return { range, markdown: (e.form === 'infix' || e.form === 'prefix' ? '```pql\n' + signatureOf(e) + '\n```\n' : `**${e.name}**\n\n`) + documentationOf(e) };
  }
  if (role === 'unit') return { range, markdown: `**${t.text}**: time unit (millisecond, second, minute, hour, day, week, month, year, decade, century, millennium; singular or plural)` };
  return null;
}

function elementNote(t: PqlType): string {
  if (t.k === 'object' && t.root && t.path === '') return `\n\nBound to ${t.root === 'profile' ? 'the profile' : 'one ExperienceEvent'}: its fields are ${t.root === 'profile' ? 'Profile' : 'ExperienceEvent'} fields.`;
  if (isDateLike(t)) return '\n\nA timestamp: test it with occurs.';
  return '';
}

// ----- signature help ----------------------------------------------------------------------------------------------

export function signatureHelp(a: Analysis, offset: number): CoreSignatureHelp | null {
  const { tokens, roles } = a.parsed;
  let commas = 0;
  let depth = 0;
  let k = tokens.length - 2;
  while (k >= 0 && tokens[k].start >= offset) k--;
  // A cursor inside a string still counts: the string ends after the cursor.
  for (; k >= 0; k--) {
    const t = tokens[k];
    if (t.kind !== 'punct') continue;
    if (t.text === ')' || t.text === ']' || t.text === '}') { depth++; continue; }
    if (t.text === '(' || t.text === '[' || t.text === '{') {
      if (depth > 0) { depth--; continue; }
      if (t.text === '(' && k > 0) {
        const nameTok = tokens[k - 1];
        const role = roles[k - 1];
        let entry: CatalogueEntry | undefined;
        if (role === 'fn') entry = functionNamed(nameTok.text);
        else if (role === 'method') {
          const recv = k >= 2 ? a.checked.receiverAtDot.get(tokens[k - 2].start) : undefined;
          const cands = methodsNamed(nameTok.text);
          entry = cands.find((c) => !recv || receiverMatches(c, recv)) ?? cands[0];
        } else if (role === 'clause') entry = keywordEntry(nameTok.text.toUpperCase());
        if (entry) return help(entry, commas);
      }
      // A parenthesis, lambda, array literal or chain step list: keep looking outward, counting commas afresh.
      commas = 0;
      continue;
    }
    if (t.text === ',' && depth === 0) commas++;
  }
  return null;
}

function receiverMatches(e: CatalogueEntry, t: PqlType): boolean {
  const r = e.receiver ?? 'any';
  if (r === 'any' || t.k === 'unknown' || t.k === 'object') return true;
  if (r === 'collection') return t.k === 'array' || t.k === 'map';
  if (r === 'date') return isDateLike(t);
  return t.k === r;
}

function help(e: CatalogueEntry, commas: number): CoreSignatureHelp {
  const params = e.params.map((p) => ({ label: `${p.name}${p.optional ? '?' : ''}: ${p.type}`, documentation: p.doc }));
  const label = e.form === 'method' ? `${e.name}(${params.map((p) => p.label).join(', ')})` : `${e.name}(${params.map((p) => p.label).join(', ')})`;
  return {
    signatures: [{ label: `${label} → ${signatureOf(e).split(' → ').pop()}`, documentation: documentationOf(e), parameters: params }],
    activeSignature: 0,
    activeParameter: params.length ? Math.min(commas, params.length - 1) : 0,
  };
}

// ----- formatting --------------------------------------------------------------------------------------------------

const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);
const OPERATORISH = new Set<TokenRole>(['kw', 'op', 'bind', 'arrow', 'wcolon', 'colon']);

function canonicalText(t: Token, role: TokenRole, text: string): string {
  const raw = text.slice(t.start, t.end);
  if (t.kind !== 'word') return raw;
  const l = raw.toLowerCase();
  switch (role) {
    case 'kw': case 'op': case 'anchor': case 'unit': return KEYWORD_CANONICAL[l] ?? l;
    case 'clause': return raw.toUpperCase();
    case 'fn': {
      const e = functionNamed(raw);
      return e && e.caseInsensitive ? e.name : raw;
    }
    default: return raw;
  }
}

function needSpace(a: Token, ra: TokenRole, b: Token, rb: TokenRole): boolean {
  if (b.kind === 'punct' && (CLOSERS.has(b.text) || b.text === ',' || b.text === '.')) return false;
  if (a.kind === 'punct' && (OPENERS.has(a.text) || a.text === '.')) return false;
  if (ra === 'up' || ra === 'unop') return false;
  if (b.kind === 'punct' && b.text === ':' && rb === 'colon') return false;
  if (b.kind === 'punct' && OPENERS.has(b.text)) return OPERATORISH.has(ra) || (a.kind === 'punct' && a.text === ',');
  return true;
}

/** The canonical layout of the whole text, or null when it has syntax errors. */
export function canonicalLayout(a: Analysis): { texts: string[]; gaps: string[] } | null {
  if (a.parsed.hasSyntaxErrors) return null;
  const { tokens, roles } = a.parsed;
  const n = tokens.length - 1; // without eof
  const texts: string[] = new Array(n);
  const gaps: string[] = new Array(n + 1);
  let width = 0;
  for (let i = 0; i < n; i++) {
    texts[i] = canonicalText(tokens[i], roles[i], a.text);
    gaps[i] = i === 0 ? '' : needSpace(tokens[i - 1], roles[i - 1], tokens[i], roles[i]) ? ' ' : '';
    width += texts[i].length + gaps[i].length;
  }
  gaps[n] = /[\r\n]\s*$/.test(a.text) && n > 0 ? (a.text.includes('\r\n') ? '\r\n' : '\n') : '';
  if (width > FORMAT_LINE_WIDTH) {
    let depth = 0;
    for (let i = 0; i < n; i++) {
      const t = tokens[i];
      if (t.kind === 'punct' && OPENERS.has(t.text)) depth++;
      else if (t.kind === 'punct' && CLOSERS.has(t.text)) depth--;
      else if (depth === 0 && i > 0 && roles[i] === 'op' && (texts[i] === 'and' || texts[i] === 'or')) gaps[i] = (a.text.includes('\r\n') ? '\r\n' : '\n') + FORMAT_INDENT;
    }
  }
  return { texts, gaps };
}

export function format(a: Analysis): CoreEdit[] {
  const layout = canonicalLayout(a);
  if (!layout) return [];
  const { tokens } = a.parsed;
  const edits: CoreEdit[] = [];
  const n = tokens.length - 1;
  let prevEnd = 0;
  for (let i = 0; i <= n; i++) {
    const start = i < n ? tokens[i].start : a.text.length;
    const gapChanged = a.text.slice(prevEnd, start) !== layout.gaps[i];
    if (i < n) {
      const t = tokens[i];
      if (a.text.slice(t.start, t.end) !== layout.texts[i]) {
        // One edit for the gap and the token, so no two edits touch the same offset.
        edits.push({ range: { start: prevEnd, end: t.end }, newText: layout.gaps[i] + layout.texts[i] });
      } else if (gapChanged) edits.push({ range: { start: prevEnd, end: start }, newText: layout.gaps[i] });
      prevEnd = t.end;
    } else if (gapChanged) edits.push({ range: { start: prevEnd, end: start }, newText: layout.gaps[i] });
  }
  return edits;
}

// ----- semantic tokens ---------------------------------------------------------------------------------------------

export const PQL_SEMANTIC_TOKEN_TYPES = ['keyword', 'operator', 'function', 'method', 'property', 'variable', 'parameter', 'string', 'number', 'label'] as const;

export function semanticTokens(a: Analysis): CoreSemanticToken[] {
  const { tokens, roles } = a.parsed;
  const kinds = new Map<number, Occurrence['kind']>();
  for (const o of a.checked.occurrences) kinds.set(o.start, o.kind);
  const out: CoreSemanticToken[] = [];
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i];
    const type = tokenType(t, roles[i], kinds.get(t.start));
    if (type) out.push({ range: { start: t.start, end: t.end }, type });
  }
  return out;
}

function tokenType(t: Token, role: TokenRole, occ: Occurrence['kind'] | undefined): string | null {
  switch (role) {
    case 'kw': case 'clause': case 'anchor': case 'unit': return 'keyword';
    case 'op': return t.kind === 'word' ? 'keyword' : 'operator';
    case 'unop': case 'arrow': case 'bind': case 'up': return 'operator';
    case 'fn': return 'function';
    case 'method': return 'method';
    case 'member': case 'key': return 'property';
    case 'label': return 'label';
    case 'string': return 'string';
    case 'number': return 'number';
    case 'param': return 'parameter';
    case 'decl': return occ === 'parameter' ? 'parameter' : 'variable';
    case 'name':
      if (occ === 'variable' || occ === 'events') return 'variable';
      if (occ === 'parameter') return 'parameter';
      return 'property';
  }
  if (t.kind === 'string') return 'string';
  if (t.kind === 'number') return 'number';
  return null;
}
