'use strict';
// Starts unleash-server (7.5.1) with start() on loopback, in this very node process so that its PID is the server's.
//   node start.cjs --db-host 127.0.0.1 --db-port 5432 --db-user u --db-password p --db-name unleash \
//                  --port 4242 --admin-token '*:*.secret'
// Every flag may come from the environment instead: --db-host is UNLEASH_TEST_DB_HOST, --admin-token is
// UNLEASH_TEST_ADMIN_TOKEN, and so on (prefer the environment for secrets: argv shows in `ps`).
// Optional: --host (default 127.0.0.1), --log-level (default info), --unleash-entry (path to another install's
// dist/lib/server-impl.js). Expects NODE_ENV=production SEND_TELEMETRY=false CHECK_VERSION=false from the caller.
// When started with an IPC channel (by the supervisor) it shuts down once that channel closes, so it never
// outlives the process that owns the run.
/* global process, console */

const FLAGS = ['db-host', 'db-port', 'db-user', 'db-password', 'db-name', 'host', 'port', 'admin-token', 'log-level', 'unleash-entry'];
const DEFAULTS = { host: '127.0.0.1', 'log-level': 'info', 'unleash-entry': 'unleash-server' };

function readSettings(argv, env) {
  const settings = { ...DEFAULTS };
  for (const flag of FLAGS) {
    const fromEnv = env[`UNLEASH_TEST_${flag.toUpperCase().replace(/-/g, '_')}`];
    if (fromEnv !== undefined && fromEnv !== '') settings[flag] = fromEnv;
  }
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '');
    if (!argv[i].startsWith('--') || !FLAGS.includes(name) || i + 1 >= argv.length) {
      throw new Error(`Unknown or incomplete argument: ${argv[i]} (known: ${FLAGS.map((f) => `--${f}`).join(' ')})`);
    }
    settings[name] = argv[++i];
  }
  const missing = ['db-host', 'db-port', 'db-user', 'db-password', 'db-name', 'port', 'admin-token'].filter((f) => !settings[f]);
  if (missing.length) throw new Error(`Missing settings: ${missing.map((f) => `--${f}`).join(', ')}`);
  return settings;
}

function unleashOptions(settings) {
  const port = Number(settings.port);
  return {
    db: {
      host: settings['db-host'],
      port: Number(settings['db-port']),
      user: settings['db-user'],
      password: settings['db-password'],
      database: settings['db-name'],
      ssl: false,
    },
    server: { host: settings.host, port, unleashUrl: `http://${settings.host}:${port}` },
    authentication: {
      type: 'open-source',
      initApiTokens: [
        { tokenName: 'segment-workbench-tests', type: 'admin', projects: ['*'], environment: '*', secret: settings['admin-token'] },
      ],
    },
    versionCheck: { enable: false },
    telemetry: false,
    logLevel: settings['log-level'],
  };
}

async function main() {
  const settings = readSettings(process.argv.slice(2), process.env);
  const entry = settings['unleash-entry'];
  const { pathToFileURL } = await import('node:url');
  const specifier = entry.startsWith('/') ? pathToFileURL(entry).href : entry;
  // unleash-server 7.x is an ES module: load it with import() from this CommonJS file.
  const { start } = await import(specifier);
  if (process.channel) process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  await start(unleashOptions(settings));
}

main().catch((error) => {
  console.error('unleash-server failed to start:', error);
  process.exit(1);
});
