// One JSON API call, end to end: URL building, auth headers, the organisation's scheduler (pacing, retries,
// one refresh on 401), the transport, JSON decoding, and turning an error status into a ServiceError with the
// service's own message. The four API clients are thin typed layers over this.
import type { Authenticator } from '../auth/authenticator';
import type { RequestScheduler } from '../scheduler/requestScheduler';
import { checkEndpoint } from './endpointPolicy';
import { readErrorBody } from './errorBody';
import { NetworkError, ServiceError, type RequestContext, type ServiceName } from './errors';
import { parseRetryAfter } from '../scheduler/retryPolicy';
import { redact } from './redact';
import type { HttpTransport } from './transport';
import type { HttpMethod, HttpResponse } from './types';

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined | null;

export interface CallOptions {
  method: HttpMethod;
  /** Relative to the service's base URL, starting with `/`. */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  json?: unknown;
  /** Defaults: GET, HEAD, PUT and DELETE are idempotent; POST and PATCH are not unless marked. */
  idempotent?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

export interface CallResult<T> {
  status: number;
  /** Decoded JSON body; undefined when the body was empty. */
  data: T | undefined;
  headers: Record<string, string>;
  requestId: string;
  attempts: number;
}

export interface ServiceCallerOptions {
  service: ServiceName;
  baseUrl: string | URL;
  transport: HttpTransport;
  scheduler: RequestScheduler;
  auth: Authenticator;
  /** Default whole-request deadline. */
  timeoutMs?: number;
}

const IDEMPOTENT_METHODS = new Set<HttpMethod>(['GET', 'HEAD', 'PUT', 'DELETE']);

/** Encodes a path segment (ids are user data). */
export function segment(value: string | number): string {
  return encodeURIComponent(String(value));
}

function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','));
    } else {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export class ServiceCaller {
  readonly service: ServiceName;
  readonly baseUrl: URL;

  constructor(private readonly options: ServiceCallerOptions) {
    this.service = options.service;
    this.baseUrl = checkEndpoint(options.baseUrl, 'base URL');
  }

  get scheduler(): RequestScheduler {
    return this.options.scheduler;
  }

  urlFor(path: string, query?: Record<string, QueryValue>): URL {
    const basePath = this.baseUrl.pathname.replace(/\/+$/, '');
    return new URL(`${basePath}${path}${buildQuery(query)}`, this.baseUrl.origin);
  }

  /** Sends the call; resolves for 2xx (and 207), throws a typed error otherwise. */
  async call<T>(options: CallOptions): Promise<CallResult<T>> {
    const url = this.urlFor(options.path, options.query);
    const idempotent = options.idempotent ?? IDEMPOTENT_METHODS.has(options.method);
    // Errors name the path without the query (expansions and filters make messages unreadable); the log has both.
    const context: RequestContext = { service: this.service, method: options.method, path: redact(url.pathname) };
    const body = options.json === undefined ? undefined : JSON.stringify(options.json);
    let usedAuth: Record<string, string> = {};

    const send = async (attempt: number): Promise<HttpResponse> => {
      usedAuth = await this.options.auth.headers(options.signal);
      const response = await this.options.transport.request({
        method: options.method,
        url,
        headers: {
          ...options.headers,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...usedAuth,
        },
        body,
        signal: options.signal,
        timeoutMs: options.timeoutMs ?? this.options.timeoutMs,
        service: this.service,
        attempt,
      });
      // A success whose body does not parse was cut off on the way: a transport failure, retried when safe.
      if (response.status >= 200 && response.status < 300 && response.text.trim() && !parseJson(response.text).ok) {
        throw new NetworkError('the response body was cut off or is not valid JSON', {
          ...context,
          requestId: response.requestId,
          code: 'BAD_BODY',
          requestSent: true,
        });
      }
      return response;
    };

    const { response, attempts } = await this.options.scheduler.run(send, {
      idempotent,
      signal: options.signal,
      context,
      onUnauthorized: () => this.options.auth.refreshAfterUnauthorized(usedAuth),
    });

    if (response.status >= 200 && response.status < 300) {
      const parsed = response.text.trim() ? parseJson(response.text) : undefined;
      return {
        status: response.status,
        data: parsed && parsed.ok ? (parsed.value as T) : undefined,
        headers: response.headers,
        requestId: response.requestId,
        attempts,
      };
    }
    // A retried DELETE that finds nothing: our earlier attempt deleted it.
    if (options.method === 'DELETE' && response.status === 404 && attempts > 1) {
      return { status: 204, data: undefined, headers: response.headers, requestId: response.requestId, attempts };
    }
    throw this.errorFor(response, context, attempts);
  }

  /** The ServiceError for an error response, with the service's own message and request id. */
  errorFor(response: HttpResponse, context: RequestContext, attempts?: number): ServiceError {
    const info = readErrorBody(response.text);
    return new ServiceError({
      ...context,
      status: response.status,
      serviceMessage: info.message,
      code: info.code,
      details: info.details,
      requestId: response.headers['x-request-id'] ?? info.requestId ?? response.requestId,
      retryAfterMs: parseRetryAfter(response.headers['retry-after']),
      attempts,
    });
  }
}
