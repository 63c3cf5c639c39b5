// Local segment files: reading them (JSON with comments allowed), naming new ones, and writing safely: a write
// goes to a temporary file that is renamed over the target, and a write-back after a push happens only if the
// file still holds exactly what was pushed, so an edit made meanwhile is never overwritten.
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { applyEdits, modify, parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { ServiceKind } from '../../../remote/src/index';
import { kindFromPath, KIND_SUFFIXES, detectKind } from '../../../server/src/language/documentKind';
import type { Resource } from '../../../remote/src/segments/segmentAdapters';

export interface LocalFile {
  path: string;
  kind: ServiceKind;
  text: string;
  value: Resource;
}

export type ReadResult = { ok: true; file: LocalFile } | { ok: false; message: string };

const MAX_FILE_BYTES = 20 * 1024 * 1024;
const MAX_SCANNED_FILES = 20_000;

export async function readLocalFile(path: string): Promise<ReadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, message: code === 'ENOENT' ? 'no such file' : (error as Error).message };
  }
  if (text.length > MAX_FILE_BYTES) return { ok: false, message: 'the file is too large' };
  const kind = detectKind(path, text);
  if (kind !== 'cja' && kind !== 'aep' && kind !== 'unleash') {
    return { ok: false, message: `not a segment file (expected ${KIND_SUFFIXES.cja}, ${KIND_SUFFIXES.aep} or ${KIND_SUFFIXES.unleash})` };
  }
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true });
  if (errors.length) {
    const first = errors[0];
    const line = text.slice(0, first.offset).split('\n').length;
    return { ok: false, message: `invalid JSON: ${printParseErrorCode(first.error)} at line ${line}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'the file must hold a JSON object' };
  return { ok: true, file: { path, kind, text, value: value as Resource } };
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(temp, text, 'utf8');
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

function detectIndent(text: string): { insertSpaces: boolean; tabSize: number } {
  const match = /\n([ \t]+)"/.exec(text);
  if (!match) return { insertSpaces: true, tabSize: 2 };
  return match[1].startsWith('\t') ? { insertSpaces: false, tabSize: 1 } : { insertSpaces: true, tabSize: match[1].length };
}

/** Sets top-level properties in JSON text, keeping its formatting and comments. */
export function setProperties(text: string, values: Record<string, unknown>): string {
  let out = text;
  const formattingOptions = { ...detectIndent(text), eol: text.includes('\r\n') ? '\r\n' : '\n' };
  for (const [key, value] of Object.entries(values)) {
    // A new id goes first, as in the service's own answers; other new properties go last.
    const edits = modify(out, [key], value, { formattingOptions, getInsertionIndex: key === 'id' ? () => 0 : undefined });
    out = applyEdits(out, edits);
  }
  return out;
}

export type WriteBackResult = 'written' | 'changed-meanwhile' | 'unchanged';

/**
 * Records the service's answer (new id, new version) in the file, unless the file changed since it was read
 * (then the user's newer edit wins and the caller reports what to add by hand).
 */
export async function writeBack(file: LocalFile, values: Record<string, unknown>): Promise<WriteBackResult> {
  const entries = Object.entries(values).filter(([key, value]) => value !== undefined && JSON.stringify(file.value[key]) !== JSON.stringify(value));
  if (entries.length === 0) return 'unchanged';
  let current: string;
  try {
    current = await readFile(file.path, 'utf8');
  } catch {
    return 'changed-meanwhile';
  }
  if (current !== file.text) return 'changed-meanwhile';
  await writeFileAtomic(file.path, setProperties(current, Object.fromEntries(entries)));
  return 'written';
}

/** A file name for a segment: its name made safe, plus the kind's suffix. */
export function fileNameFor(name: string, kind: ServiceKind): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || 'segment'}${KIND_SUFFIXES[kind]}`;
}

/** Local files of one kind directly in `folder`, by the id they hold. */
export async function indexFolder(folder: string, kind: ServiceKind): Promise<{ byId: Map<string, LocalFile>; names: Set<string> }> {
  const byId = new Map<string, LocalFile>();
  const names = new Set<string>();
  let entries: string[];
  try {
    entries = (await readdir(folder)).slice(0, MAX_SCANNED_FILES);
  } catch {
    return { byId, names };
  }
  for (const entry of entries) {
    names.add(entry.toLowerCase());
    if (kindFromPath(entry) !== kind) continue;
    const read = await readLocalFile(join(folder, entry));
    if (!read.ok) continue;
    const id = read.file.value.id;
    if (typeof id === 'string' || typeof id === 'number') byId.set(String(id), read.file);
  }
  return { byId, names };
}

/** Pretty JSON as pull writes it. */
export function formatResource(resource: Resource): string {
  return `${JSON.stringify(resource, null, 2)}\n`;
}
