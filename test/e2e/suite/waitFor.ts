// Event-driven waits for the suite: each resolves on a VS Code event and rejects after a bounded time, saying what it
// last saw. Never a sleep: the timer only bounds the wait.
import * as vscode from 'vscode';

/** Longest any single wait in the suite may take (a cold language server start included). */
export const DEFAULT_WAIT_MS = 30_000;

/**
 * Resolves with the diagnostics of `uri` as soon as `accept` holds for them: checks the current diagnostics first,
 * then every `onDidChangeDiagnostics` event that names `uri`.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<readonly vscode.Diagnostic[]> {
  const current = vscode.languages.getDiagnostics(uri);
  if (accept(current)) return Promise.resolve(current);

  return new Promise((resolve, reject) => {
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((changed) => changed.toString() === uri.toString())) return;
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!accept(diagnostics)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(diagnostics);
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      const seen = vscode.languages.getDiagnostics(uri).map((d) => `${d.source ?? '?'} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
      reject(new Error(`no matching diagnostics for ${uri.fsPath} within ${timeoutMs} ms; last seen: ${JSON.stringify(seen)}`));
    }, timeoutMs);
  });
}

/** Resolves with the next firing of `event`, or rejects after a bounded time. */
export function waitForEvent<T>(event: vscode.Event<T>, timeoutMs = DEFAULT_WAIT_MS): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`the awaited event did not fire within ${timeoutMs} ms`));
    }, timeoutMs);
    const subscription = event((value) => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}
