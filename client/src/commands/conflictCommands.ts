// What a user can do when a save finds the remote segment changed: compare both versions, overwrite theirs with
// yours, or take theirs (reload the remote version into the editor). The notification's buttons run these commands.
import * as vscode from 'vscode';
import type { ConflictEvent } from '../documents/remoteSegmentFileSystem';
import type { Workbench } from '../workbench';

export function registerConflictCommands(wb: Workbench): vscode.Disposable[] {
  const latest = new Map<string, ConflictEvent>();
  return [
    wb.files.onDidDetectConflict((event) => {
      latest.set(event.uri.toString(), event);
      void vscode.window.showWarningMessage(
        `"${event.remote.name}" was changed on the service since you opened it. Nothing was pushed and your edit is still in the editor.`,
        'Compare', 'Overwrite Theirs', 'Take Theirs',
      ).then((choice) => {
        if (choice === 'Compare') return vscode.commands.executeCommand('segmentWorkbench.conflict.compare', event.uri);
        if (choice === 'Overwrite Theirs') return vscode.commands.executeCommand('segmentWorkbench.conflict.overwrite', event.uri);
        if (choice === 'Take Theirs') return vscode.commands.executeCommand('segmentWorkbench.conflict.takeTheirs', event.uri);
        return undefined;
      });
    }),
    vscode.commands.registerCommand('segmentWorkbench.conflict.compare', async (uri: vscode.Uri) => {
      const event = latest.get(uri.toString());
      if (!event) return undefined;
      const left = wb.snapshots.add(uri.path.split('/').pop()!.replace(/(\.\w+\.json)$/, '.theirs$1'), JSON.stringify(event.remote.body, null, 2) + '\n');
      await vscode.commands.executeCommand('vscode.diff', left, uri, `${event.remote.name}: theirs ↔ yours`);
      return left;
    }),
    vscode.commands.registerCommand('segmentWorkbench.conflict.overwrite', async (uri: vscode.Uri) => {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (!document) return false;
      wb.files.markOverwrite(uri);
      return document.save();
    }),
    vscode.commands.registerCommand('segmentWorkbench.conflict.takeTheirs', async (uri: vscode.Uri) => {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (!document) return false;
      await vscode.window.showTextDocument(document);
      wb.files.forget(uri);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      latest.delete(uri.toString());
      return true;
    }),
  ];
}
