// Editor benchmark: the Segments view in a real editor (code-server) against the emulator with 10,000 CJA segments.
// Runs test/e2e/suite/treeScale.bench.ts through the end-to-end harness and prints its "bench:" lines.
// Needs what the e2e tier needs: `bash scripts/install-editor.sh` and `npm run build`.
// Run: node bench/tree-scale.mjs
import { spawnSync } from 'node:child_process';

const result = spawnSync(process.execPath, ['test/e2e/run.mjs'], {
  env: {
    ...process.env,
    SEGMENT_WORKBENCH_E2E_MODE: 'bench',
    SEGMENT_WORKBENCH_E2E_SERVICES: 'adobe-emulator',
    SEGMENT_WORKBENCH_E2E_SEED: 'cja=10000,aep=0',
    // The benchmark measures the view, not the rate limit: allow its 100+ page requests within the minute.
    SEGMENT_WORKBENCH_E2E_PER_MINUTE: '100000',
  },
  encoding: 'utf8',
  timeout: 600_000,
});
const lines = `${result.stdout}`.split('\n');
for (const line of lines) if (line.includes('bench:') || line.includes('peak memory')) console.log(line.replace(/^.*?bench:/, 'bench:'));
if (result.status !== 0) {
  console.error(result.stdout.slice(-3000), result.stderr.slice(-2000));
  process.exit(result.status ?? 1);
}
