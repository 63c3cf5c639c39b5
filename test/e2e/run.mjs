// The e2e tier: runs the mocha suite of test/e2e/suite inside a real VS Code, code-server 4.100.3 (VS Code 1.100.3
// with its Node extension host), driven by Debian's Chromium through playwright-core. The workbench's `payload` URL
// parameter stands in for desktop VS Code's --extensionDevelopmentPath/--extensionTestsPath, and the workbench calls
// window.codeAutomationExit(code) when the suite ends (see shared/reference/editor-testing.md).
//
//   node test/e2e/run.mjs            exit code = the suite's (0 all passed, 1 otherwise)
//
// Environment: E2E_TIMEOUT_MS (the whole run, default 300000), E2E_CHROMIUM (default /usr/bin/chromium),
// E2E_KEEP_TMP=1 keeps the run's temp folder for a post-mortem.
// Artifacts (git-ignored): .test-artifacts/screenshots/*.png, .test-artifacts/e2e/{code-server,browser}.log.
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { tsImport } from 'tsx/esm/api';
import { startMemorySampler } from './memory.mjs';
import { HarnessError, bundleSuite, checkExtensionBuilt, copyWorkspace, repoRoot } from './prepare.mjs';
import { freePort, killGroupNow, stopGroup } from '../../scripts/lib/childProcesses.mjs';
import {
  CODE_SERVER_VERSION, checkCodeServer, editorEnvironment, makeEditorFolders, startCodeServer, waitForHealthz, writeUserSettings,
} from '../../scripts/lib/codeServer.mjs';
import { startServices } from './services.mjs';
import { scanForSecrets } from './secretScan.mjs';

const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(repoRoot, '.test-artifacts');
const SCREENSHOTS = join(ARTIFACTS, 'screenshots');
const LOGS = join(ARTIFACTS, 'e2e');
const OVERALL_TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS) || 300_000;
const BROWSER_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const INSTALL_HINT = 'run `bash scripts/install-editor.sh`';
/** What suite/index.ts prints first: the relay starts there (the workbench's start-up chatter stays in browser.log). */
const SUITE_FIRST_LINE = 'e2e: running ';
/** Frames of the workbench's minified code, served by code-server: they say nothing to a reader of the report. */
const WORKBENCH_FRAME = /^\s+at .*https?:\/\/127\.0\.0\.1:\d+\/stable-/;

const started = Date.now();
const log = (line) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);

/** Fails (never skips) when a component is missing, naming the step that installs it. */
function checkPrerequisites() {
  const problems = [...checkCodeServer(repoRoot)];
  if (!existsSync(CHROMIUM)) problems.push(`Chromium is not installed at ${CHROMIUM}: ${INSTALL_HINT}`);
  problems.push(...checkExtensionBuilt());
  if (problems.length) throw new HarnessError(problems.join('\n'));
}

/** The run's own folders, so nothing is written to the home folder and nothing survives the run. */
function makeRunFolders() {
  const folders = makeEditorFolders(mkdtempSync(join(tmpdir(), 'segment-workbench-e2e-')));
  const browserProfile = join(folders.root, 'browserProfile');
  mkdirSync(browserProfile, { recursive: true });
  writeUserSettings(folders.userData);
  return { ...folders, browserProfile, workspace: copyWorkspace(join(folders.root, 'workspace')) };
}

/**
 * The extension host's console (mocha's report among it) reaches the page's console through the workbench's log
 * service: console.log('%c INFO', 'color: ...', format, ...values). Everything goes to browser.log; from the suite's
 * first line on, messages are also formatted as Node would and printed.
 */
function relayConsole(page, browserLog) {
  let suiteStarted = false;
  page.on('console', (message) => {
    const text = message.text();
    browserLog.write(`[${message.type()}] ${text}\n`);
    if (!suiteStarted && !text.includes(SUITE_FIRST_LINE)) return;
    suiteStarted = true;
    // A JSHandle of a primitive prints as its value; the first two are the level badge and its CSS.
    let args = message.args().map((handle) => handle.toString());
    if (/^%c\s*[A-Z]+$/.test(args[0] ?? '')) args = args.slice(2);
    const formatted = args.length ? format(...args) : text;
    console.log(formatted.split('\n').filter((line) => !WORKBENCH_FRAME.test(line)).join('\n'));
  });
  page.on('pageerror', (error) => browserLog.write(`[pageerror] ${error.stack ?? error.message}\n`));
}

function tail(file, lines = 40) {
  try { return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return '(no log)'; }
}

/** Runs the suite once; every step that starts something registers how to undo it in `cleanups`. */
async function runSuite(cleanups, timedOut) {
  checkPrerequisites();
  mkdirSync(LOGS, { recursive: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  const memory = startMemorySampler();
  cleanups.push(() => {
    memory.stop();
    log(`peak memory of runner + code-server + extension host + language server + Chromium (PSS): ${memory.peakMB()} MB`);
  });

  const testsEntry = await bundleSuite();
  log(`suite bundled into ${relative(repoRoot, testsEntry)}`);
  const dirs = makeRunFolders();
  cleanups.push(() => (process.env.E2E_KEEP_TMP ? log(`kept ${dirs.root}`) : rmSync(dirs.root, { recursive: true, force: true })));

  // Servers the suite talks to (services.mjs) and the screenshot taker; their URLs reach the suite through the
  // environment of code-server, which its extension host inherits.
  const services = await startServices({ repoRoot, tmpDir: dirs.root, log });
  cleanups.push(() => services.stop());
  const screenshots = await tsImport('./screenshots.ts', import.meta.url);
  const screenshotServer = await screenshots.startScreenshotServer(SCREENSHOTS, log);
  cleanups.push(() => screenshotServer.close());
  const suiteEnv = { ...services.env, [screenshots.SCREENSHOT_URL_ENV]: screenshotServer.url };

  const port = await freePort();
  const codeServer = startCodeServer({
    repoRoot, port, folders: dirs, cwd: dirs.workspace, env: editorEnvironment(dirs, suiteEnv), logFile: join(LOGS, 'code-server.log'),
  });
  // Last resort if this process exits without its cleanup having run: take the whole group down with it.
  process.once('exit', () => killGroupNow(codeServer));
  cleanups.push(() => stopGroup(codeServer, { graceMs: STOP_GRACE_MS }));
  await waitForHealthz(codeServer);
  const baseUrl = codeServer.baseUrl;
  log(`code-server ${CODE_SERVER_VERSION} ready at ${baseUrl}`);

  const context = await chromium.launchPersistentContext(dirs.browserProfile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1440, height: 900 }, timeout: BROWSER_TIMEOUT_MS,
    // Signals are this runner's to handle: it closes the browser in its own cleanup, in order.
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    // Chromium writes to ~/.cache and ~/.config (dconf, fonts) unless told otherwise.
    env: { ...process.env, TMPDIR: dirs.tmp, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData, XDG_CACHE_HOME: dirs.xdgCache },
  });
  cleanups.push(() => Promise.race([context.close(), delay(STOP_GRACE_MS)]));
  let reportExit;
  const suiteExit = new Promise((resolveExit) => { reportExit = resolveExit; });
  // Before the page loads: the workbench looks for it when the suite ends.
  await context.exposeFunction('codeAutomationExit', (code) => reportExit(Number(code)));
  const page = context.pages()[0] ?? (await context.newPage());
  const browserLog = createWriteStream(join(LOGS, 'browser.log'));
  cleanups.push(() => new Promise((done) => browserLog.end(done)));
  relayConsole(page, browserLog);
  screenshotServer.setPage(page);

  const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
  const payload = [['extensionDevelopmentPath', remote(repoRoot)], ['extensionTestsPath', remote(testsEntry)]];
  const url = `${baseUrl}/?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  log('opening the workbench; the suite runs in its extension host');
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: BROWSER_TIMEOUT_MS });

  const outcome = await Promise.race([
    suiteExit,
    timedOut,
    codeServer.exited.then(({ code, signal }) => `code-server exited (${code ?? signal}) before the suite ended`),
    new Promise((resolveCrash) => page.once('crash', () => resolveCrash('the browser page crashed before the suite ended'))),
  ]);
  if (typeof outcome === 'number') {
    log(`suite finished with exit code ${outcome}${outcome === 0 ? '' : `; workbench console in ${relative(repoRoot, join(LOGS, 'browser.log'))}`}`);
    const scan = scanForSecrets([dirs.userData, dirs.workspace, dirs.xdgConfig, dirs.xdgData], services.secrets, dirs.root);
    if (scan.findings.length) {
      console.log(`e2e: a secret was written to disk outside SecretStorage:\n  ${scan.findings.join('\n  ')}`);
      console.log('e2e: 0 passed, 1 failed');
      return 1;
    }
    log(`no secret in the ${scan.files} files of settings, logs and workspace`);
    return outcome;
  }
  await screenshots.takeScreenshot(page, 'failure-state', SCREENSHOTS, log).catch(() => {});
  log(`code-server log (tail):\n${tail(join(LOGS, 'code-server.log'))}`);
  throw new HarnessError(outcome === 'timeout' ? `the suite did not finish within ${OVERALL_TIMEOUT_MS} ms` : outcome);
}

async function main() {
  const cleanups = [];
  // One cleanup however the run ends (result, error, SIGINT/SIGTERM): every caller awaits the same promise.
  let cleaning;
  const cleanup = () => (cleaning ??= (async () => {
    for (const step of cleanups.splice(0).reverse()) {
      try { await step(); } catch (err) { log(`cleanup: ${err instanceof Error ? err.message : String(err)}`); }
    }
  })());
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => { log(`${signal}: stopping`); void cleanup().finally(() => process.exit(130)); });
  }
  let overallTimer;
  const timedOut = new Promise((resolveTimeout) => { overallTimer = setTimeout(() => resolveTimeout('timeout'), OVERALL_TIMEOUT_MS); });
  cleanups.push(() => clearTimeout(overallTimer));
  try {
    return await runSuite(cleanups, timedOut);
  } finally {
    await cleanup();
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`e2e: FAILED: ${err instanceof HarnessError ? err.message : (err?.stack ?? String(err))}`);
    // The suite never reported: count the run itself as the one failure, in the closing-line form CI reads.
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  },
);
