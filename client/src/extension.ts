// The extension's entry point: starts the language server and registers the Segments view and commands.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { startLanguageClient } from './languageClient';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<{ languageClient: LanguageClient | undefined }> {
  const log = vscode.window.createOutputChannel('Segment Workbench', { log: true });
  context.subscriptions.push(log);
  client = await startLanguageClient(context, log);
  return { languageClient: client };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
