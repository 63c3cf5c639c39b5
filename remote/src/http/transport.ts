// The one HTTP transport: undici, one connection pool per origin (connection reuse), connect/headers/body
// timeouts plus a whole-request deadline, AbortSignal cancellation, typed errors and a redacted request log.
// It never throws for an HTTP status: deciding what a status means is the caller's job.
import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import { checkEndpoint } from './endpointPolicy';
import { CancelledError, NetworkError, RemoteError, TimeoutError, type RequestContext } from './errors';
import { redact } from './redact';
import type { HttpRequest, HttpResponse, RequestLogEntry, RequestLogger } from './types';

export interface TransportOptions {
  /** TCP/TLS connect timeout. */
  connectTimeoutMs?: number;
  /** Time to wait for the response headers (adobe.io gives up after 60 s). */
  headersTimeoutMs?: number;
  /** Longest silence while the body streams in. */
  bodyTimeoutMs?: number;
  /** Deadline for the whole request, body included. */
  requestTimeoutMs?: number;
  /** Bodies beyond this size are refused rather than buffered. */
  maxResponseBytes?: number;
  /** Sockets per origin; the scheduler keeps concurrency lower than this anyway. */
  connectionsPerOrigin?: number;
  onLog?: RequestLogger;
  userAgent?: string;
}

const DEFAULTS = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 60_000,
  bodyTimeoutMs: 60_000,
  requestTimeoutMs: 90_000,
  maxResponseBytes: 32 * 1024 * 1024,
  connectionsPerOrigin: 8,
  userAgent: 'segment-workbench',
};

/** Error codes meaning the request never left this machine, so a retry cannot duplicate anything. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const withCode = error as { code?: unknown; errors?: unknown[] };
  if (typeof withCode.code === 'string') return withCode.code;
  // Happy-eyeballs connects fail with an AggregateError holding one error per address.
  if (Array.isArray(withCode.errors)) {
    for (const inner of withCode.errors) {
      const code = errorCode(inner);
      if (code) return code;
    }
  }
  return undefined;
}

function toTypedError(error: unknown, context: RequestContext, timeouts: { connect: number; headers: number; body: number }): RemoteError {
  if (error instanceof RemoteError) return error;
  const code = errorCode(error);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new TimeoutError('connect', { ...context, code, requestSent: false, timeoutMs: timeouts.connect });
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new TimeoutError('headers', { ...context, code, requestSent: true, timeoutMs: timeouts.headers });
    case 'UND_ERR_BODY_TIMEOUT':
      return new TimeoutError('body', { ...context, code, requestSent: true, timeoutMs: timeouts.body });
  }
  const reason = error instanceof Error ? error.message || code || error.name : String(error);
  const requestSent = !(code && NOT_SENT_CODES.has(code));
  return new NetworkError(code && !reason.includes(code) ? `${reason} (${code})` : reason, { ...context, code, requestSent });
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export class HttpTransport {
  private readonly options: Required<Omit<TransportOptions, 'onLog'>>;
  private readonly pools = new Map<string, Pool>();
  private readonly loggers = new Set<RequestLogger>();
  private closed = false;

  constructor(options: TransportOptions = {}) {
    const { onLog, ...rest } = options;
    this.options = { ...DEFAULTS, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) };
    if (onLog) this.loggers.add(onLog);
  }

  /** Adds a request-log listener; returns a function that removes it. */
  addLogger(logger: RequestLogger): () => void {
    this.loggers.add(logger);
    return () => this.loggers.delete(logger);
  }

  private poolFor(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: this.options.connectionsPerOrigin,
        connectTimeout: this.options.connectTimeoutMs,
        headersTimeout: this.options.headersTimeoutMs,
        bodyTimeout: this.options.bodyTimeoutMs,
        keepAliveTimeout: 4_000,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  private log(entry: RequestLogEntry): void {
    for (const logger of this.loggers) {
      try {
        logger(entry);
      } catch {
        // A broken log listener must not break requests.
      }
    }
  }

  async request(request: HttpRequest): Promise<HttpResponse> {
    if (this.closed) throw new NetworkError('the transport is closed', { service: request.service, requestSent: false });
    const url = checkEndpoint(request.url, 'request URL');
    const pathAndQuery = `${url.pathname}${url.search}`;
    const requestId = request.headers?.['x-request-id'] ?? randomUUID();
    // Error messages name the path; the log line also shows the query.
    const context: RequestContext = { service: request.service, method: request.method, path: redact(url.pathname), requestId };
    const logPath = redact(pathAndQuery);
    const timeoutMs = request.timeoutMs ?? this.options.requestTimeoutMs;
    const started = performance.now();
    const attempt = request.attempt ?? 1;

    const controller = new AbortController();
    const onCallerAbort = (): void => controller.abort(new CancelledError(context));
    if (request.signal?.aborted) throw new CancelledError(context);
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const deadline = setTimeout(
      () => controller.abort(new TimeoutError('total', { ...context, requestSent: true, timeoutMs })),
      timeoutMs,
    );

    try {
      const response = await this.poolFor(url.origin).request({
        path: pathAndQuery,
        method: request.method,
        headers: {
          'user-agent': this.options.userAgent,
          accept: 'application/json',
          ...request.headers,
          'x-request-id': requestId,
        },
        body: request.body,
        signal: controller.signal,
      });
      const text = await this.readBody(response.body, context);
      const headers = flattenHeaders(response.headers);
      const result: HttpResponse = {
        status: response.statusCode,
        headers,
        text,
        requestId: headers['x-request-id'] ?? requestId,
        durationMs: performance.now() - started,
      };
      this.log({ ...context, method: request.method, path: logPath, status: result.status, durationMs: result.durationMs, requestId: result.requestId, attempt });
      return result;
    } catch (error) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
      const typed = toTypedError(reason, context, {
        connect: this.options.connectTimeoutMs,
        headers: this.options.headersTimeoutMs,
        body: this.options.bodyTimeoutMs,
      });
      this.log({
        ...context,
        method: request.method,
        path: logPath,
        durationMs: performance.now() - started,
        requestId,
        attempt,
        error: { kind: typed.kind, message: typed.message },
      });
      throw typed;
    } finally {
      clearTimeout(deadline);
      request.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private async readBody(body: AsyncIterable<Buffer> & { destroy(error?: Error): unknown }, context: RequestContext): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += chunk.length;
      if (size > this.options.maxResponseBytes) {
        const error = new NetworkError(`the response is larger than ${this.options.maxResponseBytes} bytes`, { ...context, requestSent: true });
        body.destroy(error);
        throw error;
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Closes every pooled connection; later requests fail. */
  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close().catch(() => pool.destroy())));
  }
}
