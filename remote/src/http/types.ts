// Plain data exchanged between the transport, the scheduler and the API clients.
import type { RemoteErrorKind, ServiceName } from './errors';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export interface HttpRequest {
  method: HttpMethod;
  url: URL;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Whole-request deadline (connect + headers + body), overriding the transport default. */
  timeoutMs?: number;
  /** For error messages and the log. */
  service?: ServiceName;
  /** 1 for the first try; the scheduler numbers retries. */
  attempt?: number;
}

export interface HttpResponse {
  status: number;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  text: string;
  /** The server's `x-request-id`, else the one this client sent. */
  requestId: string;
  durationMs: number;
}

/** One line of the request log, already redacted. */
export interface RequestLogEntry {
  service?: ServiceName;
  method: HttpMethod;
  /** Path and query, redacted. */
  path: string;
  status?: number;
  durationMs: number;
  requestId: string;
  attempt: number;
  /** Set when the request failed without a status. */
  error?: { kind: RemoteErrorKind; message: string };
}

export type RequestLogger = (entry: RequestLogEntry) => void;
