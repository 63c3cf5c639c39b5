// The same end-to-end suite in desktop VS Code, through @vscode/test-electron. For machines that can download VS Code
// (this project's CI cannot: there the e2e tier is test/e2e/run.mjs on code-server). On headless Linux wrap it in
// `xvfb-run -a`.
//
//   node test/e2e/electron.mjs                 the lowest VS Code the manifest accepts (engines.vscode), then stable
//   node test/e2e/electron.mjs stable          one version: stable, insiders, or a number such as 1.100.3
//
// Screenshots are not taken here (suite/screenshot.ts does nothing without the code-server harness).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { HarnessError, bundleSuite, checkExtensionBuilt, copyWorkspace, repoRoot, writeUserSettings } from './prepare.mjs';
import { startServices } from './services.mjs';

const log = (line) => console.log(`[e2e electron] ${line}`);

/** engines.vscode "^1.100.0" -> "1.100.0": the oldest VS Code the extension claims to run in. */
function minimumVersion() {
  const { engines } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const match = /(\d+\.\d+\.\d+)/.exec(engines?.vscode ?? '');
  if (!match) throw new HarnessError(`cannot read a version from engines.vscode (${engines?.vscode})`);
  return match[1];
}

async function runIn(version, testsEntry, env) {
  const root = mkdtempSync(join(tmpdir(), 'segment-workbench-electron-'));
  try {
    const userData = join(root, 'user-data');
    writeUserSettings(userData);
    const workspace = copyWorkspace(join(root, 'workspace'));
    log(`VS Code ${version}`);
    // Resolves on exit code 0; rejects (TestRunFailedError) when the suite fails or VS Code cannot start.
    await runTests({
      version,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: testsEntry,
      extensionTestsEnv: env,
      launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${userData}`, `--extensions-dir=${join(root, 'extensions')}`],
    });
    return true;
  } catch (err) {
    log(`VS Code ${version}: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function main() {
  const problems = checkExtensionBuilt();
  if (problems.length) throw new HarnessError(problems.join('\n'));
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    throw new HarnessError('no display: run it as `xvfb-run -a node test/e2e/electron.mjs`');
  }
  const versions = process.argv.length > 2 ? process.argv.slice(2) : [minimumVersion(), 'stable'];
  const testsEntry = await bundleSuite();
  const servicesDir = mkdtempSync(join(tmpdir(), 'segment-workbench-electron-services-'));
  try {
    const services = await startServices({ repoRoot, tmpDir: servicesDir, log });
    try {
      let failed = 0;
      for (const version of versions) if (!(await runIn(version, testsEntry, services.env))) failed += 1;
      return failed === 0 ? 0 : 1;
    } finally {
      await services.stop();
    }
  } finally {
    rmSync(servicesDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`e2e electron: FAILED: ${err instanceof HarnessError ? err.message : (err?.stack ?? String(err))}`);
    process.exit(1);
  },
);
