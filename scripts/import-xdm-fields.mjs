// Reads the XDM field table (TSV: root, path, type, title, description, source, fieldgroup) and writes the compact
// JSON the PQL field catalogue bundles: server/src/language/data/xdmFields.json.
//   node scripts/import-xdm-fields.mjs [path/to/xdm-fields.tsv] [output.json]
// Default input: /work/shared/reference/xdm-fields.tsv. The field descriptions come from adobe/xdm (CC BY 4.0): the
// attribution travels with the data in the JSON's `attribution` field.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const input = process.argv[2] ?? '/work/shared/reference/xdm-fields.tsv';
const output = process.argv[3] ?? join(here, '..', 'server', 'src', 'language', 'data', 'xdmFields.json');

const lines = readFileSync(input, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
const header = lines.shift().split('\t');
const col = (name) => {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`${input}: missing column ${name}`);
  return i;
};
const [cRoot, cPath, cType, cTitle, cDesc, cGroup] = ['root', 'path', 'type', 'title', 'description', 'fieldgroup'].map(col);

const groups = [];
const groupIndex = new Map();
const out = { profile: [], event: [] };
for (const line of lines) {
  const f = line.split('\t');
  const root = f[cRoot];
  if (root !== 'profile' && root !== 'event') throw new Error(`${input}: unknown root ${root}`);
  const group = (f[cGroup] ?? '').replace(/^components\//, '').replace(/\.schema\.json$/, '');
  if (!groupIndex.has(group)) { groupIndex.set(group, groups.length); groups.push(group); }
  // [path, type, title, description, field-group index]
  out[root].push([f[cPath], f[cType], f[cTitle] ?? '', f[cDesc] ?? '', groupIndex.get(group)]);
}

const json = {
  attribution: 'XDM field paths, types, titles and descriptions from adobe/xdm (https://github.com/adobe/xdm), commit 4a4fc5f8, © Adobe, licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). Converted to PQL paths (xdm: prefixes stripped, * for a map key); descriptions shortened.',
  license: 'CC-BY-4.0',
  columns: ['path', 'type', 'title', 'description', 'fieldGroup'],
  fieldGroups: groups,
  profile: out.profile,
  event: out.event,
};
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, JSON.stringify(json));
console.log(`${output}: ${out.profile.length} profile and ${out.event.length} event fields`);
