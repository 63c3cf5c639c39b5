// The packaged extension in a real editor: packages the .vsix (`vsce package --no-dependencies`, which runs the
// production build), installs it into code-server 4.100.3 the way a person would (`--install-extension X.vsix`),
// checks it is listed (`--list-extensions --show-versions`), then starts code-server with that extensions folder on a
// workspace holding a .pql file with a mistake, opens the file in Chromium (playwright-core) and waits until
//   1. the extension host log says the extension was activated, and
//   2. the language server's diagnostic for that mistake reaches the editor (a squiggle, and the Problems panel).
// Nothing is loaded from the repository: the extension runs from the installed .vsix only.
//
//   node test/e2e/vsix.mjs [--vsix FILE]     exit 0 when all steps pass, 1 otherwise; prints how long each step took
//
// Environment: VSIX_TIMEOUT_MS (the whole run, default 240000), E2E_CHROMIUM (default /usr/bin/chromium),
// E2E_KEEP_TMP=1 keeps the run's temp folder. Needs `bash scripts/install-editor.sh`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { freePort, stopGroup, waitUntilGone } from '../../scripts/lib/childProcesses.mjs';
import {
  checkCodeServer, editorEnvironment, INSTALL_EDITOR_STEP, makeEditorFolders, runCodeServerCommand, startCodeServer,
  waitForHealthz, workbenchUrl, writeUserSettings,
} from '../../scripts/lib/codeServer.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;
const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const OVERALL_TIMEOUT_MS = Number(process.env.VSIX_TIMEOUT_MS) || 240_000;
const PACKAGE_TIMEOUT_MS = 180_000;
const STEP_TIMEOUT_MS = 60_000;
const BROWSER_TIMEOUT_MS = 60_000;
const OPEN_ATTEMPTS = 3;
const OPEN_ATTEMPT_MS = 10_000;
const ARTIFACTS = join(repoRoot, '.test-artifacts/vsix');
/** The file opened in the editor, and what the language server must say about it. */
const PQL_FILE = 'typo.pql';
const PQL_TEXT = 'person.name.firstName.startWith("Jo")\n';
const EXPECTED_MESSAGE = /startsWith/;

const started = Date.now();
const timings = {};
const log = (line) => console.log(`[vsix ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);

class StepError extends Error {}

async function timed(name, step) {
  const begin = Date.now();
  const result = await step();
  timings[name] = Date.now() - begin;
  log(`${name}: ${timings[name]} ms`);
  return result;
}

function checkPrerequisites() {
  const problems = [...checkCodeServer(repoRoot)];
  if (!existsSync(CHROMIUM)) problems.push(`Chromium is not installed at ${CHROMIUM}: run \`${INSTALL_EDITOR_STEP}\``);
  if (problems.length) throw new StepError(problems.join('\n'));
}

/** `vsce package --no-dependencies` into `outDir`, as `npm run package` does (bounded). */
function packageVsix(outDir) {
  const vsix = join(outDir, 'segment-workbench.vsix');
  const vsce = join(dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
  return new Promise((resolvePackage, reject) => {
    const child = spawn(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), PACKAGE_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0 && existsSync(vsix)) resolvePackage(vsix);
      else reject(new StepError(`vsce package failed (exit ${code}):\n${output.slice(-3000)}`));
    });
  });
}

/** Files under `dir` (bounded depth), newest first. */
function findFiles(dir, predicate, depth = 0) {
  if (depth > 6 || !existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return findFiles(full, predicate, depth + 1);
    return predicate(full) ? [full] : [];
  });
}

/**
 * The extension host's log line for our extension's activation (written by VS Code's extension service:
 * "ExtensionService#_doActivateExtension <id>, startup: ..., activationEvent: '...'"), or undefined so far.
 */
function findActivationLine(logsDir) {
  for (const file of findFiles(logsDir, (path) => /exthost\.log$/.test(path))) {
    const line = readFileSync(file, 'utf8').split('\n').find((text) => text.includes('_doActivateExtension') && text.includes(EXTENSION_ID));
    if (line) return { file, line: line.trim() };
  }
  return undefined;
}

async function waitFor(what, probe, timeoutMs = STEP_TIMEOUT_MS, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await delay(intervalMs);
  }
  throw new StepError(`${what}: not seen within ${timeoutMs} ms`);
}

/**
 * Quick Open (Ctrl+P), the file name, a click on the match; again if the workbench was not ready for it yet (its file
 * search starts a moment after the window). Resolves with the number of attempts once the editor tab is there.
 */
async function openFile(page, name) {
  const tab = page.locator('.tabs-container .tab').filter({ hasText: name });
  for (let attempt = 1; attempt <= OPEN_ATTEMPTS; attempt++) {
    await page.locator('.monaco-workbench').click({ position: { x: 640, y: 400 } });
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: STEP_TIMEOUT_MS });
    await input.fill(name);
    const match = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: name }).first();
    try {
      await match.waitFor({ timeout: OPEN_ATTEMPT_MS });
      await match.click();
      await tab.waitFor({ timeout: OPEN_ATTEMPT_MS });
      return attempt;
    } catch {
      await page.keyboard.press('Escape');
    }
  }
  throw new StepError(`Quick Open did not open ${name} in ${OPEN_ATTEMPTS} attempts`);
}

/** A screenshot and the tail of code-server's log in .test-artifacts/vsix (git-ignored), for a post-mortem. */
async function saveFailureState(page, server) {
  try {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'failure.png'), timeout: 10_000 });
    writeFileSync(join(ARTIFACTS, 'code-server.log'), readFileSync(server.logFile, 'utf8'));
    log(`failure state saved in ${ARTIFACTS}`);
  } catch (error) {
    log(`could not save the failure state: ${error.message}`);
  }
}

async function run(cleanups) {
  checkPrerequisites();
  const root = mkdtempSync(join(tmpdir(), 'segment-workbench-vsix-'));
  cleanups.push(() => (process.env.E2E_KEEP_TMP ? log(`kept ${root}`) : rmSync(root, { recursive: true, force: true })));

  const { values } = parseArgs({ options: { vsix: { type: 'string' } } });
  const vsix = values.vsix ? resolve(values.vsix) : await timed('package', () => packageVsix(root));
  log(`.vsix: ${vsix} (${(statSync(vsix).size / 1024).toFixed(0)} KB)`);

  const folders = makeEditorFolders(join(root, 'editor'));
  const env = editorEnvironment(folders);
  const cli = (args) => runCodeServerCommand({ repoRoot, folders, env, args, timeoutMs: STEP_TIMEOUT_MS });

  const installed = await timed('install', () => cli(['--install-extension', vsix, '--force']));
  if (installed.code !== 0) throw new StepError(`--install-extension failed (exit ${installed.code}):\n${installed.output}`);
  const listed = await timed('list', () => cli(['--list-extensions', '--show-versions']));
  const expectedLine = `${EXTENSION_ID}@${manifest.version}`;
  if (listed.code !== 0 || !listed.output.split('\n').some((line) => line.trim() === expectedLine)) {
    throw new StepError(`--list-extensions does not show ${expectedLine} (exit ${listed.code}):\n${listed.output}`);
  }
  log(`listed: ${expectedLine}`);

  const workspace = join(root, 'workspace');
  mkdirSync(workspace);
  writeFileSync(join(workspace, PQL_FILE), PQL_TEXT);
  writeUserSettings(folders.userData);

  const port = await freePort();
  const server = startCodeServer({ repoRoot, port, folders, cwd: workspace, env, logFile: join(root, 'code-server.log') });
  cleanups.push(async () => {
    await stopGroup(server);
    const left = await waitUntilGone([server.child.pid], 5_000);
    if (left.length) log(`code-server ${left.join(', ')} still running after stop`);
  });
  const editorStart = Date.now();
  await timed('code-server ready', () => waitForHealthz(server));

  // Chromium's crash reporter writes under XDG_CONFIG_HOME (~/.config/chromium) whatever the profile folder is.
  const browserEnv = { ...process.env, XDG_CONFIG_HOME: folders.xdgConfig, XDG_CACHE_HOME: folders.xdgCache, TMPDIR: folders.tmp };
  const context = await chromium.launchPersistentContext(join(root, 'browser'), {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, env: browserEnv, viewport: { width: 1280, height: 800 }, timeout: BROWSER_TIMEOUT_MS,
  });
  cleanups.push(() => Promise.race([context.close(), delay(5_000)]));
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    // No extensionDevelopmentPath: the extension must come from the extensions folder, i.e. from the .vsix.
    await page.goto(workbenchUrl(server, workspace), { waitUntil: 'domcontentloaded', timeout: BROWSER_TIMEOUT_MS });
    await timed('workbench loaded', () => page.locator('.monaco-workbench').waitFor({ timeout: BROWSER_TIMEOUT_MS }));

    // Its language (pql) activates the extension if the workspace did not already.
    const attempts = await timed('file opened', () => openFile(page, PQL_FILE));
    if (attempts > 1) log(`Quick Open needed ${attempts} attempts`);

    const logsDir = join(folders.userData, 'logs');
    const activation = await timed('activation logged', () => waitFor('the extension host log line for the activation', () => findActivationLine(logsDir)));
    log(`extension host: ${activation.line.replace(/^.*?(ExtensionService)/, '$1')}`);
    timings['start to activation seen'] = Date.now() - editorStart;

    await timed('diagnostic shown', () => page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: STEP_TIMEOUT_MS }));
    // The Problems panel lists the same diagnostic, with the language server's message.
    await page.keyboard.press('Control+Shift+M');
    const problem = page.locator('.markers-panel .monaco-list-row').filter({ hasText: EXPECTED_MESSAGE });
    await timed('problem listed', () => problem.first().waitFor({ timeout: STEP_TIMEOUT_MS }));
    log(`Problems panel: ${(await problem.first().innerText()).replace(/\s+/g, ' ').trim()}`);
    timings['start to diagnostic'] = Date.now() - editorStart;
  } catch (error) {
    await saveFailureState(page, server);
    throw error;
  }
}

async function main() {
  const cleanups = [];
  const cleanup = async () => {
    for (const step of cleanups.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        log(`cleanup: ${error.message}`);
      }
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  let timer;
  const timedOut = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new StepError(`the run did not finish within ${OVERALL_TIMEOUT_MS} ms`)), OVERALL_TIMEOUT_MS);
  });
  try {
    await Promise.race([run(cleanups), timedOut]);
    return 0;
  } finally {
    clearTimeout(timer);
    await cleanup();
    log(`timings (ms): ${JSON.stringify(timings)}`);
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

main().then(
  (code) => {
    console.log('vsix: passed');
    process.exit(code);
  },
  (error) => {
    console.error(`vsix: FAILED: ${error instanceof StepError ? error.message : (error?.stack ?? String(error))}`);
    process.exit(1);
  },
);
