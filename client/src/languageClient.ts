// Starts the language server over IPC and keeps its settings in sync with the workspace configuration.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DEFAULT_SERVER_SETTINGS, LANGUAGE_ID_PQL, Protocol, SETTINGS_PREFIX, Settings, type ServerSettings } from '../../server/src/protocol';
import { REMOTE_SCHEME } from './remoteScheme';

export function readServerSettings(): ServerSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_PREFIX);
  return {
    fileAssociations: config.get(Settings.fileAssociations, DEFAULT_SERVER_SETTINGS.fileAssociations),
    detectByContent: config.get(Settings.detectByContent, DEFAULT_SERVER_SETTINGS.detectByContent),
    validationEnabled: config.get(Settings.validationEnabled, DEFAULT_SERVER_SETTINGS.validationEnabled),
    pqlRequireBoolean: config.get(Settings.pqlRequireBoolean, DEFAULT_SERVER_SETTINGS.pqlRequireBoolean),
  };
}

export async function startLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel): Promise<LanguageClient> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const schemes = ['file', 'untitled', REMOTE_SCHEME];
  const clientOptions: LanguageClientOptions = {
    // Every JSON document goes to the server, which answers only for segment kinds (by name, setting or content).
    documentSelector: schemes.flatMap((scheme) => [
      { scheme, language: LANGUAGE_ID_PQL },
      { scheme, language: 'json' },
      { scheme, language: 'jsonc' },
    ]),
    initializationOptions: { settings: readServerSettings() },
    outputChannel,
  };
  const client = new LanguageClient('segmentWorkbench', 'Segment Workbench Language Server', serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push(
    client,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SETTINGS_PREFIX)) void client.sendNotification(Protocol.didChangeSettings, readServerSettings());
    }),
  );
  return client;
}
