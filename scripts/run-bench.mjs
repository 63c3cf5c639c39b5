// Runs every benchmark in bench/, one after another, and prints their reports (npm run bench).
// Each reports ratios against a baseline measured in the same process or the same run; none asserts a time.
// TypeScript benches are bundled by esbuild first, with the settings of esbuild.mjs, so they measure the code as it
// ships in dist/ (tsx, which the tests use, adds per-function overhead that the bundle does not have).
//   node scripts/run-bench.mjs            all
//   node scripts/run-bench.mjs json pql   those whose file name contains one of the words
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import * as esbuild from 'esbuild';

const BENCHES = [
  { file: 'bench/json-validation.ts', needs: [] },
  { file: 'bench/lsp-latency.ts', needs: ['npm run build'] },
  { file: 'bench/pql-throughput.ts', needs: [] },
  { file: 'bench/push-throughput.ts', needs: [] },
  { file: 'bench/tree-scale.mjs', needs: ['npm run build', 'bash scripts/install-editor.sh'] },
];

const words = process.argv.slice(2).filter((a) => !/^\d+$/.test(a));
let failed = false;
for (const bench of BENCHES.filter((b) => !words.length || words.some((w) => b.file.includes(w)))) {
  console.log(`\n=== ${bench.file}${bench.needs.length ? ` (needs: ${bench.needs.join(', ')})` : ''} ===`);
  let script = bench.file;
  if (bench.file.endsWith('.ts')) {
    script = `out/bench/${basename(bench.file, '.ts')}.js`;
    await esbuild.build({
      entryPoints: [bench.file], outfile: script, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
      mainFields: ['module', 'main'], logLevel: 'warning',
    });
  }
  const args = [script, ...process.argv.slice(2).filter((a) => /^\d+$/.test(a))];
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', timeout: 900_000 });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
