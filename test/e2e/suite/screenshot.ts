// Asks the harness (test/e2e/run.mjs, see test/e2e/screenshots.ts) to photograph the workbench now, and waits until
// it has. Under desktop VS Code (test/e2e/electron.mjs) nobody takes pictures: then it does nothing. A picture that
// cannot be taken is reported on the console, never a test failure: screenshots are for people, not assertions.
import { request } from 'node:http';

const SCREENSHOT_URL_ENV = 'SEGMENT_WORKBENCH_E2E_SCREENSHOT_URL';
/** The harness waits up to 10 s for the view, then takes the picture. */
const SCREENSHOT_TIMEOUT_MS = 30_000;

export function screenshot(name: string): Promise<void> {
  const base = process.env[SCREENSHOT_URL_ENV];
  if (!base) return Promise.resolve();
  const url = `${base}?name=${encodeURIComponent(name)}`;
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', timeout: SCREENSHOT_TIMEOUT_MS }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { body += chunk; });
      response.on('end', () => {
        if (response.statusCode !== 200) console.warn(`screenshot ${name}: ${response.statusCode} ${body}`);
        resolve();
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${SCREENSHOT_TIMEOUT_MS} ms`)));
    req.on('error', (err) => {
      console.warn(`screenshot ${name}: ${err.message}`);
      resolve();
    });
    req.end();
  });
}
