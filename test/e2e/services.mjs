// The hook for servers the end-to-end suite talks to (the Adobe emulator, Unleash, ...). run.mjs starts them, in
// order, before code-server, and puts the environment variables they return into code-server's environment; the
// extension host, and so the suite and the extension, inherit them. Everything binds to 127.0.0.1 only.
//
// To add a service, append an entry:
//   {
//     name: 'adobe-emulator',
//     async start(ctx) {
//       const server = await startEmulator({ host: '127.0.0.1', port: 0 });   // however it starts
//       return { env: { SEGMENT_WORKBENCH_ADOBE_URL: server.url }, stop: () => server.close() };
//     },
//   },

/**
 * @typedef {object} ServiceContext
 * @property {string} repoRoot  the repository
 * @property {string} tmpDir    a fresh folder of this run, deleted afterwards; a service may make a subfolder in it
 * @property {(line: string) => void} log
 *
 * @typedef {object} RunningService
 * @property {Record<string, string>} env   variables for the extension host (e.g. the service's URL)
 * @property {() => Promise<void>} stop     must stop everything the service started; called exactly once
 *
 * @typedef {object} ServiceDefinition
 * @property {string} name
 * @property {(ctx: ServiceContext) => Promise<RunningService>} start
 */

/** @type {ServiceDefinition[]} */
export const services = [];

/**
 * Starts every service; if one fails, stops the ones already started and rethrows.
 * @param {ServiceContext} ctx
 * @returns {Promise<{ env: Record<string, string>, stop: () => Promise<void> }>}
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
  try {
    for (const service of services) {
      ctx.log(`starting service ${service.name}`);
      started.push({ name: service.name, running: await service.start(ctx) });
    }
  } catch (err) {
    await stopAll();
    throw err;
  }
  return { env: Object.assign({}, ...started.map(({ running }) => running.env)), stop: stopAll };
}
