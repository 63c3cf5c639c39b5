#!/usr/bin/env node
// Builds server/src/language/data/aaComponents.json, the bundled catalogue of standard Adobe Analytics / CJA
// dimension and metric ids offered for `attr` and `event` names, from the research table aa-components.tsv
// (columns: kind, id, name, type, source, product, note).
//
//   node scripts/import-aa-components.mjs [input.tsv] [output.json]
//
// Defaults: /work/shared/reference/aa-components.tsv -> server/src/language/data/aaComponents.json.
// Rows with the same kind and id are merged (their sources and notes joined). Every row keeps its source so the
// attribution of the Adobe documentation it was taken from travels with the data.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const COLUMNS = ['kind', 'id', 'name', 'type', 'source', 'product', 'note'];
const KINDS = new Set(['dimension', 'metric']);

/** Parses the TSV text into merged component records; throws on a malformed header. */
export function parseComponentsTsv(text) {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const header = (lines.shift() ?? '').split('\t');
  for (const column of COLUMNS) {
    if (!header.includes(column)) throw new Error(`aa-components.tsv: missing column "${column}" in header: ${header.join(', ')}`);
  }
  const index = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)]));
  const byKey = new Map();
  for (const [n, line] of lines.entries()) {
    const cells = line.split('\t');
    const cell = (c) => (cells[index[c]] ?? '').trim();
    const kind = cell('kind');
    const id = cell('id');
    if (!KINDS.has(kind) || !id) throw new Error(`aa-components.tsv line ${n + 2}: need kind dimension|metric and an id, got "${kind}" "${id}"`);
    const key = `${kind}\u0000${id}`;
    const products = cell('product').split(',').map((p) => p.trim()).filter(Boolean);
    const sources = cell('source').split(' | ').map((s) => s.trim()).filter(Boolean);
    const existing = byKey.get(key);
    if (existing) {
      existing.name ||= cell('name');
      existing.type ||= cell('type');
      for (const p of products) if (!existing.products.includes(p)) existing.products.push(p);
      for (const s of sources) if (!existing.sources.includes(s)) existing.sources.push(s);
      if (cell('note') && !existing.note.includes(cell('note'))) existing.note = [existing.note, cell('note')].filter(Boolean).join('; ');
      continue;
    }
    byKey.set(key, { kind, id, name: cell('name'), type: cell('type'), note: cell('note'), products, sources });
  }
  return [...byKey.values()]
    .sort((a, b) => (a.kind === b.kind ? a.id.localeCompare(b.id) : a.kind.localeCompare(b.kind)))
    .map(({ kind, id, name, type, note, products, sources }) => ({
      kind,
      id,
      ...(name ? { name } : {}),
      ...(type ? { type } : {}),
      ...(note ? { note } : {}),
      products,
      source: sources.join(' | '),
    }));
}

export function buildCatalogue(text, inputLabel) {
  const components = parseComponentsTsv(text);
  return {
    description:
      'Standard Adobe Analytics / Customer Journey Analytics dimension (variables/...) and metric (metrics/...) ids, for completion of attr and event names. ' +
      'Ids of the form prefix{from..to} stand for a numbered family (e.g. variables/evar{1..250}).',
    attribution:
      'Compiled from Adobe documentation: AdobeDocs/analytics-2.0-apis, AdobeDocs/cja-apis (Apache-2.0) and AdobeDocs/analytics.en; ' +
      'the source of each entry is given in its "source" field (repository:path@commit).',
    generatedFrom: inputLabel,
    generatedBy: 'scripts/import-aa-components.mjs',
    counts: {
      dimension: components.filter((c) => c.kind === 'dimension').length,
      metric: components.filter((c) => c.kind === 'metric').length,
    },
    components,
  };
}

function main() {
  const input = process.argv[2] ?? '/work/shared/reference/aa-components.tsv';
  const output = process.argv[3] ?? resolve(dirname(new URL(import.meta.url).pathname), '../server/src/language/data/aaComponents.json');
  const catalogue = buildCatalogue(readFileSync(input, 'utf8'), 'aa-components.tsv (project research table of Adobe component ids)');
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, JSON.stringify(catalogue, null, 2) + '\n');
  console.log(`wrote ${output}: ${catalogue.counts.dimension} dimensions, ${catalogue.counts.metric} metrics`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) main();
