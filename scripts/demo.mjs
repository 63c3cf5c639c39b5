// `npm run demo`: everything needed to try Segment Workbench on this machine, with no Adobe or Unleash account.
//   - the Adobe API emulator (IMS, CJA Segments, AEP Segment Definitions and Jobs) with its demo data;
//   - a real Unleash 7.5.1 with a throwaway PostgreSQL, seeded with segments and flags using them (when
//     `bash scripts/install-test-services.sh` has installed them);
//   - an editor with the extension loaded from this repository, on a copy of demo/workspace, with three
//     connections in its user settings and their secrets only in its environment: desktop VS Code when the `code`
//     command exists, otherwise code-server on 127.0.0.1 (installed by `bash scripts/install-editor.sh`).
// Ctrl+C (or SIGTERM) stops all of it and deletes the temp folder.
//
//   node scripts/demo.mjs [--no-editor] [--no-unleash] [--port N] [--code-server] [--json]
//     --no-editor    start the services only, and print what would be opened
//     --no-unleash   do not start Unleash even when it is installed
//     --port N       the port for code-server (default: a free one)
//     --code-server  use code-server even when desktop VS Code is installed
//     --no-install   do not run the install scripts for a missing editor or Unleash (they run once by default)
//     --json         print one JSON line on stdout when ready (the rest goes to stderr), for tests
/* global setInterval */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { captureTail, freePort, killGroupNow, readJsonLine, startGroup, stopGroup, waitUntilGone } from './lib/childProcesses.mjs';
import {
  checkCodeServer, editorEnvironment, makeEditorFolders, startCodeServer, waitForHealthz, workbenchUrl, writeUserSettings,
} from './lib/codeServer.mjs';
import { demoConnections, writeCliConfig } from './lib/demoConnections.mjs';
import { listProcessesMentioning, stopProcesses } from './lib/processTable.mjs';
import { seedUnleash } from './lib/unleashDemoSeed.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
/** The emulator's port when it is free, so that demo/workspace/segment-workbench.config.json is right as checked in. */
const PREFERRED_EMULATOR_PORT = 4010;
const EMULATOR_READY_MS = 60_000;
const UNLEASH_START_MS = 120_000;
const LEFTOVER_WAIT_MS = 10_000;
const INSTALL_SERVICES_STEP = 'bash scripts/install-test-services.sh';
const USAGE = 'usage: node scripts/demo.mjs [--no-editor] [--no-unleash] [--no-install] [--port N] [--code-server] [--json]';

const options = parseOptions(process.argv.slice(2));
const human = options.json ? process.stderr : process.stdout;
const say = (text = '') => human.write(`${text}\n`);

/** What was started, newest last; shutdown() undoes it in reverse. */
const owned = [];
/** PIDs of every process started, and the temp folder that each of their command lines names: checked at the end. */
const started = { pids: [], tempRoot: undefined, unleashStarting: false };
let shuttingDown;

function parseOptions(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        'no-editor': { type: 'boolean', default: false },
        'no-unleash': { type: 'boolean', default: false },
        'code-server': { type: 'boolean', default: false },
        'no-install': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  let port;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port < 1 || port > 65535) {
      console.error(`--port must be a TCP port (1-65535), not "${values.port}".\n${USAGE}`);
      process.exit(2);
    }
  }
  return { editor: !values['no-editor'], unleash: !values['no-unleash'], install: !values['no-install'], forceCodeServer: values['code-server'], json: values.json, port };
}

/**
 * Registers something to stop at the end. A process group registered here is also killed if the script dies on an
 * error; Unleash's supervisor stops by itself when this process goes away.
 */
function own(name, stop, groupHandle) {
  owned.push({ name, stop, groupHandle });
}

async function shutdown(exitCode, why) {
  if (shuttingDown) return shuttingDown;
  shuttingDown = (async () => {
    if (why) say(`\n${why}: stopping everything...`);
    let code = exitCode;
    for (const entry of owned.splice(0).reverse()) {
      try {
        await entry.stop();
      } catch (error) {
        code = code || 1;
        console.error(`demo: stopping ${entry.name}: ${error.message}`);
      }
    }
    const left = await leftovers();
    if (left.length) {
      code = code || 1;
      console.error(`demo: processes of the demo were still running and have been killed: ${left.join(', ')}`);
    }
    // Last, once nothing can write into it any more.
    if (started.tempRoot) rmSync(started.tempRoot, { recursive: true, force: true });
    if (code !== 0) say('Stopped, with the errors above.');
    else if (started.unleashStarting) say('Stopped. Unleash was still starting: its supervisor stops it and PostgreSQL as this process exits.');
    else say('Stopped. Nothing of the demo is left running.');
    process.exit(code);
  })();
  return shuttingDown;
}

/** Processes of this run still alive after everything was stopped (killed now, so that none outlives the demo). */
async function leftovers() {
  const byPid = (await waitUntilGone(started.pids, LEFTOVER_WAIT_MS)).map((pid) => ({ pid }));
  const byFolder = started.tempRoot ? listProcessesMentioning(started.tempRoot) : [];
  const left = [...byPid, ...byFolder.filter((entry) => !started.pids.includes(entry.pid))];
  await stopProcesses(left);
  return left.map((entry) => entry.pid);
}

// Last resort if the script dies on an error: no child group may outlive it.
process.on('exit', () => {
  for (const entry of owned) if (entry.groupHandle) killGroupNow(entry.groupHandle);
});

async function startEmulator() {
  const port = await freePort(PREFERRED_EMULATOR_PORT);
  const group = startGroup(process.execPath, ['--import', 'tsx', 'emulator/src/main.ts', '--seed', 'demo', '--port', String(port)], {
    cwd: repoRoot,
  });
  own('the Adobe API emulator', () => stopGroup(group), group);
  started.pids.push(group.child.pid);
  const stderrText = captureTail(group.child.stderr);
  const ready = await readJsonLine(group.child.stdout, { timeoutMs: EMULATOR_READY_MS, what: 'The Adobe API emulator', exited: group.exited, stderrText });
  return { ...ready, pid: group.child.pid, group };
}

/** Unleash's own prerequisites check: undefined when it can run, else the reason (naming the install step). */
async function unleashUnavailable() {
  const { checkPrerequisites } = await import('../test/support/unleash-server/prerequisites.mjs');
  try {
    checkPrerequisites();
    return undefined;
  } catch (error) {
    return error.message;
  }
}

async function startUnleash() {
  // test/support/unleashServer.ts (also behind `node scripts/unleash.mjs start`): its supervisor stops Unleash and
  // PostgreSQL by itself when this process goes away, however it ends.
  require('tsx/cjs/api').register();
  const { startUnleash: start } = require('../test/support/unleashServer.ts');
  started.unleashStarting = true;
  const handle = await start({ timeoutMs: UNLEASH_START_MS }).finally(() => { started.unleashStarting = false; });
  own('Unleash and PostgreSQL', () => handle.stop());
  started.pids.push(...Object.values(handle.pids));
  const seeded = await seedUnleash(handle.url, handle.adminToken);
  return { url: handle.url, adminToken: handle.adminToken, pids: handle.pids, startupMs: handle.startupMs.total, ended: handle.ended, ...seeded };
}

/** The `code` command of desktop VS Code, when it is on the PATH. */
function findDesktopCode() {
  const names = process.platform === 'win32' ? ['code.cmd', 'code.exe'] : ['code'];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        if (dir && statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

function desktopArguments(folders, workspace) {
  return ['--new-window', '--wait', '--user-data-dir', folders.userData, '--extensions-dir', folders.extensions,
    `--extensionDevelopmentPath=${repoRoot}`, '--disable-workspace-trust', workspace];
}

async function openDesktop(code, folders, workspace, secrets) {
  // Not editorEnvironment(): desktop VS Code should keep the person's XDG folders (fonts, themes); only the secrets
  // are added, and variables of an editor this may run in are dropped.
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
  const group = startGroup(code, desktopArguments(folders, workspace), { env: { ...env, ...secrets }, stdio: ['ignore', 'ignore', 'pipe'] });
  // `code` hands the window to an Electron process of its own; that one is found by our private user-data folder.
  own('VS Code', async () => {
    await stopGroup(group);
    await stopProcesses(listProcessesMentioning(folders.userData));
  }, group);
  started.pids.push(group.child.pid);
  const stderrText = captureTail(group.child.stderr);
  return { kind: 'code', pid: group.child.pid, exited: group.exited, stderrText };
}

/** Runs an install script of this repository (idempotent), its output on stderr; false when it failed. */
function runInstallStep(script) {
  say(`Installing what the demo needs: bash ${script} (this happens once)...`);
  const result = spawnSync('bash', [script], { cwd: repoRoot, stdio: ['ignore', 2, 2] });
  return result.status === 0;
}

async function openCodeServer(folders, workspace, secrets) {
  let problems = checkCodeServer(repoRoot);
  if (problems.length && options.install && runInstallStep('scripts/install-editor.sh')) problems = checkCodeServer(repoRoot);
  if (problems.length) throw new Error(`${problems.join('\n')}\n(or run the demo with --no-editor, or install desktop VS Code's \`code\` command)`);
  const port = options.port ?? (await freePort());
  const server = startCodeServer({
    repoRoot, port, folders, cwd: workspace, env: editorEnvironment(folders, secrets), logFile: join(folders.root, 'code-server.log'),
  });
  own('code-server', () => stopGroup(server), server);
  started.pids.push(server.child.pid);
  await waitForHealthz(server);
  return { kind: 'code-server', pid: server.child.pid, url: workbenchUrl(server, workspace, repoRoot), exited: server.exited, logFile: server.logFile };
}

function tailOf(file, lines = 20) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function printSummary({ emulator, unleash, unleashNote, editor, connections, secrets, workspace }) {
  const pad = (text, width) => text.padEnd(width);
  say('');
  say('Segment Workbench demo is running.');
  say('');
  say(`  ${pad('Adobe API emulator', 20)} ${emulator.url}   (IMS, CJA segments, AEP segment definitions and jobs)`);
  if (unleash) {
    say(`  ${pad('Unleash 7.5.1', 20)} ${unleash.url}   (${unleash.segments.length} segments, ${unleash.flags.length} feature flags using them; started in ${(unleash.startupMs / 1000).toFixed(1)} s)`);
  } else {
    say(`  ${pad('Unleash', 20)} not started: ${unleashNote}`);
  }
  if (editor.kind === 'code-server') say(`  ${pad('Editor', 20)} code-server: open ${editor.url}`);
  else if (editor.kind === 'code') say(`  ${pad('Editor', 20)} VS Code (a new window; closing it ends the demo)`);
  else say(`  ${pad('Editor', 20)} not started (--no-editor). It would open: ${editor.wouldOpen}`);
  say('');
  say('Connections (in the editor\'s user settings; their secrets only in its environment, never in a file):');
  for (const c of connections) {
    const extra = [c.sandbox && `sandbox ${c.sandbox}`, c.production && 'production: changes ask for confirmation'].filter(Boolean).join(', ');
    say(`  ${pad(c.label, 14)} ${pad(c.service, 8)} ${c.baseUrl}${extra ? `   (${extra})` : ''}`);
  }
  say('');
  say(`Workspace (a copy: your changes are thrown away at the end): ${workspace}`);
  say('  Its README.md says what to try: Segments view, diagnostics and quick fixes, completion, hover, push and compare.');
  say('');
  say('The command line, in another terminal:');
  say(`  cd ${workspace}`);
  for (const [name, value] of Object.entries(secrets)) say(`  export ${name}='${value}'`);
  say(`  node ${join(repoRoot, 'dist/cli.js')} list --connection demo-cja`);
  say('');
  say('Press Ctrl+C to stop everything and delete the temp folder.');
}

async function main() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void shutdown(0, signal === 'SIGINT' ? 'Ctrl+C' : signal));

  const tempRoot = mkdtempSync(join(tmpdir(), 'segment-workbench-demo-'));
  started.tempRoot = tempRoot;

  say('Starting the Adobe API emulator...');
  const emulator = await startEmulator();

  let unleash;
  let unleashNote = 'turned off with --no-unleash';
  if (options.unleash) {
    let missing = await unleashUnavailable();
    if (missing && options.install && runInstallStep('scripts/install-test-services.sh')) missing = await unleashUnavailable();
    if (missing) {
      unleashNote = `${missing}\n${' '.repeat(23)}Install it with \`${INSTALL_SERVICES_STEP}\`, then run the demo again; going on without Unleash.`;
    } else {
      say('Starting Unleash with a throwaway PostgreSQL (10-20 s the first time)...');
      unleash = await startUnleash();
    }
  }

  const workspace = join(tempRoot, 'workspace');
  cpSync(join(repoRoot, 'demo/workspace'), workspace, { recursive: true });
  const { connections, secrets } = demoConnections(emulator, unleash);
  writeCliConfig(join(workspace, 'segment-workbench.config.json'), connections);
  const folders = makeEditorFolders(join(tempRoot, 'editor'));
  const settingsFile = writeUserSettings(folders.userData, { 'segmentWorkbench.connections': connections });

  if (!existsSync(join(repoRoot, 'dist/extension.js'))) say('Note: dist/extension.js is missing: run `npm run build` first (npm run demo does).');
  const desktop = options.forceCodeServer ? undefined : findDesktopCode();
  let editor;
  if (!options.editor) {
    editor = {
      kind: 'none',
      wouldOpen: desktop
        ? `${desktop} ${desktopArguments(folders, workspace).join(' ')}`
        : `code-server on 127.0.0.1:${options.port ?? '<free port>'} with --user-data-dir ${folders.userData}, folder ${workspace}`,
    };
  } else if (desktop) {
    say('Opening VS Code...');
    editor = await openDesktop(desktop, folders, workspace, secrets);
  } else {
    say('Starting code-server (the `code` command was not found, or --code-server was given)...');
    editor = await openCodeServer(folders, workspace, secrets);
  }

  printSummary({ emulator, unleash, unleashNote, editor, connections, secrets, workspace });
  if (options.json) {
    process.stdout.write(`${JSON.stringify({
      event: 'ready',
      pid: process.pid,
      tempDir: tempRoot,
      workspace,
      settingsFile,
      emulator: { url: emulator.url, pid: emulator.pid, credentials: emulator.credentials },
      unleash: unleash
        ? { url: unleash.url, adminToken: unleash.adminToken, pids: unleash.pids, segments: unleash.segments, flags: unleash.flags }
        : { skipped: unleashNote },
      editor: { kind: editor.kind, pid: editor.pid, url: editor.url, wouldOpen: editor.wouldOpen },
      connections,
      secretEnvNames: Object.keys(secrets),
      childPids: started.pids,
    })}\n`);
  }

  // Whatever ends on its own ends the demo: the desktop window closed (normal), or a service died (an error).
  emulator.group.exited.then(({ code, signal }) => void shutdown(1, `The Adobe API emulator exited (code ${code}, signal ${signal})`));
  unleash?.ended.then((end) => end.unexpected && void shutdown(1, end.reason));
  if (editor.kind === 'code') {
    editor.exited.then(({ code }) => void shutdown(0, code === 0 ? 'The VS Code window was closed' : `VS Code exited with ${code}: ${editor.stderrText().trim()}`));
  } else if (editor.kind === 'code-server') {
    editor.exited.then(({ code, signal }) => void shutdown(1, `code-server exited (code ${code}, signal ${signal}); the end of its log:\n${tailOf(editor.logFile)}`));
  }
}

// Keeps the event loop alive until shutdown() exits (the children are in their own groups and may be unref'd).
setInterval(() => {}, 1 << 30);
main().catch((error) => {
  console.error(`demo: ${error.message}`);
  void shutdown(1);
});
