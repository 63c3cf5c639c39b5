// Finds what a real Unleash run needs (PostgreSQL's binaries, unleash-server 7.5.1, a way to run PostgreSQL as a
// non-root user) and, when something is missing, says which install step brings it. Tests that need Unleash must
// fail with that message rather than skip, so every message names the exact command.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const UNLEASH_VERSION = '7.5.1';
export const INSTALL_SCRIPT = 'bash scripts/install-test-services.sh';
const POSTGRES_ROOT = '/usr/lib/postgresql';
const RUNUSER = '/usr/sbin/runuser';
const HERE = dirname(fileURLToPath(import.meta.url));

export class PrerequisiteError extends Error {
  constructor(message) {
    super(message);
    this.name = 'PrerequisiteError';
  }
}

/** The newest `/usr/lib/postgresql/<version>/bin` that has initdb, pg_ctl and psql (Debian's layout). */
export function findPostgresBinDir(override) {
  const needed = ['initdb', 'pg_ctl', 'psql', 'postgres'];
  const complete = (dir) => needed.every((name) => existsSync(join(dir, name)));
  if (override) {
    if (complete(override)) return override;
    throw new PrerequisiteError(
      `PostgreSQL binaries (${needed.join(', ')}) not found in ${override}: ` +
        `run \`apt-get install -y postgresql\` (or \`${INSTALL_SCRIPT}\`), or pass the right bin folder.`,
    );
  }
  const versions = existsSync(POSTGRES_ROOT)
    ? readdirSync(POSTGRES_ROOT).filter((name) => /^\d+(\.\d+)?$/.test(name))
    : [];
  versions.sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const dir = join(POSTGRES_ROOT, version, 'bin');
    if (complete(dir)) return dir;
  }
  throw new PrerequisiteError(
    `PostgreSQL is not installed (no ${POSTGRES_ROOT}/<version>/bin with ${needed.join(', ')}): ` +
      `run \`apt-get install -y postgresql\` (or \`${INSTALL_SCRIPT}\`).`,
  );
}

/** The folder of an installed unleash-server 7.5.1 package and its entry module. */
export function findUnleashServer(override) {
  const packageDir = override ? resolve(override) : join(HERE, 'node_modules', 'unleash-server');
  const manifestPath = join(packageDir, 'package.json');
  const installStep = `run \`npm ci --prefix test/support/unleash-server\` (or \`${INSTALL_SCRIPT}\`)`;
  if (!existsSync(manifestPath)) {
    throw new PrerequisiteError(`unleash-server is not installed (no ${manifestPath}): ${installStep}.`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (manifest.version !== UNLEASH_VERSION) {
    throw new PrerequisiteError(
      `unleash-server ${manifest.version} is installed in ${packageDir} but the tests need ${UNLEASH_VERSION}: ${installStep}.`,
    );
  }
  const entry = join(packageDir, 'dist', 'lib', 'server-impl.js');
  if (!existsSync(entry)) {
    throw new PrerequisiteError(`unleash-server's entry ${entry} is missing (a broken install): ${installStep}.`);
  }
  return { packageDir, entry, version: manifest.version };
}

/** Whether PostgreSQL must be run as the `postgres` user: it refuses to run as root. */
export function findRunAsUser() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const passwd = existsSync('/etc/passwd') ? readFileSync('/etc/passwd', 'utf8') : '';
  const line = passwd.split('\n').find((entry) => entry.startsWith('postgres:'));
  if (!line) {
    throw new PrerequisiteError(
      'Running as root, but there is no `postgres` user to run PostgreSQL as (PostgreSQL refuses root): ' +
        `run \`apt-get install -y postgresql\` (or \`${INSTALL_SCRIPT}\`).`,
    );
  }
  if (!existsSync(RUNUSER)) {
    throw new PrerequisiteError(
      `Running as root, but ${RUNUSER} is missing to run PostgreSQL as \`postgres\`: run \`apt-get install -y util-linux\`.`,
    );
  }
  const [, , uid, gid] = line.split(':');
  return { name: 'postgres', uid: Number(uid), gid: Number(gid), runuser: RUNUSER };
}

export function checkNodeVersion() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) {
    throw new PrerequisiteError(`unleash-server ${UNLEASH_VERSION} needs Node.js 20 or newer; this is ${process.version}.`);
  }
}

/** Everything at once; throws the first PrerequisiteError. */
export function checkPrerequisites(overrides = {}) {
  checkNodeVersion();
  const postgresBinDir = findPostgresBinDir(overrides.postgresBinDir);
  const unleash = findUnleashServer(overrides.unleashServerDir);
  const runAs = findRunAsUser();
  return { postgresBinDir, unleash, runAs };
}
