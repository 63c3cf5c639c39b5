// The component catalogue importer (scripts/import-aa-components.mjs) and the catalogue it produced.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '../../..');
const SCRIPT = join(REPO, 'scripts/import-aa-components.mjs');

interface Catalogue {
  attribution: string;
  generatedBy: string;
  counts: { dimension: number; metric: number };
  components: { kind: string; id: string; name?: string; type?: string; note?: string; products: string[]; source: string }[];
}

function runImporter(input: string): { status: number | null; stderr: string; output?: Catalogue } {
  const dir = mkdtempSync(join(tmpdir(), 'aa-components-'));
  try {
    const out = join(dir, 'out.json');
    const result = spawnSync(process.execPath, [SCRIPT, input, out], { encoding: 'utf8', timeout: 30_000 });
    let output: Catalogue | undefined;
    try {
      output = JSON.parse(readFileSync(out, 'utf8')) as Catalogue;
    } catch {
      output = undefined;
    }
    return { status: result.status, stderr: result.stderr, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('import-aa-components', () => {
  it('merges rows of the same id, keeps every source, sorts by kind and id', () => {
    const { status, stderr, output } = runImporter(join(REPO, 'test/fixtures/json/aa-components-sample.tsv'));
    assert.equal(status, 0, stderr);
    assert.ok(output);
    assert.deepEqual(output.components.map((c) => c.id), ['variables/evar{1..250}', 'variables/page', 'metrics/visits']);
    const visits = output.components[2];
    assert.deepEqual(visits, {
      kind: 'metric',
      id: 'metrics/visits',
      name: 'Visits',
      type: 'int',
      note: 'note one; note two',
      products: ['aa', 'cja'],
      source: 'AdobeDocs/analytics-2.0-apis:a.md@1 | AdobeDocs/cja-apis:b.md@2 | AdobeDocs/analytics.en:d.md@3',
    });
    assert.deepEqual(output.counts, { dimension: 2, metric: 1 });
    assert.match(output.attribution, /Apache-2\.0/);
  });

  it('fails with a message on a table without the expected columns', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aa-components-bad-'));
    try {
      const input = join(dir, 'bad.tsv');
      writeFileSync(input, 'id\tname\nvariables/page\tPage\n');
      const { status, stderr } = runImporter(input);
      assert.notEqual(status, 0);
      assert.match(stderr, /missing column "kind"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('produced the bundled catalogue: ids match their kind, every entry is attributed', () => {
    const catalogue = JSON.parse(readFileSync(join(REPO, 'server/src/language/data/aaComponents.json'), 'utf8')) as Catalogue;
    assert.equal(catalogue.generatedBy, 'scripts/import-aa-components.mjs');
    assert.ok(catalogue.components.length > 200);
    const keys = new Set<string>();
    for (const c of catalogue.components) {
      assert.ok(c.kind === 'dimension' ? c.id.startsWith('variables/') : c.kind === 'metric' && c.id.startsWith('metrics/'), c.id);
      assert.match(c.source, /^AdobeDocs\//, c.id);
      assert.ok(!keys.has(`${c.kind} ${c.id}`), `duplicate ${c.id}`);
      keys.add(`${c.kind} ${c.id}`);
    }
    for (const id of ['variables/page', 'variables/evar{1..250}', 'metrics/visits', 'metrics/occurrences', 'metrics/revenue']) {
      assert.ok(keys.has(`${id.startsWith('metrics/') ? 'metric' : 'dimension'} ${id}`), id);
    }
    assert.equal(catalogue.counts.dimension + catalogue.counts.metric, catalogue.components.length);
  });
});
