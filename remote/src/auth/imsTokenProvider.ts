// Adobe IMS OAuth server-to-server tokens (client credentials). One token per credential is cached until
// shortly before it expires; concurrent callers share a single token request; a token the service rejected
// is dropped so the next caller fetches a new one.
import { ConfigError, ServiceError, type RequestContext } from '../http/errors';
import { readErrorBody } from '../http/errorBody';
import { checkEndpoint } from '../http/endpointPolicy';
import { registerSecret } from '../http/redact';
import type { HttpTransport } from '../http/transport';
import type { HttpResponse } from '../http/types';
import { backoffDelay, decideRetry, parseRetryAfter, type AttemptOutcome } from '../scheduler/retryPolicy';
import { raceWithSignal } from './raceWithSignal';

export const DEFAULT_IMS_URL = 'https://ims-na1.adobelogin.com';
export const IMS_TOKEN_PATH = '/ims/token/v3';

export interface ImsTokenProviderOptions {
  /** IMS origin, e.g. https://ims-na1.adobelogin.com (the token path is appended). */
  imsUrl: string;
  clientId: string;
  scopes: readonly string[];
  /** Read when a token is needed, never stored by the provider. */
  getClientSecret: () => Promise<string>;
  transport: HttpTransport;
  now?: () => number;
  /** Refresh this long before expiry (capped at a tenth of the token's lifetime). */
  refreshMarginMs?: number;
  timeoutMs?: number;
  /** Retries of the token request itself (429, 5xx, connection refused). */
  maxRetries?: number;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

interface TokenAnswer {
  access_token?: unknown;
  expires_in?: unknown;
}

export class ImsTokenProvider {
  private cached: CachedToken | undefined;
  private pending: Promise<CachedToken> | undefined;
  private requests = 0;
  private readonly tokenUrl: URL;
  private readonly now: () => number;

  constructor(private readonly options: ImsTokenProviderOptions) {
    const base = checkEndpoint(options.imsUrl, 'IMS URL');
    this.tokenUrl = new URL(`${base.pathname.replace(/\/+$/, '')}${IMS_TOKEN_PATH}`, base);
    this.now = options.now ?? Date.now;
  }

  /** Token requests sent so far (for tests). */
  get tokenRequests(): number {
    return this.requests;
  }

  /** A valid access token, from the cache or from IMS. */
  async getToken(signal?: AbortSignal): Promise<string> {
    if (this.cached && this.now() < this.cached.expiresAt) return this.cached.token;
    if (!this.pending) {
      // Not tied to one caller's signal: other callers may be waiting for the same answer.
      this.pending = this.fetchToken().finally(() => {
        this.pending = undefined;
      });
    }
    const fresh = await raceWithSignal(this.pending, signal, { service: 'ims', method: 'POST', path: IMS_TOKEN_PATH });
    return fresh.token;
  }

  /** Forget `token` if it is the cached one (a service answered 401 to it). */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async fetchToken(): Promise<CachedToken> {
    const secret = await this.options.getClientSecret();
    if (!secret) throw new ConfigError('No client secret is configured for the Adobe IMS credential.');
    registerSecret(secret);
    registerSecret(this.options.clientId);
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.options.clientId,
      client_secret: secret,
      scope: this.options.scopes.join(','),
    }).toString();
    const context: RequestContext = { service: 'ims', method: 'POST', path: IMS_TOKEN_PATH };
    const maxRetries = this.options.maxRetries ?? 2;

    for (let attempt = 1; ; attempt += 1) {
      this.requests += 1;
      let outcome: AttemptOutcome;
      try {
        outcome = {
          response: await this.options.transport.request({
            method: 'POST',
            url: this.tokenUrl,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body,
            service: 'ims',
            timeoutMs: this.options.timeoutMs,
            attempt,
          }),
        };
      } catch (error) {
        outcome = { error };
      }
      // Asking for a token twice is harmless, so the token request counts as idempotent.
      const decision = decideRetry(outcome, true);
      if (decision.retry && attempt <= maxRetries) {
        const retryAfter = 'response' in outcome ? parseRetryAfter(outcome.response.headers['retry-after']) : undefined;
        const delay = Math.min(retryAfter ?? backoffDelay(attempt - 1, { maxRetries, baseBackoffMs: 250, maxBackoffMs: 5_000, maxRetryAfterMs: 30_000 }), 30_000);
        await new Promise((resolve) => setTimeout(resolve, delay));
        continue;
      }
      if ('error' in outcome) throw outcome.error;
      return this.accept(outcome.response, { ...context, requestId: outcome.response.requestId }, attempt);
    }
  }

  private accept(response: HttpResponse, context: RequestContext, attempts: number): CachedToken {
    if (response.status !== 200) {
      const info = readErrorBody(response.text);
      throw new ServiceError({
        ...context,
        status: response.status,
        serviceMessage: info.message ? `the token request was refused (${info.message})` : 'the token request was refused',
        code: info.code,
        details: info.details,
        requestId: info.requestId ?? context.requestId,
        attempts,
      });
    }
    let answer: TokenAnswer;
    try {
      answer = JSON.parse(response.text) as TokenAnswer;
    } catch {
      throw new ServiceError({ ...context, status: response.status, serviceMessage: 'the token response is not JSON' });
    }
    if (typeof answer.access_token !== 'string' || !answer.access_token) {
      throw new ServiceError({ ...context, status: response.status, serviceMessage: 'the token response has no access_token' });
    }
    registerSecret(answer.access_token);
    const lifetimeMs = (typeof answer.expires_in === 'number' && answer.expires_in > 0 ? answer.expires_in : 3600) * 1000;
    const margin = Math.min(this.options.refreshMarginMs ?? 5 * 60_000, lifetimeMs / 10);
    this.cached = { token: answer.access_token, expiresAt: this.now() + lifetimeMs - margin };
    return this.cached;
  }
}
