// Writes to a production connection ask first (setting segmentWorkbench.remote.confirmWritesToProduction).
import * as vscode from 'vscode';
import { SETTINGS_PREFIX, Settings } from '../../../server/src/protocol';
import type { ConnectionConfig } from '../../../remote/src/index';

export async function confirmWrite(connection: ConnectionConfig, action: string): Promise<boolean> {
  if (connection.readOnly) {
    void vscode.window.showErrorMessage(`"${connection.label}" is read-only: cannot ${action}.`);
    return false;
  }
  if (!connection.production) return true;
  const confirm = vscode.workspace.getConfiguration(SETTINGS_PREFIX).inspect<boolean>(Settings.confirmWritesToProduction);
  if ((confirm?.globalValue ?? confirm?.defaultValue) === false) return true;
  const answer = await vscode.window.showWarningMessage(
    `"${connection.label}" is a production connection. Really ${action}?`,
    { modal: true },
    'Yes, write to production',
  );
  return answer === 'Yes, write to production';
}
