// A minimal LSP client for tests: spawns the built server (`node dist/server.js --stdio`) and talks JSON-RPC to it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

/** A diagnostic's message as text (LSP 3.18 allows markup there too). */
export function messageOf(diagnostic: { message: string | { value: string } }): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

export const SERVER_PATH = join(__dirname, '..', '..', 'dist', 'server.js');

export interface TestServer {
  connection: ProtocolConnection;
  process: ChildProcess;
  stderr: () => string;
  /** Resolves with the next diagnostics published for `uri` (and `version`, if given). */
  diagnostics(uri: string, version?: number, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  stop(): Promise<void>;
}

export async function startTestServer(initializationOptions: unknown = {}): Promise<TestServer> {
  if (!existsSync(SERVER_PATH)) throw new Error(`${SERVER_PATH} is missing: run \`npm run build\` first.`);
  const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => { stderr += String(chunk); });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { match: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    const index = waiters.findIndex((w) => w.match(params));
    if (index >= 0) waiters.splice(index, 1)[0].resolve(params);
    else published.push(params);
  });
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    process: child,
    stderr: () => stderr,
    diagnostics(uri, version, timeoutMs = 10_000) {
      const match = (p: PublishDiagnosticsParams) => p.uri === uri && (version === undefined || p.version === version);
      const earlier = published.findIndex(match);
      if (earlier >= 0) return Promise.resolve(published.splice(earlier, 1)[0]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`No diagnostics for ${uri} v${version} within ${timeoutMs} ms. Server stderr:\n${stderr}`)), timeoutMs);
        waiters.push({ match, resolve: (p) => { clearTimeout(timer); resolve(p); } });
      });
    },
    async stop() {
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        // the server may already be gone
      }
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 3000);
        child.once('exit', () => { clearTimeout(timer); resolve(); });
      });
      connection.dispose();
    },
  };
}
