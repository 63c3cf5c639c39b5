// Screenshots of the workbench a person can look at. The suite asks for them at the moment the view is worth seeing
// (suite/screenshot.ts POSTs to a small server here, whose URL reaches the extension host through the environment),
// because once the suite has ended VS Code stops the extension host and clears the diagnostics it published.
// Each shot is a row: its name and what must be on screen before the picture is taken. A shot whose view does not
// come up is still taken (it then shows why) and reported; screenshots never fail the tier.
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** Environment variable that tells the suite where to ask for a screenshot. */
export const SCREENSHOT_URL_ENV = 'SEGMENT_WORKBENCH_E2E_SCREENSHOT_URL';
/** Bound for every wait on the page while a shot is prepared. */
const UI_WAIT_MS = 10_000;

/** CSS selectors that must be visible, in order, before the shot; the suite brings the view up with commands. */
const SHOTS: Readonly<Record<string, readonly string[]>> = {
  // The editor with the suite's broken file and its squiggle, the Problems panel listing the diagnostic.
  'workbench-diagnostics': ['.monaco-editor .squiggly-error', '.markers-panel .monaco-list-row'],
  // The Segments view with a connection's collection expanded.
  'segments-tree': ['.pane-body .monaco-list-row'],
  // A remote segment open in the editor with a diagnostic from the language server.
  'remote-segment-diagnostics': ['.monaco-editor .squiggly-error'],
  // The notification that a save found the remote segment changed, with its choices.
  'conflict-prompt': ['.notifications-toasts .notification-toast'],
  // Taken by run.mjs when the suite fails to finish: whatever is on screen.
  'failure-state': [],
};

const SHOT_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface ScreenshotLog {
  (line: string): void;
}

/** Waits for the shot's selectors (a name not in the table waits for nothing) and writes `<outDir>/<name>.png`. */
export async function takeScreenshot(page: Page, name: string, outDir: string, log: ScreenshotLog): Promise<string> {
  if (!SHOT_NAME.test(name)) throw new Error(`bad screenshot name ${JSON.stringify(name)}`);
  for (const selector of SHOTS[name] ?? []) {
    try {
      await page.locator(selector).first().waitFor({ state: 'visible', timeout: UI_WAIT_MS });
    } catch {
      log(`screenshot ${name}: ${selector} did not appear within ${UI_WAIT_MS} ms; taking it anyway`);
      break;
    }
  }
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${name}.png`);
  await page.screenshot({ path: file, timeout: UI_WAIT_MS });
  log(`screenshot ${file}`);
  return file;
}

/**
 * Answers the quick input (a quick pick or an input box) whose title or prompt contains `expect`, as a person would:
 * waits for it to be shown, types `text` and presses Enter. The suite drives multi-step flows this way through
 * suite/userInput.ts, so that they are tested through the real UI.
 */
async function answerQuickInput(page: Page, expect: string, text: string): Promise<void> {
  const widget = page.locator('.quick-input-widget').filter({ hasText: expect });
  await widget.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
  const input = widget.locator('.quick-input-box input').first();
  await input.fill(text, { timeout: UI_WAIT_MS });
  await input.press('Enter', { timeout: UI_WAIT_MS });
}

export interface ScreenshotServer {
  /** Goes into code-server's environment as SCREENSHOT_URL_ENV. */
  url: string;
  /** Requests that arrive before the page is set are answered 503. */
  setPage(page: Page): void;
  close(): Promise<void>;
}

/** `POST <url>?name=<shot>` answers 200 with the file once the picture is taken, 500 with the reason otherwise. */
export function startScreenshotServer(outDir: string, log: ScreenshotLog): Promise<ScreenshotServer> {
  let page: Page | undefined;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const name = url.searchParams.get('name') ?? '';
    const answer = (status: number, body: string) => response.writeHead(status, { 'content-type': 'text/plain' }).end(body);
    if (request.method !== 'POST') return answer(405, 'POST only');
    if (!page) return answer(503, 'the browser is not up yet');
    if (url.pathname.endsWith('/input')) {
      answerQuickInput(page, url.searchParams.get('expect') ?? '', url.searchParams.get('text') ?? '').then(
        () => answer(200, 'typed'),
        (err: unknown) => answer(500, err instanceof Error ? err.message : String(err)),
      );
      return;
    }
    takeScreenshot(page, name, outDir, log).then(
      (file) => answer(200, file),
      (err: unknown) => answer(500, err instanceof Error ? err.message : String(err)),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/screenshot`,
        setPage: (p) => { page = p; },
        close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()); }),
      });
    });
  });
}
