// What both e2e launchers share (run.mjs for code-server, electron.mjs for desktop VS Code): the suite's bundle,
// a fresh copy of the fixture workspace, editor settings for a quiet start, and the check that the extension is built.
import { cpSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SUITE_DIR = join(repoRoot, 'test/e2e/suite');
const SUITE_OUT = join(repoRoot, 'out/test/e2e');
const WORKSPACE_FIXTURE = join(repoRoot, 'test/e2e/workspace');
/** suite/index.ts looks no deeper either. */
const MAX_SUITE_DEPTH = 4;

/** A launcher's own failure (missing component, editor not starting), reported without a stack. */
export class HarnessError extends Error {}

/** The extension's manifest `main` must exist: the suite tests the built extension, not its sources. */
export function checkExtensionBuilt() {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const main = manifest.main && join(repoRoot, manifest.main);
  return main && !existsSync(main) ? [`the extension is not built (${relative(repoRoot, main)} is missing): run \`npm run build\``] : [];
}

function findSuiteFiles(dir, depth = 0) {
  if (depth > MAX_SUITE_DEPTH) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return findSuiteFiles(full, depth + 1);
    return entry.name.endsWith('.e2e.ts') || entry.name.endsWith('.bench.ts') ? [full] : [];
  });
}

/**
 * index.ts and every *.e2e.ts (and *.bench.ts, the editor benchmarks) become one CommonJS file each in out/test/e2e (index.js finds the *.e2e.js beside it).
 * `vscode` is the editor's; `mocha` stays external and resolves from the repository's node_modules, so index.js and
 * the test files share one mocha. Returns the path of index.js, the extensionTestsPath.
 */
export async function bundleSuite() {
  rmSync(SUITE_OUT, { recursive: true, force: true });
  await build({
    entryPoints: [join(SUITE_DIR, 'index.ts'), ...findSuiteFiles(SUITE_DIR)],
    outdir: SUITE_OUT,
    outbase: SUITE_DIR,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return join(SUITE_OUT, 'index.js');
}

/** The suite may change files: each run works on its own copy of test/e2e/workspace. */
export function copyWorkspace(dest) {
  cpSync(WORKSPACE_FIXTURE, dest, { recursive: true });
  return dest;
}

/** User settings for a quiet start (one definition, shared with the demo). */
export { writeUserSettings } from '../../scripts/lib/codeServer.mjs';
