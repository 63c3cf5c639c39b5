// Decides which language a document speaks. The file name wins (suffixes, then the user's glob patterns); a plain
// `.json` file is recognised by its content only when the content clearly is one kind, so that unrelated JSON files
// never get segment diagnostics.
import { minimatch } from 'minimatch';
import { parse as parseJsonc } from 'jsonc-parser';

export type DocumentKind = 'cja' | 'aep' | 'unleash' | 'pql';
export const JSON_KINDS: readonly DocumentKind[] = ['cja', 'aep', 'unleash'];

/** File-name suffixes that always mean a kind. */
export const KIND_SUFFIXES: Record<DocumentKind, string> = {
  cja: '.cja.json',
  aep: '.aep.json',
  unleash: '.unleash.json',
  pql: '.pql',
};

/** User-configured glob patterns per kind (setting `segmentWorkbench.files.associations`). */
export type KindGlobs = Partial<Record<DocumentKind, string[]>>;

/** Content sniffing reads at most this many characters: a huge document that is not obviously a segment stays plain JSON. */
const SNIFF_LIMIT = 2_000_000;

export function kindFromPath(path: string, globs: KindGlobs = {}): DocumentKind | undefined {
  const lower = path.toLowerCase();
  for (const kind of Object.keys(KIND_SUFFIXES) as DocumentKind[]) {
    if (lower.endsWith(KIND_SUFFIXES[kind])) return kind;
  }
  for (const kind of Object.keys(globs) as DocumentKind[]) {
    for (const pattern of globs[kind] ?? []) {
      if (minimatch(path, pattern, { dot: true, matchBase: !pattern.includes('/') })) return kind;
    }
  }
  return undefined;
}

/** Recognises a JSON text whose top-level shape clearly belongs to one kind. */
export function kindFromContent(text: string): DocumentKind | undefined {
  if (text.length > SNIFF_LIMIT) return undefined;
  let value: unknown;
  try {
    value = parseJsonc(text, [], { allowTrailingComma: true });
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const doc = value as Record<string, unknown>;
  const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (doc.func === 'segment' || doc.func === 'segment-def') return 'cja';
  if (isObject(doc.definition) && (doc.definition.func === 'segment' || doc.definition.func === 'segment-def')) return 'cja';
  if (isObject(doc.expression) && typeof doc.expression.type === 'string' && 'value' in doc.expression) return 'aep';
  if (Array.isArray(doc.constraints) && typeof doc.name === 'string' && !('definition' in doc) && !('expression' in doc)) {
    const looksLikeConstraint = doc.constraints.every((c) => isObject(c) && ('contextName' in c || 'operator' in c));
    if (looksLikeConstraint) return 'unleash';
  }
  return undefined;
}

/** The kind of a document: by name first, then (for JSON files only) by content. */
export function detectKind(path: string, text: string, globs: KindGlobs = {}): DocumentKind | undefined {
  const byName = kindFromPath(path, globs);
  if (byName) return byName;
  const lower = path.toLowerCase();
  if (lower.endsWith('.json') || lower.endsWith('.jsonc')) return kindFromContent(text);
  return undefined;
}
