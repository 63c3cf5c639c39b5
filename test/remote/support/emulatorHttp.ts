// Plain HTTP helpers for the emulator tests: they talk to the emulator the way any client would (undici `request`,
// no retries), so the tests see exactly what the server answers.
import { request } from 'undici';
import type { RunningEmulator } from '../../../emulator/src/index';

export const AEP_BASE = '/data/core/ups';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
}

export interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Send `body` as given (a string) instead of JSON-encoding it. */
  rawBody?: string;
}

export async function call(url: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  let body: string | undefined = options.rawBody;
  if (body === undefined && options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  const response = await request(url, { method: (options.method ?? 'GET') as 'GET', headers, body });
  const text = await response.body.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.statusCode, headers: response.headers, text, body: parsed };
}

export async function fetchToken(emulator: RunningEmulator, overrides: Record<string, string> = {}): Promise<Answer> {
  const { clientId, clientSecret, scopes } = emulator.credentials;
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: scopes, ...overrides });
  return call(`${emulator.url}/ims/token/v3`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    rawBody: form.toString(),
  });
}

/** A small authenticated client: one token, the documented headers for CJA and for AEP. */
export class EmulatorSession {
  private token: string | undefined;

  constructor(readonly emulator: RunningEmulator) {}

  async accessToken(): Promise<string> {
    if (this.token) return this.token;
    const answer = await fetchToken(this.emulator);
    if (answer.status !== 200) throw new Error(`token request failed: ${answer.status} ${answer.text}`);
    this.token = answer.body.access_token as string;
    return this.token;
  }

  async cjaHeaders(): Promise<Record<string, string>> {
    const { clientId, orgId } = this.emulator.credentials;
    return { authorization: `Bearer ${await this.accessToken()}`, 'x-api-key': clientId, 'x-gw-ims-org-id': orgId, accept: 'application/json' };
  }

  async aepHeaders(): Promise<Record<string, string>> {
    return { ...(await this.cjaHeaders()), 'x-sandbox-name': this.emulator.credentials.sandbox };
  }

  async cja(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Answer> {
    return call(`${this.emulator.url}${path}`, { method, body, headers: { ...(await this.cjaHeaders()), ...extraHeaders } });
  }

  async aep(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Answer> {
    return call(`${this.emulator.url}${AEP_BASE}${path}`, { method, body, headers: { ...(await this.aepHeaders()), ...extraHeaders } });
  }
}

/** Polls `check` every `intervalMs` until it returns a value, at most `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 10): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; attempt < 100_000; attempt++) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

export const VALID_DEFINITION = {
  func: 'segment',
  version: [1, 0, 0],
  container: {
    func: 'container',
    context: 'hits',
    pred: { func: 'streq', str: 'Home', val: { func: 'attr', name: 'variables/page' } },
  },
};
