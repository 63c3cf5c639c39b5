// Answers the editor's quick inputs through the real UI: the harness (test/e2e/screenshots.ts) types into the quick
// input whose title or prompt contains `expect`, then presses Enter. Only under code-server (run.mjs); elsewhere the
// flow tests that need it cannot run and say so.
import { request } from 'node:http';

const URL_ENV = 'SEGMENT_WORKBENCH_E2E_SCREENSHOT_URL';
const TIMEOUT_MS = 30_000;

export function canAnswerInputs(): boolean {
  return !!process.env[URL_ENV];
}

export function answerInput(expect: string, text: string): Promise<void> {
  const base = process.env[URL_ENV];
  if (!base) return Promise.reject(new Error('no UI driver: run the suite through test/e2e/run.mjs'));
  const url = `${base.replace(/\/screenshot$/, '/input')}?expect=${encodeURIComponent(expect)}&text=${encodeURIComponent(text)}`;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', timeout: TIMEOUT_MS }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { body += chunk; });
      response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`answering "${expect}": ${body}`))));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end();
  });
}
