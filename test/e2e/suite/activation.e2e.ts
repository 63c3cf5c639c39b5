// The extension activates in a real editor, and its language server reports a mistake in an Unleash segment file.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../../server/src/protocol';
import { screenshot } from './screenshot';
import { waitForDiagnostics } from './waitFor';

/** DIAGNOSTIC_SOURCE in server/src/lspConvert.ts (not imported: that module pulls in the whole LSP library). */
const LANGUAGE_SERVER_SOURCE = 'segment-workbench';
/** In test/e2e/workspace (copied into a fresh folder for each run): its constraint uses an operator Unleash does not have. */
const BROKEN_UNLEASH_FILE = 'segments/beta-testers.unleash.json';
const UNKNOWN_OPERATOR = 'IN_LIST';

function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the editor was started without a workspace folder');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

suite('activation', () => {
  test('the extension is installed and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded (is extensionDevelopmentPath the repository root?)`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('a mistake in an *.unleash.json file gets a diagnostic from the language server', async () => {
    const uri = workspaceFile(BROKEN_UNLEASH_FILE);
    const document = await vscode.workspace.openTextDocument(uri);
    // Shown, not only opened: the screenshot at the end shows this editor and its squiggle.
    await vscode.window.showTextDocument(document);

    const operatorAt = document.getText().indexOf(`"${UNKNOWN_OPERATOR}"`);
    assert.ok(operatorAt >= 0, `fixture ${BROKEN_UNLEASH_FILE} no longer contains "${UNKNOWN_OPERATOR}"`);
    const operatorRange = new vscode.Range(
      document.positionAt(operatorAt),
      document.positionAt(operatorAt + UNKNOWN_OPERATOR.length + 2),
    );

    // Only the extension's server counts: VS Code's own JSON support also publishes diagnostics for *.json files.
    // On timeout, waitForDiagnostics reports what the file did get.
    const onOperator = (d: vscode.Diagnostic) =>
      d.source === LANGUAGE_SERVER_SOURCE &&
      d.severity === vscode.DiagnosticSeverity.Error &&
      d.range.intersection(operatorRange) !== undefined;
    await waitForDiagnostics(uri, (all) => all.some(onOperator));

    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('workbench-diagnostics');
  });
});
