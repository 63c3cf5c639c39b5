// The .vsix as a person installs it: `vsce package --no-dependencies` (which runs the production build through
// vscode:prepublish) into a temp folder. Its zip central directory is read here (no dependency) and must hold exactly
// the allow-list of .vscodeignore, and every file the manifest points at. Then the packaged bundles run on their own,
// unpacked outside the repository (so no node_modules can help them): the CLI lints a file and the language server
// answers over stdio with the diagnostic it should.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

const repoRoot = join(__dirname, '..', '..');
const PACKAGE_TIMEOUT_MS = 240_000;
const RUN_TIMEOUT_MS = 30_000;
/** What the Marketplace and VS Code need from a .vsix of this size; a bundle that drags in everything is larger. */
const MAX_VSIX_BYTES = 6 * 1024 * 1024;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

/** The entries of a zip file from its central directory (no ZIP64: a .vsix is far below 4 GB and 65,535 entries). */
function readZipEntries(zip: Buffer): ZipEntry[] {
  const END_SIGNATURE = 0x06054b50;
  const ENTRY_SIGNATURE = 0x02014b50;
  // The end record is 22 bytes plus a comment of at most 65,535 bytes.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === END_SIGNATURE) {
      end = i;
      break;
    }
  }
  assert.ok(end >= 0, 'not a zip file: no end-of-central-directory record');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(offset), ENTRY_SIGNATURE, `central directory entry ${i} is damaged`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    entries.push({
      name: zip.toString('utf8', offset + 46, offset + 46 + nameLength),
      method: zip.readUInt16LE(offset + 10),
      compressedSize: zip.readUInt32LE(offset + 20),
      size: zip.readUInt32LE(offset + 24),
      localHeaderOffset: zip.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function extractZipEntry(zip: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localHeaderOffset;
  const dataStart = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const data = zip.subarray(dataStart, dataStart + entry.compressedSize);
  if (entry.method === 0) return Buffer.from(data);
  assert.equal(entry.method, 8, `${entry.name}: unexpected compression method ${entry.method}`);
  return inflateRawSync(data);
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(join(repoRoot, path)).isFile())
    .map((path) => path.split('\\').join('/'));
}

/** Every file path the manifest refers to (entry point, icons, grammars, language configurations, walkthrough media). */
function manifestPaths(manifest: Record<string, unknown>): string[] {
  const paths: string[] = [];
  const add = (value: unknown): void => {
    if (typeof value === 'string') paths.push(value.replace(/^\.\//, ''));
  };
  const contributes = (manifest.contributes ?? {}) as Record<string, unknown>;
  add(manifest.main);
  add(manifest.icon);
  for (const language of (contributes.languages ?? []) as { configuration?: string }[]) add(language.configuration);
  for (const grammar of (contributes.grammars ?? []) as { path?: string }[]) add(grammar.path);
  for (const containers of Object.values((contributes.viewsContainers ?? {}) as Record<string, { icon?: string }[]>)) {
    for (const container of containers) add(container.icon);
  }
  for (const views of Object.values((contributes.views ?? {}) as Record<string, { icon?: string }[]>)) {
    for (const view of views) add(view.icon);
  }
  for (const walkthrough of (contributes.walkthroughs ?? []) as { steps?: { media?: Record<string, unknown> }[] }[]) {
    for (const step of walkthrough.steps ?? []) for (const media of Object.values(step.media ?? {})) add(media);
  }
  return paths;
}

/** Runs a command to its end, bounded; never throws. */
function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolveRun) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += String(chunk); });
    child.stderr.on('data', (chunk) => { output += String(chunk); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => { clearTimeout(timer); resolveRun({ code: null, output: output + error.message, ms: Date.now() - started }); });
    child.once('exit', (code) => { clearTimeout(timer); resolveRun({ code, output, ms: Date.now() - started }); });
  });
}

describe('the packaged extension (.vsix)', () => {
  let tempDir: string;
  let vsixPath: string;
  let zip: Buffer;
  let entries: ZipEntry[];
  let unpacked: string;
  let packageMs: number;

  before(async () => {
    tempDir = mkdtempSync(join(tmpdir(), 'segment-workbench-package-'));
    vsixPath = join(tempDir, 'segment-workbench.vsix');
    const vsce = join(dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
    const packaged = await run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsixPath], repoRoot, PACKAGE_TIMEOUT_MS);
    packageMs = packaged.ms;
    assert.equal(packaged.code, 0, `vsce package failed (exit ${packaged.code}):\n${packaged.output.slice(-4000)}`);
    zip = readFileSync(vsixPath);
    entries = readZipEntries(zip);
    // Unpacked where no node_modules folder is above it: the bundles must stand alone.
    unpacked = join(tempDir, 'unpacked');
    for (const entry of entries) {
      const target = join(unpacked, entry.name);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, extractZipEntry(zip, entry));
    }
  }, { timeout: PACKAGE_TIMEOUT_MS + 30_000 });

  after(() => {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  });

  it('holds exactly the bundles, the manifest, the documents, schemas, grammars and resources', (t) => {
    const expected = [
      'extension.vsixmanifest',
      '[Content_Types].xml',
      'extension/package.json',
      // vsce writes these two in lower case.
      'extension/readme.md',
      'extension/changelog.md',
      'extension/LICENSE.txt',
      'extension/dist/extension.js',
      'extension/dist/server.js',
      'extension/dist/cli.js',
      ...['schemas', 'syntaxes', 'resources'].flatMap(filesUnder).map((path) => `extension/${path}`),
    ].sort();
    const names = entries.map((entry) => entry.name).sort();
    assert.deepEqual(names, expected);
    for (const name of names) {
      assert.doesNotMatch(name, /\.(ts|map|tsx|mts|cts)$|node_modules|(^|\/)(test|src|emulator|demo|scripts|bench|out)\//, `${name} must not be packaged`);
    }
    assert.ok(zip.length < MAX_VSIX_BYTES, `the .vsix is ${zip.length} bytes, more than ${MAX_VSIX_BYTES}`);
    t.diagnostic(`vsce package took ${(packageMs / 1000).toFixed(1)} s; ${entries.length} entries, ${(zip.length / 1024).toFixed(0)} KB`);
  });

  it('holds every file its manifest points at, and the manifest is the repository\'s', () => {
    const packaged = JSON.parse(readFileSync(join(unpacked, 'extension/package.json'), 'utf8'));
    const source = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    assert.equal(packaged.name, source.name);
    assert.equal(packaged.version, source.version);
    assert.deepEqual(packaged.contributes, source.contributes);
    const referenced = manifestPaths(packaged);
    assert.ok(referenced.length >= 8, `expected the manifest to reference its files, found ${referenced.join(', ')}`);
    for (const path of referenced) assert.ok(existsSync(join(unpacked, 'extension', path)), `the manifest refers to ${path}, which is not in the .vsix`);
    const bin = Object.values((packaged.bin ?? {}) as Record<string, string>);
    for (const path of bin) assert.ok(existsSync(join(unpacked, 'extension', path)), `bin ${path} is not in the .vsix`);
  });

  it('has production bundles: minified, with no source map reference', () => {
    for (const name of ['extension.js', 'server.js', 'cli.js']) {
      const text = readFileSync(join(unpacked, 'extension/dist', name), 'utf8');
      assert.doesNotMatch(text, /\/\/# sourceMappingURL=/, `${name} points at a source map that is not packaged`);
      // A development bundle names each bundled module in a comment line (`// node_modules/...`, `// server/src/...`).
      assert.doesNotMatch(text, /^\/\/ (node_modules|client|server|cli|remote)\//m, `${name} is not the minified production build`);
    }
  });

  it('runs its CLI on its own: lint reports a PQL typo', async () => {
    const work = join(tempDir, 'lint');
    mkdirSync(work);
    writeFileSync(join(work, 'typo.pql'), 'person.name.firstName.startWith("Jo")\n');
    writeFileSync(join(work, 'ok.pql'), 'homeAddress.countryCode = "US"\n');
    const cli = join(unpacked, 'extension/dist/cli.js');
    const result = await run(process.execPath, [cli, 'lint', '.'], work, RUN_TIMEOUT_MS);
    assert.equal(result.code, 1, result.output);
    assert.match(result.output, /typo\.pql:1:\d+: error: .*startsWith/);
    assert.doesNotMatch(result.output, /ok\.pql/);
  });

  it('runs its language server on its own: initialize, then a diagnostic for an opened document', async () => {
    const server = spawn(process.execPath, [join(unpacked, 'extension/dist/server.js'), '--stdio'], { cwd: tempDir, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    server.stderr.on('data', (chunk) => { stderr += String(chunk); });
    const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
    const uri = pathToFileURL(join(tempDir, 'lint-server', 'typo.pql')).href;
    const diagnostics = new Promise<PublishDiagnosticsParams>((resolveDiagnostics, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics within ${RUN_TIMEOUT_MS} ms; server stderr:\n${stderr}`)), RUN_TIMEOUT_MS);
      connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
        if (params.uri !== uri) return;
        clearTimeout(timer);
        resolveDiagnostics(params);
      });
    });
    connection.listen();
    try {
      const init = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as {
        capabilities: Record<string, unknown>;
      };
      assert.ok(init.capabilities.completionProvider, 'the server announces completion');
      assert.ok(init.capabilities.hoverProvider, 'the server announces hover');
      await connection.sendNotification('initialized', {});
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'pql', version: 1, text: 'person.name.firstName.startWith("Jo")\n' },
      });
      const published = await diagnostics;
      assert.ok(published.diagnostics.some((d) => /startsWith/.test(typeof d.message === 'string' ? d.message : d.message.value)), JSON.stringify(published.diagnostics));
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
    } finally {
      await new Promise<void>((resolveExit) => {
        if (server.exitCode !== null) return resolveExit();
        const timer = setTimeout(() => { server.kill('SIGKILL'); resolveExit(); }, 5_000);
        server.once('exit', () => { clearTimeout(timer); resolveExit(); });
      });
      connection.dispose();
    }
    assert.equal(server.exitCode, 0, `the server should exit 0 after shutdown/exit; stderr:\n${stderr}`);
  });
});
