// Runs every benchmark in bench/, one after another, and prints their reports (npm run bench).
// Each reports ratios against a baseline measured in the same process or the same run; none asserts a time.
//   node scripts/run-bench.mjs            all
//   node scripts/run-bench.mjs json pql   those whose file name contains one of the words
import { spawnSync } from 'node:child_process';

const BENCHES = [
  { file: 'bench/json-validation.ts', needs: [] },
  { file: 'bench/lsp-latency.ts', needs: ['npm run build'] },
  { file: 'bench/pql-throughput.ts', needs: [] },
  { file: 'bench/push-throughput.ts', needs: [] },
  { file: 'bench/tree-scale.mjs', needs: ['npm run build', 'bash scripts/install-editor.sh'] },
];

const words = process.argv.slice(2);
let failed = false;
for (const bench of BENCHES.filter((b) => !words.length || words.some((w) => b.file.includes(w)))) {
  console.log(`\n=== ${bench.file}${bench.needs.length ? ` (needs: ${bench.needs.join(', ')})` : ''} ===`);
  const args = bench.file.endsWith('.ts') ? ['--import', 'tsx', bench.file] : [bench.file];
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', timeout: 900_000 });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
