// The hook for servers the end-to-end suite talks to (the Adobe emulator, Unleash, ...). run.mjs starts them, in
// order, before code-server, and puts the environment variables they return into code-server's environment; the
// extension host, and so the suite and the extension, inherit them. Everything binds to 127.0.0.1 only.
//
// Each entry below starts one; to add a service, append an entry:
//   {
//     name: 'adobe-emulator',
//     async start(ctx) {
//       const server = await startEmulator({ host: '127.0.0.1', port: 0 });   // however it starts
//       return { env: { SEGMENT_WORKBENCH_ADOBE_URL: server.url }, stop: () => server.close() };
//     },
//   },

import { captureTail, readJsonLine, startGroup, stopGroup } from '../../scripts/lib/childProcesses.mjs';

/**
 * Starts a node process of the repository that prints one JSON line when ready (the emulator's and Unleash's
 * command-line entries do), in its own process group so that stopping it stops everything it started.
 */
async function startReadyProcess(args, { cwd, timeoutMs, log, what }) {
  const group = startGroup(process.execPath, args, { cwd });
  const stderrText = captureTail(group.child.stderr);
  try {
    const ready = await readJsonLine(group.child.stdout, { timeoutMs, what, exited: group.exited, stderrText });
    log(`${what} ready`);
    return { ready, stop: () => stopGroup(group) };
  } catch (error) {
    await stopGroup(group);
    throw error;
  }
}

/**
 * @typedef {object} ServiceContext
 * @property {string} repoRoot  the repository
 * @property {string} tmpDir    a fresh folder of this run, deleted afterwards; a service may make a subfolder in it
 * @property {(line: string) => void} log
 *
 * @typedef {object} RunningService
 * @property {Record<string, string>} env   variables for the extension host (e.g. the service's URL)
 * @property {() => Promise<void>} stop     must stop everything the service started; called exactly once
 * @property {string[]} [secrets]           values that must never be written to the editor's settings, logs or workspace
 *
 * @typedef {object} ServiceDefinition
 * @property {string} name
 * @property {(ctx: ServiceContext) => Promise<RunningService>} start
 */

/** @type {ServiceDefinition[]} */
export const services = [
  {
    // The Adobe API emulator with the demo seed; jobs advance quickly so the job test stays short.
    name: 'adobe-emulator',
    async start(ctx) {
      const { ready, stop } = await startReadyProcess(
        ['--import', 'tsx', 'emulator/src/main.ts', '--port', '0', '--seed', process.env.SEGMENT_WORKBENCH_E2E_SEED ?? 'demo', '--job-step-ms', '200',
          '--per-minute', process.env.SEGMENT_WORKBENCH_E2E_PER_MINUTE ?? '600', '--concurrent', '6'],
        { cwd: ctx.repoRoot, timeoutMs: 30_000, log: ctx.log, what: 'The Adobe API emulator' },
      );
      return { env: { SEGMENT_WORKBENCH_E2E_ADOBE: JSON.stringify(ready) }, stop, secrets: [ready.credentials.clientSecret] };
    },
  },
  {
    // A real Unleash 7.5.1 with its own PostgreSQL (bash scripts/install-test-services.sh installs both).
    name: 'unleash',
    async start(ctx) {
      const { ready, stop } = await startReadyProcess(['scripts/unleash.mjs', 'start'], { cwd: ctx.repoRoot, timeoutMs: 150_000, log: ctx.log, what: 'Unleash' });
      return { env: { SEGMENT_WORKBENCH_E2E_UNLEASH: JSON.stringify({ url: ready.url, adminToken: ready.adminToken }) }, stop, secrets: [ready.adminToken] };
    },
  },
];

/**
 * Starts every service; if one fails, stops the ones already started and rethrows.
 * @param {ServiceContext} ctx
 * @returns {Promise<{ env: Record<string, string>, secrets: string[], stop: () => Promise<void> }>}
 */
export async function startServices(ctx) {
  /** @type {{ name: string, running: RunningService }[]} */
  const started = [];
  const stopAll = async () => {
    for (const { name, running } of started.reverse()) {
      try {
        await running.stop();
      } catch (err) {
        ctx.log(`service ${name} did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  // SEGMENT_WORKBENCH_E2E_SERVICES=name,name limits the services (the editor benchmark needs only the emulator).
  const only = process.env.SEGMENT_WORKBENCH_E2E_SERVICES?.split(',').map((s) => s.trim()).filter(Boolean);
  try {
    for (const service of services.filter((s) => !only || only.includes(s.name))) {
      ctx.log(`starting service ${service.name}`);
      started.push({ name: service.name, running: await service.start(ctx) });
    }
  } catch (err) {
    await stopAll();
    throw err;
  }
  return {
    env: Object.assign({}, ...started.map(({ running }) => running.env)),
    secrets: started.flatMap(({ running }) => running.secrets ?? []),
    stop: stopAll,
  };
}
