// code-server 4.100.3 (VS Code 1.100.3 in a browser, with its Node extension host), as installed by
// scripts/install-editor.sh into test/e2e/code-server: where it is, a run's private folders, starting it on
// 127.0.0.1 and its command-line mode (--install-extension, --list-extensions).
// The same steps as test/e2e/run.mjs, kept here for the demo and test/e2e/vsix.mjs (see shared/reference/editor-testing.md).
/* global AbortSignal */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { request } from 'undici';
import { startGroup } from './childProcesses.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
export const INSTALL_EDITOR_STEP = 'bash scripts/install-editor.sh';
const HEALTHZ_TIMEOUT_MS = 30_000;

export function codeServerPaths(repoRoot) {
  const packageDir = join(repoRoot, 'test/e2e/code-server/node_modules/code-server');
  return { packageDir, entry: join(packageDir, 'out/node/entry.js') };
}

/** What is missing to run code-server, each problem naming the install step; empty when it can run. */
export function checkCodeServer(repoRoot) {
  const { packageDir, entry } = codeServerPaths(repoRoot);
  if (!existsSync(entry)) return [`code-server ${CODE_SERVER_VERSION} is not installed in test/e2e/code-server: run \`${INSTALL_EDITOR_STEP}\``];
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  return version === CODE_SERVER_VERSION ? [] : [`code-server is ${version}, not ${CODE_SERVER_VERSION}: run \`${INSTALL_EDITOR_STEP}\``];
}

/**
 * Folders of one editor run under `root`. code-server (and VS Code) write into the home folder unless TMPDIR and the
 * XDG folders point elsewhere, and into ~/.config/code-server/config.yaml unless --config names another file.
 */
export function makeEditorFolders(root) {
  const names = ['userData', 'extensions', 'tmp', 'xdgConfig', 'xdgData', 'xdgCache'];
  const folders = Object.fromEntries(names.map((name) => [name, join(root, name)]));
  for (const dir of Object.values(folders)) mkdirSync(dir, { recursive: true });
  return { root, ...folders, config: join(root, 'code-server.yaml') };
}

/** Settings for a quiet start: no welcome page, no trust prompt, no update checks. `extra` is merged in. */
export function writeUserSettings(userDataDir, extra = {}) {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'window.restoreWindows': 'none',
    ...extra,
  };
  const file = join(userDataDir, 'User/settings.json');
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
  return file;
}

/** The editor's environment: the run's folders, `extra` variables, and nothing that would tie it to another VS Code. */
export function editorEnvironment(folders, extra = {}) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
  return {
    ...env,
    TMPDIR: folders.tmp,
    XDG_CONFIG_HOME: folders.xdgConfig,
    XDG_DATA_HOME: folders.xdgData,
    XDG_CACHE_HOME: folders.xdgCache,
    ...extra,
  };
}

function commonArguments(folders) {
  return ['--disable-telemetry', '--disable-update-check', '--user-data-dir', folders.userData,
    '--extensions-dir', folders.extensions, '--config', folders.config];
}

/** Starts the server on 127.0.0.1:port (no password), leading its own process group; its output goes to `logFile`. */
export function startCodeServer({ repoRoot, port, folders, cwd, env, logFile }) {
  const { entry } = codeServerPaths(repoRoot);
  const args = [entry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-workspace-trust', '--disable-getting-started-override', ...commonArguments(folders)];
  const group = startGroup(process.execPath, args, { cwd, env });
  const log = createWriteStream(logFile);
  group.child.stdout.pipe(log);
  group.child.stderr.pipe(log);
  return { ...group, baseUrl: `http://127.0.0.1:${port}`, port, logFile };
}

/** Bounded poll of GET /healthz (code-server answers about a second after it starts). */
export async function waitForHealthz(server, timeoutMs = HEALTHZ_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`code-server exited with ${server.child.exitCode} before it was ready (log: ${server.logFile})`);
    try {
      const answer = await request(`${server.baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await answer.body.dump();
      if (answer.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    await delay(200);
  }
  throw new Error(`code-server did not answer ${server.baseUrl}/healthz within ${timeoutMs} ms (log: ${server.logFile})`);
}

/**
 * The workbench URL that opens `folder`. With `extensionDevelopmentPath`, the window is an extension development
 * host for that folder, as desktop VS Code's --extensionDevelopmentPath makes one (the workbench's `payload` parameter).
 */
export function workbenchUrl(server, folder, extensionDevelopmentPath) {
  let url = `${server.baseUrl}/?folder=${encodeURIComponent(folder)}`;
  if (extensionDevelopmentPath) {
    const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${extensionDevelopmentPath}`]];
    url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }
  return url;
}

/** code-server's command-line mode (e.g. --install-extension X.vsix), bounded; resolves with its exit and output. */
export function runCodeServerCommand({ repoRoot, folders, env, args, timeoutMs = 60_000 }) {
  const { entry } = codeServerPaths(repoRoot);
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [entry, ...commonArguments(folders), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => { output += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk) => { output += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => { clearTimeout(timer); resolveRun({ code: null, output: `${output}${error.message}` }); });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, output, timedOut: signal === 'SIGKILL' });
    });
  });
}
