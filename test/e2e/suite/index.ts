// Entry of the end-to-end suite, loaded by the editor's extension host: code-server through test/e2e/run.mjs, or
// desktop VS Code through test/e2e/electron.mjs. VS Code calls run() and ends the test session with exit code 0 when
// it resolves and 1 when it rejects. run.mjs bundles every *.e2e.ts next to this file into a *.e2e.js beside index.js.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import Mocha from 'mocha';

/** Generous: a cold extension host, a language server start and a remote round trip all happen inside one test. */
const TEST_TIMEOUT_MS = 60_000;
/** Test files live at most this deep below the bundle folder (keeps the walk bounded). */
const MAX_DEPTH = 4;

/** `bench` runs the editor benchmarks (*.bench.js, see bench/tree-scale.mjs) instead of the tests. */
const SUFFIX = process.env.SEGMENT_WORKBENCH_E2E_MODE === 'bench' ? '.bench.js' : '.e2e.js';

function findTestFiles(dir: string, depth = 0): string[] {
  if (depth > MAX_DEPTH) return [];
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...findTestFiles(full, depth + 1));
    else if (entry.name.endsWith(SUFFIX)) files.push(full);
  }
  return files.sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: TEST_TIMEOUT_MS, slow: 10_000, color: false, reporter: 'spec' });
  const testFiles = findTestFiles(__dirname);
  if (testFiles.length === 0) return Promise.reject(new Error(`e2e: no *${SUFFIX} files below ${__dirname}`));
  for (const file of testFiles) mocha.addFile(file);
  console.log(`e2e: running ${testFiles.map((f) => relative(__dirname, f)).join(', ')}`);

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        // The plain closing line CI reads, whichever editor ran the suite.
        console.log(`e2e: ${runner.stats?.passes ?? 0} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} end-to-end test(s) failed`));
        else resolve();
      });
    } catch (err) {
      // A test file that throws while loading never reaches the callback above.
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
