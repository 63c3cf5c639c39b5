// A real unleash-server 7.5.1 with a throwaway PostgreSQL on 127.0.0.1, for the demo and for people.
//   node scripts/unleash.mjs start [--timeout-ms N]   prints one JSON line {url, adminToken, pids, tempDir} on stdout,
//                                                     keeps running until Ctrl+C / SIGTERM, then stops everything
//   node scripts/unleash.mjs check                    says whether PostgreSQL and unleash-server are installed
// Install what it needs once with `bash scripts/install-test-services.sh`.
// The work is done by test/support/unleashServer.ts (loaded through tsx), the same code the unleash tests use.
/* global setInterval, clearInterval */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const USAGE = 'usage: node scripts/unleash.mjs start [--timeout-ms N] | check';

async function check() {
  const { checkPrerequisites } = await import('../test/support/unleash-server/prerequisites.mjs');
  try {
    const found = checkPrerequisites();
    console.log(`ok: PostgreSQL binaries in ${found.postgresBinDir}; unleash-server ${found.unleash.version} in ${found.unleash.packageDir}`);
    return 0;
  } catch (error) {
    console.error(error.message);
    return 1;
  }
}

async function start(args) {
  let timeoutMs;
  if (args[0] === '--timeout-ms' && /^\d+$/.test(args[1] ?? '')) timeoutMs = Number(args[1]);
  else if (args.length) throw new Error(USAGE);

  require('tsx/cjs/api').register();
  const { startUnleash } = require('../test/support/unleashServer.ts');
  const handle = await startUnleash({ timeoutMs });
  console.log(JSON.stringify({ url: handle.url, adminToken: handle.adminToken, pids: handle.pids, tempDir: handle.tempDir }));
  console.error(`Unleash is up at ${handle.url} (started in ${handle.startupMs.total} ms). Ctrl+C stops it.`);

  // The run does not hold the event loop by itself (so that tests never hang on it): this does, until we stop.
  const keepAlive = setInterval(() => {}, 1 << 30);
  return new Promise((resolveExit) => {
    let stopping = false;
    const stop = async (why) => {
      if (stopping) return;
      stopping = true;
      console.error(`${why}: stopping Unleash and PostgreSQL...`);
      try {
        await handle.stop();
        console.error('stopped.');
        resolveExit(0);
      } catch (error) {
        console.error(error.message);
        resolveExit(1);
      } finally {
        clearInterval(keepAlive);
      }
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(signal));
    handle.ended.then((end) => {
      if (!end.unexpected || stopping) return;
      stopping = true;
      clearInterval(keepAlive);
      console.error(end.reason);
      resolveExit(1);
    });
  });
}

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === 'check') return check();
  if (command === 'start') return start(rest);
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error.message);
    process.exit(1);
  },
);
