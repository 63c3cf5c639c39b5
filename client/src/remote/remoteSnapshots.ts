// Read-only snapshots of remote versions (segment-workbench-remote:…), the left side of "compare with remote" diffs.
import * as vscode from 'vscode';

export const SNAPSHOT_SCHEME = 'segment-workbench-remote';

export class RemoteSnapshots implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private counter = 0;
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changeEmitter.event;

  /** Stores `text` and returns a URI showing it, named like the segment so the language features apply. */
  add(fileName: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SNAPSHOT_SCHEME, path: `/${++this.counter}/${fileName}` });
    this.contents.set(uri.toString(), text);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }
}
