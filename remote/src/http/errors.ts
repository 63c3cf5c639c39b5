// Typed errors of the remote layer. Messages are redacted when the error is built, and `toJSON()` redacts
// again, so neither `String(error)`, `error.message` nor `JSON.stringify(error)` can carry a secret.
// Raw causes (undici errors, response bodies) are never kept: only their redacted text and codes.
import { redact } from './redact';

export type ServiceName = 'cja' | 'aep' | 'unleash' | 'ims';

export const SERVICE_LABELS: Record<ServiceName, string> = {
  cja: 'CJA',
  aep: 'AEP',
  unleash: 'Unleash',
  ims: 'Adobe IMS',
};

export interface RequestContext {
  service?: ServiceName;
  method?: string;
  /** Path and query of the request, redacted. */
  path?: string;
  requestId?: string;
}

export type RemoteErrorKind = 'service' | 'network' | 'timeout' | 'cancelled' | 'config';

export abstract class RemoteError extends Error {
  abstract readonly kind: RemoteErrorKind;
  readonly service?: ServiceName;
  readonly method?: string;
  readonly path?: string;
  readonly requestId?: string;

  protected constructor(name: string, message: string, context: RequestContext = {}) {
    super(redact(message));
    // Set explicitly: minified bundles rename classes.
    this.name = name;
    this.service = context.service;
    this.method = context.method;
    this.path = context.path === undefined ? undefined : redact(context.path);
    this.requestId = context.requestId;
  }

  /** Extra fields for `toJSON()`; subclasses add their own. */
  protected details(): Record<string, unknown> {
    return {};
  }

  toJSON(): Record<string, unknown> {
    return redact({
      name: this.name,
      kind: this.kind,
      message: this.message,
      service: this.service,
      method: this.method,
      path: this.path,
      requestId: this.requestId,
      ...this.details(),
    });
  }
}

function where(context: RequestContext): string {
  const parts: string[] = [];
  if (context.method && context.path) parts.push(`${context.method} ${context.path}`);
  if (context.requestId) parts.push(`request id ${context.requestId}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function serviceLabel(service: ServiceName | undefined): string {
  return service ? SERVICE_LABELS[service] : 'The service';
}

export interface ServiceErrorInit extends RequestContext {
  status: number;
  /** The service's own message, extracted from its error body; undefined when the body said nothing. */
  serviceMessage?: string;
  /** The service's own error code (`error_code`, `errorCode`, `title`, `name`, ...). */
  code?: string;
  /** Further messages (validation details), in the service's order. */
  details?: string[];
  retryAfterMs?: number;
  /** Number of attempts made, when retries happened. */
  attempts?: number;
  /** Replaces the generated message, e.g. to explain an Unleash 409 with an empty body. */
  message?: string;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The service answered with an error status. */
export class ServiceError extends RemoteError {
  readonly kind = 'service' as const;
  readonly status: number;
  readonly serviceMessage?: string;
  readonly code?: string;
  readonly detailMessages: string[];
  readonly retryAfterMs?: number;
  readonly attempts?: number;

  constructor(init: ServiceErrorInit) {
    super('ServiceError', init.message ?? ServiceError.describe(init), init);
    this.status = init.status;
    this.serviceMessage = init.serviceMessage === undefined ? undefined : redact(init.serviceMessage);
    this.code = init.code === undefined ? undefined : redact(init.code);
    this.detailMessages = (init.details ?? []).map((d) => redact(d));
    this.retryAfterMs = init.retryAfterMs;
    this.attempts = init.attempts;
  }

  private static describe(init: ServiceErrorInit): string {
    const statusText = STATUS_TEXT[init.status] ?? 'Error';
    const said = init.serviceMessage ? `: ${init.serviceMessage}` : '';
    const details = init.details?.length ? ` [${init.details.join('; ')}]` : '';
    const tries = init.attempts && init.attempts > 1 ? ` after ${init.attempts} attempts` : '';
    return `${serviceLabel(init.service)} answered ${init.status} ${statusText}${said}${details}${tries}${where(init)}`;
  }

  protected override details(): Record<string, unknown> {
    return {
      status: this.status,
      serviceMessage: this.serviceMessage,
      code: this.code,
      details: this.detailMessages,
      retryAfterMs: this.retryAfterMs,
      attempts: this.attempts,
    };
  }
}

export interface TransportFailureInit extends RequestContext {
  /** The underlying error code (ECONNREFUSED, UND_ERR_SOCKET, ...). */
  code?: string;
  /**
   * False only when the request certainly never reached the server (connection refused, DNS failure,
   * connect timeout): then even a non-idempotent request may be retried safely.
   */
  requestSent: boolean;
  attempts?: number;
}

/** The connection failed or the response was cut off. */
export class NetworkError extends RemoteError {
  readonly kind = 'network' as const;
  readonly code?: string;
  readonly requestSent: boolean;
  readonly attempts?: number;

  private readonly reason: string;
  private readonly init: TransportFailureInit;

  constructor(reason: string, init: TransportFailureInit) {
    const outcome = init.requestSent
      ? init.method && !['GET', 'HEAD'].includes(init.method)
        ? ' The server may or may not have applied the change; check before retrying.'
        : ''
      : ' The request never reached the server.';
    const tries = init.attempts && init.attempts > 1 ? ` after ${init.attempts} attempts` : '';
    super('NetworkError', `Network error talking to ${serviceLabel(init.service)}: ${reason}${tries}${where(init)}.${outcome}`, init);
    this.reason = redact(reason);
    this.init = init;
    this.code = init.code;
    this.requestSent = init.requestSent;
    this.attempts = init.attempts;
  }

  /** The same failure, reported after `attempts` tries. */
  withAttempts(attempts: number): NetworkError {
    return attempts > 1 ? new NetworkError(this.reason, { ...this.init, attempts }) : this;
  }

  protected override details(): Record<string, unknown> {
    return { code: this.code, requestSent: this.requestSent, attempts: this.attempts };
  }
}

export type TimeoutPhase = 'connect' | 'headers' | 'body' | 'total';

/** No answer in time. */
export class TimeoutError extends RemoteError {
  readonly kind = 'timeout' as const;
  readonly code?: string;
  readonly phase: TimeoutPhase;
  readonly timeoutMs?: number;
  readonly requestSent: boolean;
  readonly attempts?: number;

  private readonly init: TransportFailureInit & { timeoutMs?: number };

  constructor(phase: TimeoutPhase, init: TransportFailureInit & { timeoutMs?: number }) {
    const limit = init.timeoutMs !== undefined ? ` after ${init.timeoutMs} ms` : '';
    const what = phase === 'connect' ? 'could not connect' : phase === 'body' ? 'stopped sending its answer' : 'did not answer';
    const tries = init.attempts && init.attempts > 1 ? ` (${init.attempts} attempts)` : '';
    super('TimeoutError', `${serviceLabel(init.service)} ${what}${limit}${tries}${where(init)}.`, init);
    this.phase = phase;
    this.init = init;
    this.code = init.code;
    this.timeoutMs = init.timeoutMs;
    this.requestSent = init.requestSent;
    this.attempts = init.attempts;
  }

  /** The same failure, reported after `attempts` tries. */
  withAttempts(attempts: number): TimeoutError {
    return attempts > 1 ? new TimeoutError(this.phase, { ...this.init, attempts }) : this;
  }

  protected override details(): Record<string, unknown> {
    return { phase: this.phase, timeoutMs: this.timeoutMs, requestSent: this.requestSent, attempts: this.attempts };
  }
}

/** The caller cancelled (an AbortSignal fired) before the request finished. */
export class CancelledError extends RemoteError {
  readonly kind = 'cancelled' as const;

  constructor(context: RequestContext = {}, message = 'Request cancelled') {
    super('CancelledError', `${message}${where(context)}.`, context);
  }
}

/** The connection configuration is unusable (bad URL, missing secret, read-only connection, ...). */
export class ConfigError extends RemoteError {
  readonly kind = 'config' as const;

  constructor(message: string, context: RequestContext = {}) {
    super('ConfigError', message, context);
  }
}

export function isRemoteError(error: unknown): error is RemoteError {
  return error instanceof RemoteError;
}

/** A redacted one-line description of any thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return redact(error.message);
  return redact(String(error));
}
